import Foundation
import LeakTraceCore
import Testing
import ZIPFoundation

@testable import Dumps

/// Writes a zip of the given parts (deflated) and returns its path.
func makeWorkbook(_ parts: [(String, String)], name: String = "book.xlsx") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    let archive = try Archive(url: url, accessMode: .create)
    for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position) ..< Int(position) + size)
        }
    }
    return url.path
}

enum Parts {
    static let contentTypes = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#

    static func workbook(_ sheets: [String], date1904: Bool = false) -> String {
        let list = sheets.enumerated().map { #"<sheet name="\#($1)" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
        return #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr\#(date1904 ? #" date1904="1""# : "")/><sheets>\#(list)</sheets></workbook>"#
    }

    static func rels(_ count: Int) -> String {
        let list = (1 ... count).map { #"<Relationship Id="rId\#($0)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0).xml"/>"# }.joined()
        return #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(list)<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
    }

    /// Style 0 general, 1 built-in date (14), 2 custom `dd/mm/yyyy` (164), 3 custom time `hh:mm` (165), 4 text (49).
    static let styles = #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="hh:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="49"/></cellXfs></styleSheet>"#

    static let sharedStrings = #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>name</t></si><si><t>ic</t></si><si><t>phone</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Tan </t></r><r><t>Ah Kow &amp; Co</t></r><rPh><t>ignored</t></rPh></si><si><t>010203-14-5678</t></si></sst>"#

    static func sheet(_ rows: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\#(rows)</sheetData></worksheet>"#
    }

    static let sheet1 = sheet(
        #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>dob</t></is></c><c r="E1" t="inlineStr"><is><t>active</t></is></c></row>"#
            + #"<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>60123456789</v></c><c r="D2" s="1"><v>32874</v></c><c r="E2" t="b"><v>1</v></c></row>"#
            + "\n" + #"<row r="3"><c r="A3" t="inlineStr"><is><t>Siti</t></is></c><c r="B3"><v>9.00101145678E11</v></c><c r="C3" t="str"><v>0123456789</v></c><c r="D3" s="2"><v>45292.75</v></c><c r="E3" t="b"><v>0</v></c></row>"#
            + #"<row r="5"><c r="A5"><v>3.5</v></c><c r="C5" s="3"><v>0.5</v></c><c r="D5" s="1"><v>60</v></c></row>"#
    )

    static let sheet2 = sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c><c r="C1" t="inlineStr"><is><t>imei</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a@b.my</t></is></c><c r="C2"><v>356938035643809</v></c></row>"#)

    static func book(sheet1: String = Parts.sheet1, shared: String = Parts.sharedStrings, date1904: Bool = false) -> [(String, String)] {
        [
            ("[Content_Types].xml", contentTypes),
            ("xl/workbook.xml", workbook(["Customers", "Extra Sheet"], date1904: date1904)),
            ("xl/_rels/workbook.xml.rels", rels(2)),
            ("xl/styles.xml", styles),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet1),
            ("xl/worksheets/sheet2.xml", sheet2),
        ]
    }
}

/// Every record with its table.
func readTables(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> (records: [(table: String?, fields: [String])], lines: [Int], reader: DumpReader) {
    let reader = try DumpReader(path: path, options: options)
    var records: [(table: String?, fields: [String])] = []
    var lines: [Int] = []
    while let batch = try reader.nextBatch() {
        #expect(batch.columns == nil)
        for r in 0 ..< batch.recordCount {
            records.append((batch.table, batch.fields(ofRecord: r).map { batch.string(field: $0) }))
            lines.append(batch.recordLine[r])
        }
    }
    return (records, lines, reader)
}

@Suite struct XLSXTests {
    @Test func cellsOfEveryKindInTheirColumnsOneTablePerSheet() throws {
        let (records, lines, reader) = try readTables(try makeWorkbook(Parts.book()))
        #expect(reader.input.format == .xlsx)
        #expect(reader.input.delimiter == nil)
        #expect(reader.input.encoding == "utf-8")
        #expect(reader.warnings.total == 0)
        #expect(records.map(\.table) == ["Customers", "Customers", "Customers", "Customers", "Extra Sheet", "Extra Sheet"])
        #expect(records.map(\.fields) == [
            ["name", "ic", "phone", "dob", "active"],
            ["Tan Ah Kow & Co", "010203-14-5678", "60123456789", "1990-01-01", "TRUE"],
            ["Siti", "900101145678", "0123456789", "2024-01-01", "FALSE"],
            ["3.5", "", "0.5", "1900-02-29"],
            ["email", "", "imei"],
            ["a@b.my", "", "356938035643809"],
        ])
        #expect(lines == [1, 2, 3, 5, 1, 2])
    }

    @Test func date1904System() throws {
        let (records, _, _) = try readTables(try makeWorkbook(Parts.book(date1904: true)))
        #expect(records[1].fields[3] == "1994-01-02")
    }

    @Test func excelSerialDates() {
        #expect(XLSXReader.isoDate(serial: 1, date1904: false) == "1900-01-01")
        #expect(XLSXReader.isoDate(serial: 59, date1904: false) == "1900-02-28")
        #expect(XLSXReader.isoDate(serial: 60, date1904: false) == "1900-02-29")
        #expect(XLSXReader.isoDate(serial: 61, date1904: false) == "1900-03-01")
        #expect(XLSXReader.isoDate(serial: 25569, date1904: false) == "1970-01-01")
        #expect(XLSXReader.isoDate(serial: 0, date1904: true) == "1904-01-01")
        #expect(XLSXReader.isDateFormat("dd/mm/yyyy"))
        #expect(XLSXReader.isDateFormat("[$-409]d-mmm-yy;@"))
        #expect(!XLSXReader.isDateFormat("hh:mm"))
        #expect(!XLSXReader.isDateFormat("0.00\"d\""))
        #expect(!XLSXReader.isDateFormat("#,##0"))
    }

    /// Rows cut by every chunk size of the inflated stream give the same records.
    @Test func largeSheetStreamsInBoundedBatches() throws {
        var rows = ""
        for r in 1 ... 3000 {
            rows += #"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>p\#(r)</t></is></c><c r="B\#(r)"><v>\#(600_000_000 + r)</v></c></row>"#
        }
        let path = try makeWorkbook(Parts.book(sheet1: Parts.sheet(rows)))
        let (records, _, _) = try readTables(path, options: ReaderOptions(chunkBytes: 4096))
        #expect(records.count == 3002)
        #expect(records[2999].fields == ["p3000", "600003000"])
    }

    static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
     <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    ]>
    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
    """

    @Test func entityBombInASheetIsRefused() throws {
        let path = try makeWorkbook(Parts.book(sheet1: XLSXTests.billionLaughs))
        let reader = try DumpReader(path: path)
        do {
            while try reader.nextBatch() != nil {}
            Issue.record("an entity bomb was read")
        } catch {
            #expect(error.code == .malformedInput)
            #expect(error.location == InputLocation(file: path, entry: "xl/worksheets/sheet1.xml", byteOffset: 22))
            #expect(error.message == "XML document type declaration (<!DOCTYPE or <!ENTITY); expected a worksheet without a DTD (entity declarations are refused)")
        }
    }

    /// A worksheet that inflates far beyond its compressed size is a bomb like any zip entry.
    @Test func worksheetBombIsRefusedByTheExpansionLimit() throws {
        let row = #"<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>"#
        let path = try makeWorkbook(Parts.book(sheet1: Parts.sheet(String(repeating: row, count: 40_000))))
        var options = ReaderOptions()
        options.maxExpansionRatio = 20
        let reader = try DumpReader(path: path, options: options)
        do {
            while try reader.nextBatch() != nil {}
            Issue.record("a worksheet expanding past the limit was read")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.location?.entry == "xl/worksheets/sheet1.xml")
            #expect(error.message.contains("refusing a possible decompression bomb (raise ReaderOptions.maxExpansionRatio, --max-expansion-ratio)"))
        }
    }

    @Test func doctypeInSharedStringsIsRefused() throws {
        let shared = #"<?xml version="1.0"?><!DOCTYPE sst SYSTEM "file:///etc/passwd"><sst><si><t>x</t></si></sst>"#
        let path = try makeWorkbook(Parts.book(shared: shared))
        #expect {
            _ = try DumpReader(path: path)
        } throws: { error in
            guard let error = error as? LeakTraceError else { return false }
            return error.code == .malformedInput && error.location == InputLocation(file: path, entry: "xl/sharedStrings.xml", byteOffset: 21)
                && error.message == "XML document type declaration (<!DOCTYPE or <!ENTITY); expected a shared-strings part without a DTD (entity declarations are refused)"
        }
    }

    @Test func sharedStringsAreBounded() throws {
        var options = ReaderOptions()
        options.maxSharedStringsBytes = 10
        let path = try makeWorkbook(Parts.book())
        #expect {
            _ = try DumpReader(path: path, options: options)
        } throws: { error in
            (error as? LeakTraceError)?.code == .limitExceeded
        }
    }

    @Test func forcedFormatAndAZipThatIsNoWorkbook() throws {
        #expect(throws: LeakTraceError.self) { _ = try DumpReader(path: temporaryFile("a,b\n1,2\n"), options: ReaderOptions(format: .xlsx)) }
        let zip = try makeWorkbook([("data.txt", "hello")], name: "other.zip")
        #expect {
            _ = try DumpReader(path: zip)
        } throws: { error in
            (error as? LeakTraceError)?.code == .binaryInput
        }
    }

    @Test func stoppingEarlyEndsTheProducer() throws {
        var rows = ""
        for r in 1 ... 2000 { rows += #"<row r="\#(r)"><c r="A\#(r)"><v>\#(r)</v></c></row>"# }
        let path = try makeWorkbook(Parts.book(sheet1: Parts.sheet(rows)))
        for _ in 0 ..< 5 {
            let reader = try DumpReader(path: path, options: ReaderOptions(chunkBytes: 256))
            _ = try reader.nextBatch()
        }
    }
}

/// A workbook that is an entry of a zip (a leak shipped as `leak.zip` holding `book.xlsx`).
@Suite struct XLSXInsideZipTests {
    /// Every record with its table, per input of `path`.
    static func inputs(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> [(entry: String?, container: String?, format: DumpFormat, records: [[String]], tables: [String?])] {
        let opened = try InputOpener.entries(path: path, options: options)
        var out: [(entry: String?, container: String?, format: DumpFormat, records: [[String]], tables: [String?])] = []
        while let reader = try opened.next() {
            var records: [[String]] = []
            var tables: [String?] = []
            while let batch = try reader.nextBatch() {
                for r in 0 ..< batch.recordCount {
                    records.append(batch.fields(ofRecord: r).map { batch.string(field: $0) })
                    tables.append(batch.table)
                }
            }
            out.append((reader.input.entry, reader.input.container, reader.input.format, records, tables))
        }
        return out
    }

    @Test func aWorkbookEntryIsReadSheetBySheetLikeTheWorkbookItself() throws {
        let book = try makeWorkbook(Parts.book())
        let direct = try readTables(book)
        let zip = try makeZip("leak.zip", [("a.csv", "nama,ic\nA,1\n"), ("reports/book.xlsx", "@zip:" + book), ("z.csv", "x\n1\n")])
        let inputs = try Self.inputs(zip)
        #expect(inputs.map(\.entry) == ["a.csv", "reports/book.xlsx", "z.csv"])
        #expect(inputs.map(\.container) == ["zip", "zip", "zip"])
        #expect(inputs.map(\.format) == [.csv, .xlsx, .csv])
        #expect(inputs[1].records == direct.records.map(\.fields))
        #expect(inputs[1].tables == direct.records.map(\.table))
        #expect(inputs[2].records == [["x"], ["1"]])
    }

    @Test func aWorkbookInANestedZipIsReadAtTheLastLevel() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-nest-xlsx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let book = try makeWorkbook(Parts.book())
        let inner = try makeZip("inner.zip", [("book.xlsx", "@zip:" + book)], in: dir)
        let outer = try makeZip("outer.zip", [("inner.zip", "@zip:" + inner)], in: dir)
        let inputs = try Self.inputs(outer)
        #expect(inputs.map(\.entry) == ["inner.zip!book.xlsx"])
        #expect(inputs.first?.records.count == 6)
    }

    @Test func theExtractedCopyIsOwnerOnlyAndRemovedWithTheReader() throws {
        let zip = try makeZip("leak.zip", [("book.xlsx", "@zip:" + (try makeWorkbook(Parts.book())))])
        let opened = try InputOpener.entries(path: zip)
        var reader = try #require(try opened.next())
        let copy = try #require(reader.workbookCopyPath)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        _ = try reader.nextBatch()
        reader = try DumpReader(path: temporaryFile("a\n1\n"))
        #expect(!FileManager.default.fileExists(atPath: copy))
        #expect(try opened.next() == nil)
    }

    @Test func aDamagedWorkbookEntryNamesTheZipTheEntryAndThePart() throws {
        let shared = #"<?xml version="1.0"?><!DOCTYPE sst SYSTEM "file:///etc/passwd"><sst><si><t>x</t></si></sst>"#
        let book = try makeWorkbook(Parts.book(shared: shared))
        let zip = try makeZip("leak.zip", [("dir/book.xlsx", "@zip:" + book), ("ok.csv", "a\n1\n")])
        let opened = try InputOpener.entries(path: zip)
        #expect(errorDescription { _ = try opened.next() } == "\(zip)!dir/book.xlsx!xl/sharedStrings.xml (byte 21): XML document type declaration (<!DOCTYPE or <!ENTITY); expected a shared-strings part without a DTD (entity declarations are refused)")
        // The next entry is still read.
        #expect(try opened.next()?.input.entry == "ok.csv")
        #expect(try opened.next() == nil)
    }

    @Test func aZipThatIsNoWorkbookInsideAZipIsAContainer() throws {
        let inner = try makeZip("inner.zip", [("data.csv", "nama\nA\n")])
        let zip = try makeZip("leak.zip", [("inner.zip", "@zip:" + inner)])
        let inputs = try Self.inputs(zip)
        #expect(inputs.map(\.entry) == ["inner.zip!data.csv"])
        #expect(inputs.map(\.format) == [.csv])
    }
}
