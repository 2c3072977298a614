import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// `ReaderOptions.maxColumns`: a record wider than the limit is a `record-too-wide` bad record,
/// skipped with its line and byte offset; the message names the limit and the option, never a value.
@Suite struct WideRecordTests {
    static func options(maxColumns: Int, chunkBytes: Int = 4 << 20, format: DumpFormat? = nil) -> ReaderOptions {
        var options = ReaderOptions(format: format, chunkBytes: chunkBytes)
        options.maxColumns = maxColumns
        return options
    }

    @Test func defaultLimitIs4096() {
        #expect(ReaderOptions().maxColumns == 4096)
    }

    /// Every chunk size cuts the wide record somewhere else: one warning, the same records.
    @Test(arguments: [1, 2, 3, 5, 7, 16, 4 << 20])
    func csvRecordWithMoreFieldsThanTheLimitIsSkipped(chunk: Int) throws {
        let text = "a,b,c\n1,2,3\n1,2,3,4\n5,6,7\n"
        let (records, lines, reader) = try readAll(temporaryFile(text), options: WideRecordTests.options(maxColumns: 3, chunkBytes: chunk))
        #expect(records == [["a", "b", "c"], ["1", "2", "3"], ["5", "6", "7"]])
        #expect(lines == [1, 2, 4])
        #expect(reader.warnings.byKind == ["record-too-wide": 1])
        let warning = try #require(reader.warnings.examples.first)
        #expect(warning == ReadWarning(
            kind: "record-too-wide", line: 3, byteOffset: 12,
            message: "record has more than 3 fields; expected at most 3 fields (--max-columns, ReaderOptions.maxColumns); skipped"
        ))
        #expect(warning.isBadRecord)
    }

    @Test func tsvRecordWithMoreFieldsThanTheLimitIsSkipped() throws {
        let text = "a\tb\n1\t2\n3\t4\t5\n6\t7"
        let (records, _, reader) = try readAll(temporaryFile(text), options: WideRecordTests.options(maxColumns: 2))
        #expect(reader.input.format == .tsv)
        #expect(records == [["a", "b"], ["1", "2"], ["6", "7"]])
        #expect(reader.warnings.examples == [ReadWarning(
            kind: "record-too-wide", line: 3, byteOffset: 8,
            message: "record has more than 2 fields; expected at most 2 fields (--max-columns, ReaderOptions.maxColumns); skipped"
        )])
    }

    /// Empty fields count: a line of commas is as wide as its fields, and fields past the limit
    /// are never recorded. A quoted field holding delimiters is one field.
    @Test func emptyAndQuotedFields() throws {
        let text = "a,b\n" + String(repeating: ",", count: 100_000) + "\n\"x,y,z\",2\n,\n"
        let (records, _, reader) = try readAll(temporaryFile(text), options: WideRecordTests.options(maxColumns: 2, format: .csv))
        #expect(records == [["a", "b"], ["x,y,z", "2"], ["", ""]])
        #expect(reader.warnings.byKind == ["record-too-wide": 1])
        #expect(reader.warnings.examples.first?.line == 2)
        #expect(reader.warnings.examples.first?.byteOffset == 4)
    }

    /// The last record, cut by the end of the file inside a quote, is too wide too.
    @Test func unterminatedWideRecordAtTheEnd() throws {
        let (records, _, reader) = try readAll(temporaryFile("a,b\n1,2,\"open"), options: WideRecordTests.options(maxColumns: 2))
        #expect(records == [["a", "b"]])
        #expect(reader.warnings.byKind == ["record-too-wide": 1, "unterminated-quote": 1])
    }

    @Test func ndjsonLineWithTooManyValuesOrANewPathPastTheLimit() throws {
        let text = [
            #"{"a":1,"b":[2]}"#,  // offset 0
            #"{"c":3,"d":4}"#,  // offset 16: c is the 3rd path, d would be the 4th
            #"{"a":5,"c":6}"#,  // offset 30: c is the 3rd path now
            #"{"b":[1,2,3,4]}"#,  // offset 44: 4 values
            #"{"b":[7]}"#,
        ].joined(separator: "\n") + "\n"
        let (records, lines, reader) = try readAll(temporaryFile(text), options: WideRecordTests.options(maxColumns: 3))
        #expect(reader.input.format == .ndjson)
        #expect(records == [["1", "2"], ["5", "6"], ["7"]])
        #expect(lines == [1, 3, 5])
        // The skipped line left no column behind: `c` is the third path because line 3 added it.
        #expect(reader.discoveredColumns == ["a", "b[]", "c"])
        #expect(reader.warnings.examples == [
            ReadWarning(
                kind: "record-too-wide", line: 2, byteOffset: 16,
                message: "record adds a column path beyond the first 3 of the input; expected at most 3 distinct column paths (--max-columns, ReaderOptions.maxColumns); line skipped"
            ),
            ReadWarning(
                kind: "record-too-wide", line: 4, byteOffset: 44,
                message: "record has more than 3 fields; expected at most 3 fields (--max-columns, ReaderOptions.maxColumns); line skipped"
            ),
        ])
    }

    @Test func jsonArrayElementPastTheLimitIsSkipped() throws {
        let text = "[\n{\"a\":1,\"b\":2},\n{\"c\":3},\n{\"a\":4}\n]\n"
        let (records, _, reader) = try readAll(temporaryFile(text), options: WideRecordTests.options(maxColumns: 2))
        #expect(reader.input.format == .json)
        #expect(records == [["1", "2"], ["4"]])
        #expect(reader.warnings.examples == [ReadWarning(
            kind: "record-too-wide", line: 3, byteOffset: 17,
            message: "record adds a column path beyond the first 2 of the input; expected at most 2 distinct column paths (--max-columns, ReaderOptions.maxColumns); element skipped"
        )])
    }

    @Test func sqlRowWithMoreValuesThanTheLimitIsSkipped() throws {
        let text = "INSERT INTO `t` VALUES (1,2),(1,2,3),(4,5);\n"
        let (records, _, reader) = try readAll(temporaryFile(text), options: WideRecordTests.options(maxColumns: 2))
        #expect(reader.input.format == .mysqldump)
        #expect(records == [["1", "2"], ["4", "5"]])
        #expect(reader.warnings.examples == [ReadWarning(
            kind: "record-too-wide", line: 1, byteOffset: 29,
            message: "record has more than 2 fields; expected at most 2 fields (--max-columns, ReaderOptions.maxColumns); skipped"
        )])
    }

    /// A single cell at column XFD: the row would be 16,384 fields wide.
    @Test func xlsxCellPastTheLimitSkipsItsRow() throws {
        let sheet = Parts.sheet(
            #"<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>ic</t></is></c></row>"#
                + #"<row r="2"><c r="A2" t="inlineStr"><is><t>Siti</t></is></c><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>"#
                + #"<row r="3"><c r="A3" t="inlineStr"><is><t>Tan</t></is></c><c r="B3"><v>7</v></c></row>"#
        )
        let (records, lines, reader) = try readTables(makeWorkbook(Parts.book(sheet1: sheet)))
        #expect(records.filter { $0.table == "Customers" }.map(\.fields) == [["name", "ic"], ["Tan", "7"]])
        #expect(lines.prefix(2) == [1, 3])
        #expect(records.contains { $0.table == "Extra Sheet" })
        // (A workbook also gets the `encoding` remark every zip gets: its bytes are not UTF-8.)
        #expect(reader.warnings.examples == [ReadWarning(
            kind: "record-too-wide", line: 2, byteOffset: -1,
            message: "record has more than 4096 fields (a cell in column XFD of sheet Customers); expected at most 4096 fields (--max-columns, ReaderOptions.maxColumns); row skipped"
        )])
    }

    /// More cells than the limit in one row (the same reference repeated) is too wide as well.
    @Test func xlsxRowWithMoreCellsThanTheLimit() throws {
        let cells = String(repeating: #"<c r="A2"><v>1</v></c>"#, count: 4)
        let sheet = Parts.sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row><row r="2">\#(cells)</row>"#)
        let (records, _, reader) = try readTables(makeWorkbook(Parts.book(sheet1: sheet)), options: WideRecordTests.options(maxColumns: 3))
        #expect(records.first?.fields == ["1", "2", "3"])
        let wide = reader.warnings.examples.filter { $0.kind == "record-too-wide" }
        #expect(wide.map(\.message) == [
            "record has more than 3 fields (cells in sheet Customers); expected at most 3 fields (--max-columns, ReaderOptions.maxColumns); row skipped",
        ])
        #expect(wide.first?.line == 2)
    }

    @Test func columnNames() {
        #expect([0, 25, 26, 701, 702, 16383].map(XLSXReader.columnName) == ["A", "Z", "AA", "ZZ", "AAA", "XFD"])
    }
}
