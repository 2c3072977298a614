import Identifiers
import LeakTraceCore
import Testing

/// One expected phone outcome from spec §12.3.
struct PhoneCase: Sendable, CustomTestStringConvertible {
    var row: Int
    var input: String
    var column: IdentifierType?
    var referenceYear: Int
    var verdict: Verdict
    var canonical: String?
    var type: IdentifierType?
    var kind: String?
    var countryCode: String?
    var originalOperator: String?
    var note: String?

    init(_ row: Int, _ input: String, column: IdentifierType? = nil, year: Int = 2014, _ verdict: Verdict, _ canonical: String? = nil, type: IdentifierType? = nil, kind: String? = nil, countryCode: String? = nil, originalOperator: String? = nil, note: String? = nil) {
        self.row = row
        self.input = input
        self.column = column
        self.referenceYear = year
        self.verdict = verdict
        self.canonical = canonical
        self.type = type
        self.kind = kind
        self.countryCode = countryCode
        self.originalOperator = originalOperator
        self.note = note
    }

    var testDescription: String { "row \(row)" }
}

@Suite("Phone (spec §12.3, §4.7, §4.9)")
struct PhoneTests {
    static let rows: [PhoneCase] = [
        PhoneCase(40, "012-345 6789", .valid, "+60123456789", type: .phoneMobile, kind: "mobile", originalOperator: "Maxis"),
        PhoneCase(41, "+60 (0)12-345 6789", .validWarn, "+60123456789", note: "trunk 0 after country code"),
        PhoneCase(42, "+600123456789", .validWarn, "+60123456789", note: "trunk 0 after country code"),
        PhoneCase(43, "0060123456789", .valid, "+60123456789"),
        PhoneCase(44, "011-2345 6789", .valid, "+601123456789", type: .phoneMobile, kind: "mobile"),
        PhoneCase(45, "011-234 5678", .invalid),
        PhoneCase(46, "013-012 3456", .invalid),
        PhoneCase(47, "019-2345 6789", .valid, "+601923456789", kind: "mobile", originalOperator: "Celcom"),
        PhoneCase(48, "015-4601 2345", .valid, "+601546012345", type: .phoneMobile, kind: "voip"),
        PhoneCase(49, "0159 123 4567", .valid, "+601591234567", kind: "mobile"),
        PhoneCase(50, "03-2385 6789", .valid, "+60323856789", type: .phoneFixed, kind: "fixed"),
        PhoneCase(51, "03-385 6789", .invalid),
        PhoneCase(52, "082-234 567", .valid, "+6082234567", type: .phoneFixed, kind: "fixed"),
        PhoneCase(53, "082-2345678", .invalid),
        PhoneCase(54, "1-300-88-1234", .notPII, nil, kind: "tollFree", note: "toll-free"),
        PhoneCase(55, "123456789", column: .phoneMobile, .validWarn, "+60123456789", note: "trunk 0 restored"),
        PhoneCase(56, "123456789", .invalid),
        PhoneCase(57, "6012345678", column: .phoneMobile, .invalid, note: "truncated MSISDN"),
        PhoneCase(58, "02-6234 5678", year: 2014, .validWarn, "+6562345678", countryCode: "65", note: "Singapore via 02"),
        PhoneCase(59, "02-6234 5678", year: 2020, .invalid),
        PhoneCase(61, "Order 20240123456789", .invalid),
        PhoneCase(62, "+65 9123 4567", .valid, "+6591234567", type: .phoneMobile, countryCode: "65", note: "non-MY"),
        PhoneCase(63, "6.01123E+11", column: .phoneMobile, .mangled),
    ]

    @Test("§12.3 rows", arguments: rows)
    func row(_ c: PhoneCase) throws {
        let reference = try #require(CivilDate(year: c.referenceYear, month: 7, day: 31))
        let d = Phone.detect(c.input, context: CellContext(columnType: c.column, referenceDate: reference))
        #expect(d.verdict == c.verdict)
        #expect(d.canonical == c.canonical)
        if let type = c.type { #expect(d.type == type) }
        if let kind = c.kind { #expect(d.facts.phoneKind == kind) }
        #expect(d.facts.countryCode == c.countryCode)
        if let op = c.originalOperator { #expect(d.facts.originalOperator == op) }
        if let note = c.note { #expect(d.notes.contains(note)) }
        for note in d.notes { #expect(!NoteCheck.carriesValue(note), "notes never carry the value") }
    }

    @Test("row 60: two numbers in one cell")
    func twoNumbers() {
        let found = Phone.detectAll("03 2385 6789 / 012-345 6789")
        #expect(found.map(\.verdict) == [.valid, .valid])
        #expect(found.map(\.canonical) == ["+60323856789", "+60123456789"])
        #expect(Phone.detect("03 2385 6789 / 012-345 6789").canonical == "+60323856789")
    }

    @Test("splitting", arguments: [
        ("012-345 6789, 03-2385 6789", 2),
        ("012-345 6789; 03-2385 6789", 2),
        ("012-345 6789 & 03-2385 6789", 2),
        ("012-345 6789 atau 03-2385 6789", 2),
        ("012-345 6789 or 03-2385 6789", 2),
        ("012/345 6789", 1),
        ("012-345 6789", 1),
    ])
    func splitting(_ text: String, _ count: Int) {
        #expect(Phone.split(text).count == count)
        #expect(Phone.detectAll(text).allSatisfy { $0.verdict == .valid })
    }

    @Test("extensions are stripped", arguments: ["03-2385 6789 ext 123", "03-2385 6789 x12", "03-2385 6789 samb. 45", "03-2385 6789 sambungan 7"])
    func extensions(_ text: String) {
        #expect(Phone.detect(text).canonical == "+60323856789")
        #expect(Phone.parse(text)?.phoneExtension != nil)
    }

    static let spellings = [
        "012-345 6789", "012-3456789", "0123456789", "012 345 6789", "+60 12-345 6789", "+6012-3456789",
        "+60123456789", "60123456789", "60 12 345 6789", "0060123456789", "+60 (0)12-345 6789",
        "(012) 345 6789", "tel:+60123456789",
    ]

    @Test("§4.7 spellings are all the same number", arguments: spellings)
    func spelling(_ text: String) {
        let d = Phone.detect(text)
        #expect(d.verdict.isValid)
        #expect(d.canonical == "+60123456789")
        #expect(d.type == .phoneMobile)
    }

    @Test("§4.7: the bare NSN only in a phone-typed column")
    func bareNSN() {
        #expect(Phone.detect("123456789", context: CellContext(columnType: .phoneMobile)).canonical == "+60123456789")
        #expect(Phone.detect("123456789", context: CellContext(columnType: .phoneFixed)).canonical == "+60123456789")
        #expect(Phone.detect("123456789").verdict == .invalid)
    }

    @Test("§4.9: 02-Singapore on both sides of 2017-07-01", arguments: [
        (2017, 6, 30, Verdict.validWarn),
        (2017, 7, 1, Verdict.invalid),
        (2012, 1, 1, Verdict.validWarn),
        (2018, 1, 1, Verdict.invalid),
    ])
    func singapore02(_ y: Int, _ m: Int, _ d: Int, _ verdict: Verdict) throws {
        let reference = try #require(CivilDate(year: y, month: m, day: d))
        let detection = Phone.detect("02-8123 4567", context: CellContext(referenceDate: reference))
        #expect(detection.verdict == verdict)
        if verdict == .validWarn { #expect(detection.canonical == "+6581234567") }
    }

    @Test("§4.9: 080 + Brunei")
    func brunei() {
        let d = Phone.detect("080-223 4567")
        #expect(d.verdict == .validWarn)
        #expect(d.canonical == "+6732234567")
        #expect(d.facts.countryCode == "673")
    }

    @Test("§4.10: non-personal numbers", arguments: ["1-800-88-1234", "1300881234", "1-700-81-1234", "1-600-22-3456", "999", "112", "+60 1300 88 1234"])
    func notPII(_ text: String) {
        #expect(Phone.detect(text).verdict == .notPII)
    }

    @Test("output forms (§4.6 step 5)", arguments: [
        ("012-3456789", "012-345 6789", "60123456789"),
        ("01123456789", "011-2345 6789", "601123456789"),
        ("0323856789", "03-2385 6789", "60323856789"),
        ("042221234", "04-222 1234", "6042221234"),
        ("082234567", "082-234 567", "6082234567"),
        ("1300881234", "1-300-88-1234", "601300881234"),
    ])
    func forms(_ text: String, _ national: String, _ msisdn: String) throws {
        let parsed = try #require(Phone.parse(text))
        #expect(parsed.nationalDisplay == national)
        #expect(parsed.msisdn == msisdn)
        #expect(parsed.e164 == "+" + msisdn)
    }

    @Test("landline coverage")
    func coverage() {
        #expect(PhoneMetadata.areaCoverage(ofNSN: "323856789")?.contains("Kuala Lumpur") == true)
        #expect(PhoneMetadata.areaCoverage(ofNSN: "82234567")?.contains("Kuching") == true)
        #expect(Phone.detect("082-234 567").facts.stateCode == "13")
    }

    @Test("foreign numbers", arguments: [
        ("+65 6123 4567", Verdict.valid, "65"),
        ("+65 1234 5678", Verdict.invalid, nil),
        ("+65 9123 456", Verdict.invalid, nil),
        ("0062 812 3456 7890", Verdict.valid, "62"),
        ("+44 20 7946 0958", Verdict.valid, "44"),
        ("+1 415 555 2671", Verdict.valid, "1"),
    ] as [(String, Verdict, String?)])
    func foreign(_ text: String, _ verdict: Verdict, _ cc: String?) {
        let d = Phone.detect(text)
        #expect(d.verdict == verdict)
        #expect(d.facts.countryCode == cc)
    }

    @Test("the pinned patterns compile and match their own examples")
    func patterns() {
        #expect(PhoneMetadata.mobile.matches("123456789"))
        #expect(PhoneMetadata.fixedLine.matches("323856789"))
        #expect(!PhoneMetadata.fixedLine.matches("33856789"))
        #expect(PhoneMetadata.voip.matches("1546012345"))
        #expect(PhoneMetadata.tollFree.matches("1300881234"))
        #expect(PhoneMetadata.premiumRate.matches("1600223456"))
        #expect(PhoneMetadata.superset.matches("1923456789"))
        #expect(!PhoneMetadata.superset.matches("2123456789"))
        #expect(PhoneMetadata.dataVersions["phone"]?.contains("9.0.43") == true)
    }

    @Test("DigitPattern syntax", arguments: [
        ("1(?:2|3[0-2])\\d{2}", "13111", true),
        ("1(?:2|3[0-2])\\d{2}", "1331", false),
        ("[0-36-9]{2,3}", "96", true),
        ("[0-36-9]{2,3}", "95", false),
        ("[0-36-9]{2,3}", "954", false),
        ("(?:12|1)2", "122", true),
        ("(?:1|12)2", "122", true),
        ("9\\d{7,8}", "912345678", true),
        ("9\\d{7,8}", "9123456", false),
    ])
    func digitPattern(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(DigitPattern(pattern).matches(input) == expected)
    }
}

/// Notes may name fixed codes from the spec ("Singapore via 02") but never a run of the value.
enum NoteCheck {
    static func carriesValue(_ note: String) -> Bool {
        var run = 0
        for scalar in note.unicodeScalars {
            run = ("0"..."9").contains(scalar) ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }
}
