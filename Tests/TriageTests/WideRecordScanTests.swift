import Dumps
import Foundation
import Identifiers
import LeakTraceCore
import Testing
import ZIPFoundation

@testable import Triage

private func writeTemporary(_ bytes: [UInt8], name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-wide-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// Deterministic valid MyKads.
private func mykad(_ i: Int) -> String {
    String(format: "%02d%02d%02d%02d%04d", 50 + i % 45, 1 + i % 12, 1 + i % 28, [1, 5, 8, 10, 14, 13, 12, 7][i % 8], 1 + (i * 7919) % 9998)
}

private func options(keepGoing: Bool, maxColumns: Int) -> ScanOptions {
    var options = ScanOptions(today: CivilDate(year: 2026, month: 1, day: 1)!)
    options.referenceDate = CivilDate(year: 2014, month: 7, day: 31)
    options.reader.maxColumns = maxColumns
    options.keepGoing = keepGoing
    return options
}

private let stopped = "; stopped at the first bad record (--keep-going skips bad records and counts them)"

/// A record wider than `--max-columns` is a bad record: a strict scan stops there with its place
/// (what came before is counted), `--keep-going` skips and counts it.
@Suite struct WideRecordScanTests {
    @Test func theLimitIsReported() {
        #expect(ScanOptions(today: CivilDate(year: 2026, month: 1, day: 1)!).limits["maxColumns"] == 4096)
    }

    @Test(arguments: [false, true])
    func csvAndTSV(keepGoing: Bool) throws {
        for delimiter in [",", "\t"] {
            var rows = ["ic\(delimiter)note"] + (0 ..< 30).map { "\(mykad($0))\(delimiter)ok" }
            rows.append("\(mykad(30))\(delimiter)ok\(delimiter)extra")
            rows += (31 ..< 60).map { "\(mykad($0))\(delimiter)ok" }
            let path = writeTemporary(Array((rows.joined(separator: "\n") + "\n").utf8), name: "dump.csv")
            let report = Scanner(options: options(keepGoing: keepGoing, maxColumns: 2)).scan(paths: [path])
            let file = try #require(report.files.first)
            #expect(file.format == (delimiter == "," ? "csv" : "tsv"))
            #expect(report.limits["maxColumns"] == 2)
            if keepGoing {
                #expect(file.error == nil)
                #expect(file.records == 59)
                #expect(file.warnings.byKind["record-too-wide"] == 1)
                #expect(report.totals.uniquePersons == 59)
            } else {
                // Line 32 starts after the header (8 bytes) and 30 rows of 16 bytes.
                #expect(file.error == "\(path):32 (byte 488): record has more than 2 fields; expected at most 2 fields (--max-columns, ReaderOptions.maxColumns); skipped" + stopped)
                #expect(file.records == 30)
                #expect(report.totals.uniquePersons == 30)
            }
        }
    }

    @Test(arguments: [false, true])
    func ndjsonNewPathPastTheLimit(keepGoing: Bool) throws {
        var lines = (0 ..< 10).map { #"{"ic":"\#(mykad($0))","n":"x"}"# }
        lines.append(#"{"ic":"\#(mykad(10))","extra":"x"}"#)
        lines += (11 ..< 20).map { #"{"ic":"\#(mykad($0))","n":"x"}"# }
        let offset = lines[..<10].reduce(0) { $0 + $1.utf8.count + 1 }
        let path = writeTemporary(Array((lines.joined(separator: "\n") + "\n").utf8), name: "dump.json")
        let report = Scanner(options: options(keepGoing: keepGoing, maxColumns: 2)).scan(paths: [path])
        let file = try #require(report.files.first)
        #expect(file.format == "ndjson")
        if keepGoing {
            #expect(file.error == nil)
            #expect(file.records == 19)
            #expect(file.warnings.byKind["record-too-wide"] == 1)
            #expect(file.columns.map(\.header) == ["ic", "n"])
        } else {
            #expect(file.error == "\(path):11 (byte \(offset)): record adds a column path beyond the first 2 of the input; expected at most 2 distinct column paths (--max-columns, ReaderOptions.maxColumns); line skipped" + stopped)
            #expect(file.records == 10)
        }
    }

    /// The fuzzer's case: one cell at column XFD. Rows before it are counted.
    @Test(arguments: [false, true])
    func xlsxCellAtColumnXFD(keepGoing: Bool) throws {
        var rows = [#"<row r="1"><c r="A1" t="inlineStr"><is><t>ic</t></is></c></row>"#]
        rows += (2 ... 11).map { #"<row r="\#($0)"><c r="A\#($0)" t="inlineStr"><is><t>\#(mykad($0))</t></is></c></row>"# }
        rows.append(#"<row r="12"><c r="XFD12" t="inlineStr"><is><t>x</t></is></c></row>"#)
        rows += (13 ... 20).map { #"<row r="\#($0)"><c r="A\#($0)" t="inlineStr"><is><t>\#(mykad($0))</t></is></c></row>"# }
        let path = try workbook(sheet: rows.joined())
        let report = Scanner(options: options(keepGoing: keepGoing, maxColumns: 4096)).scan(paths: [path])
        let file = try #require(report.files.first)
        #expect(file.format == "xlsx")
        #expect(file.table == "Sheet1")
        if keepGoing {
            #expect(file.error == nil)
            #expect(file.records == 18)
            #expect(file.warnings.byKind["record-too-wide"] == 1)
            #expect(file.columns.count == 1)
        } else {
            #expect(file.error == "\(path):12: record has more than 4096 fields (a cell in column XFD of sheet Sheet1); expected at most 4096 fields (--max-columns, ReaderOptions.maxColumns); row skipped" + stopped)
            #expect(file.records == 10)
        }
    }

    /// 100,000 columns: with the default limit the record is refused at once, before any
    /// per-column work. With the limit raised a wide record is read whole (20,000 columns here,
    /// to keep the suite short): per-column state is allocated only when a column holds a value.
    @Test func wideRecordsAreRefusedOrReadWhole() throws {
        func wide(_ n: Int) -> String {
            writeTemporary(Array(((0 ..< n).map { "c\($0)" }.joined(separator: ",") + "\n" + (0 ..< n).map { _ in "1" }.joined(separator: ",") + "\n").utf8), name: "wide.csv")
        }
        let path = wide(100_000)
        let refused = Scanner(options: options(keepGoing: false, maxColumns: 4096)).scan(paths: [path])
        #expect(refused.files.first?.error == "\(path):1 (byte 0): record has more than 4096 fields; expected at most 4096 fields (--max-columns, ReaderOptions.maxColumns); skipped" + stopped)

        let report = Scanner(options: options(keepGoing: false, maxColumns: 200_000)).scan(paths: [wide(20_000)])
        let file = try #require(report.files.first)
        #expect(file.error == nil)
        #expect(file.records == 1)
        #expect(file.columns.count == 20_000)
    }
}

/// A one-sheet workbook ("Sheet1") of inline strings.
private func workbook(sheet rows: String) throws -> String {
    let parts: [(String, String)] = [
        ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\#(rows)</sheetData></worksheet>"#),
    ]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-wide-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent("book.xlsx")
    let archive = try Archive(url: url, accessMode: .create)
    for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position) ..< Int(position) + size)
        }
    }
    return url.path
}
