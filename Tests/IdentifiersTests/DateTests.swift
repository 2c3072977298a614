import Identifiers
import LeakTraceCore
import Testing

@Suite("Dates (spec §8.7)")
struct DateTests {
    static let parsed: [(String, String)] = [
        ("31/12/1985", "1985-12-31"), ("01-02-1990", "1990-02-01"), ("1990-02-01", "1990-02-01"), ("15.08.1975", "1975-08-15"),
        ("29/02/2000", "2000-02-29"), ("29-02-1996", "1996-02-29"),
        ("12 Januari 1980", "1980-01-12"), ("3 Mac 1999", "1999-03-03"), ("7 Mei 2001", "2001-05-07"), ("1 Julai 1964", "1964-07-01"),
        ("31 Ogos 1957", "1957-08-31"), ("9 Ogs 1990", "1990-08-09"), ("16 Disember 1970", "1970-12-16"), ("5 Okt 1988", "1988-10-05"),
        ("10 Dis 1991", "1991-12-10"), ("12 January 1980", "1980-01-12"), ("12-Jan-1980", "1980-01-12"), ("1 Sept 2010", "2010-09-01"),
        ("May 5, 1990", "1990-05-05"), ("2014-07-31 13:45:09", "2014-07-31"), ("2014-05-02T08:00:00Z", "2014-05-02"),
        ("2014-05-02T08:00:00.123+08:00", "2014-05-02"), ("1985/12/31", "1985-12-31"),
    ]

    @Test("formats", arguments: parsed)
    func format(_ text: String, _ iso: String) throws {
        let date = try #require(DateValue.parse(text))
        #expect(date.description == iso)
    }

    @Test("rejected", arguments: [
        "29/02/1900", "29/02/2001", "30/02/2000", "31/04/1990", "00/01/1990", "32/01/1990", "12/13/1990",
        "2014-13-01", "2014-07-31 25:00:00", "2014-07-31X", "12 Foo 1990", "31 Jun 1990", "hello", "", "12/12/90",
        "19850131", "31000",
    ])
    func rejected(_ text: String) {
        #expect(DateValue.parse(text) == nil)
    }

    @Test func compactAndSerialOnlyInTypedColumns() {
        #expect(DateValue.parse("19850131", typedColumn: true)?.description == "1985-01-31")
        #expect(DateValue.parse("32874", typedColumn: true)?.description == "1990-01-01")
        #expect(DateValue.parse("32874.0", typedColumn: true)?.description == "1990-01-01")
        #expect(DateValue.parse("32874") == nil)
        let d = DateValue.detect("32874", context: CellContext(columnType: .birthDate))
        #expect(d.type == .birthDate)
        #expect(d.verdict == .valid)
        #expect(d.facts.birthDate == CivilDate(year: 1990, month: 1, day: 1))
        #expect(DateValue.detect("32874").verdict == .invalid)
    }

    @Test func columnOrderNeverAssumesMonthFirst() {
        #expect(DateValue.columnOrder(["01/02/1990", "13/02/1990", "05/06/1990"]) == .dayMonth)
        #expect(DateValue.columnOrder(["01/02/1990", "05/06/1990"]) == .dayMonth)
        #expect(DateValue.columnOrder(["02/13/1990", "05/06/1990"]) == .monthDay)
        #expect(DateValue.parse("02/13/1990", order: .monthDay)?.description == "1990-02-13")
        #expect(DateValue.parse("01/02/1990")?.description == "1990-02-01")
    }

    @Test func detectIsoCanonical() {
        let d = DateValue.detect("31/12/1985")
        #expect(d.type == .date)
        #expect(d.canonical == "1985-12-31")
    }
}
