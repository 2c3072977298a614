import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "input") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-dumps-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func temporaryFile(_ text: String, name: String = "input") -> String {
    temporaryFile(Array(text.utf8), name: name)
}

/// Reads every record of a file as arrays of field strings.
func readAll(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> (records: [[String]], lines: [Int], reader: DumpReader) {
    let reader = try DumpReader(path: path, options: options)
    var records: [[String]] = []
    var lines: [Int] = []
    while let batch = try reader.nextBatch() {
        for r in 0 ..< batch.recordCount {
            records.append(batch.fields(ofRecord: r).map { batch.string(field: $0) })
            lines.append(batch.recordLine[r])
        }
    }
    return (records, lines, reader)
}

@Suite struct CSVReadingTests {
    static let tricky = "name,ic,address\r\n\"Tan, Ah Kow\",900101-14-5678,\"No. 1, Jalan \"\"Satu\"\"\nTaman Dua\"\r\nSiti,,\nlast,row,no newline"

    @Test func rfc4180QuotingEmbeddedNewlinesAndCRLF() throws {
        let (records, lines, reader) = try readAll(temporaryFile(CSVReadingTests.tricky))
        #expect(reader.input.format == .csv)
        #expect(reader.input.delimiter == ",")
        #expect(records == [
            ["name", "ic", "address"],
            ["Tan, Ah Kow", "900101-14-5678", "No. 1, Jalan \"Satu\"\nTaman Dua"],
            ["Siti", "", ""],
            ["last", "row", "no newline"],
        ])
        #expect(lines == [1, 2, 4, 5])
    }

    /// Every chunk size cuts records somewhere else; the records must not change.
    @Test(arguments: [1, 2, 3, 5, 7, 16, 64])
    func recordsSurviveEveryChunkBoundary(chunk: Int) throws {
        let expected = try readAll(temporaryFile(CSVReadingTests.tricky)).records
        let small = ReaderOptions(chunkBytes: chunk, maxRecordBytes: 1 << 20)
        #expect(try readAll(temporaryFile(CSVReadingTests.tricky), options: small).records == expected)
    }

    @Test(arguments: [(";", "a;b;c\n1;2;3\n"), ("\\t", "a\tb\tc\n1\t2\t3\n"), ("|", "a|b|c\n1|2|3\n"), (",", "a,b;c\n1,2;3\n")])
    func sniffsTheDelimiter(expected: String, text: String) throws {
        let (records, _, reader) = try readAll(temporaryFile(text))
        #expect(reader.input.delimiter == expected)
        #expect(records[1].count == (expected == "," ? 2 : 3))
        #expect(reader.input.format == (expected == "\\t" ? .tsv : .csv))
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let (records, _, reader) = try readAll(temporaryFile([0xEF, 0xBB, 0xBF] + Array("nama,ic\nA,B\n".utf8)))
        #expect(records[0] == ["nama", "ic"])
        #expect(reader.input.encoding == "utf-8 (with BOM)")
    }

    @Test func unterminatedQuoteIsAWarningNamingTheLine() throws {
        let (records, _, reader) = try readAll(temporaryFile("a,b\n1,\"open\n2,3\n"))
        #expect(records.count == 2)
        #expect(reader.warnings.byKind["unterminated-quote"] == 1)
        #expect(reader.warnings.examples.first?.line == 2)
        #expect(reader.warnings.examples.first?.byteOffset == 4)
    }

    @Test func overlongRecordIsSkippedAndTheScanGoesOn() throws {
        let long = String(repeating: "x", count: 5000)
        let (records, _, reader) = try readAll(temporaryFile("a,b\n1,\(long)\n2,3\n"), options: ReaderOptions(chunkBytes: 1024, maxRecordBytes: 2048))
        #expect(records == [["a", "b"], ["2", "3"]])
        #expect(reader.warnings.byKind["record-too-long"] == 1)
        #expect(reader.warnings.examples.first?.line == 2)
    }

    @Test func textAfterAClosingQuoteIsKeptAndCounted() throws {
        let (records, _, reader) = try readAll(temporaryFile("a,b\n\"5'11\" tall\",x\n"))
        // Nothing is dropped: the stray text and its quote stay in the field.
        #expect(records[1] == ["5'11\" tall\"", "x"])
        #expect(reader.warnings.byKind["text-after-closing-quote"] == 1)
    }
}

@Suite struct HostileInputTests {
    @Test func emptyFileIsAClearError() {
        let path = temporaryFile([UInt8]())
        #expect {
            _ = try DumpReader(path: path)
        } throws: { error in
            (error as? LeakTraceError)?.description == "\(path): empty file (0 bytes); expected CSV, TSV or NDJSON records"
        }
    }

    @Test func binaryFileNamesTheNULOffset() {
        let path = temporaryFile([0x50, 0x4B, 0x03, 0x04, 0x0A, 0x00, 0x00, 0xFF])
        #expect {
            _ = try DumpReader(path: path)
        } throws: { error in
            (error as? LeakTraceError)?.description == "\(path):2 (byte 5): binary data: NUL byte; expected text (CSV, TSV or NDJSON)"
        }
    }

    /// UTF-16 with a byte-order mark is transcoded to UTF-8 (it used to be refused with an `iconv` hint).
    @Test func utf16IsTranscoded() throws {
        let (records, _, reader) = try readAll(temporaryFile([0xFF, 0xFE, 0x61, 0x00, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00]))
        #expect(records == [["a", "b"]])
        #expect(reader.input.encoding == "utf-16le (BOM)")
    }

    @Test func missingFileAndDirectory() {
        #expect(throws: LeakTraceError.self) { _ = try DumpReader(path: "/nonexistent/leaktrace.csv") }
        #expect(throws: LeakTraceError.self) { _ = try DumpReader(path: FileManager.default.temporaryDirectory.path) }
    }
}

@Suite struct NDJSONReadingTests {
    @Test func nestedObjectsFlattenToDottedPaths() throws {
        let text = """
        {"name":"Siti","ic":"900101145678","address":{"postcode":"50450","state":"KL"},"phones":["0123456789","0198765432"],"age":33,"vip":true,"note":null}
        {"name":"Tan \\u00e9\\ud83d\\ude00","address":{"postcode":"01000"}}

        """
        let path = temporaryFile(text)
        let reader = try DumpReader(path: path)
        #expect(reader.input.format == .ndjson)
        var rows: [[String: [String]]] = []
        while let batch = try reader.nextBatch() {
            for r in 0 ..< batch.recordCount {
                var row: [String: [String]] = [:]
                for f in batch.fields(ofRecord: r) {
                    row[reader.discoveredColumns[Int(batch.fieldColumn[f])], default: []].append(batch.string(field: f))
                }
                rows.append(row)
            }
        }
        #expect(rows.count == 2)
        #expect(rows[0]["address.postcode"] == ["50450"])
        #expect(rows[0]["phones[]"] == ["0123456789", "0198765432"])
        #expect(rows[0]["age"] == ["33"])
        #expect(rows[0]["vip"] == ["true"])
        #expect(rows[0]["note"] == nil)
        #expect(rows[1]["name"] == ["Tan é😀"])
    }

    @Test func malformedLineIsSkippedWithItsOffset() throws {
        let text = "{\"a\":\"1\"}\n{\"a\": nope}\n{\"a\":\"3\"}\n"
        let (records, _, reader) = try readAll(temporaryFile(text))
        #expect(records == [["1"], ["3"]])
        #expect(reader.warnings.byKind["malformed-json"] == 1)
        let warning = try #require(reader.warnings.examples.first)
        #expect(warning.line == 2)
        #expect(warning.byteOffset == 16)
        #expect(warning.message == "malformed JSON line: expected a JSON value (string, number, true, false, null, object or array); line skipped")
    }

    @Test func deepNestingIsRefusedPerLine() throws {
        let deep = String(repeating: "{\"a\":", count: 100) + "1" + String(repeating: "}", count: 100)
        let (records, _, reader) = try readAll(temporaryFile("{\"ok\":1}\n" + deep + "\n"), options: ReaderOptions(maxNesting: 64))
        #expect(records.count == 1)
        #expect(reader.warnings.examples.first?.message.contains("nesting no deeper than 64 levels") == true)
    }
}
