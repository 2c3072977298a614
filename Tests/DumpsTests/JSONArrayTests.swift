import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// Reads every record of a JSON input as `[column path: value]`.
func readObjects(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> (records: [[String: String]], lines: [Int], reader: DumpReader) {
    let reader = try DumpReader(path: path, options: options)
    var records: [[String: String]] = []
    var lines: [Int] = []
    while let batch = try reader.nextBatch() {
        let names = reader.discoveredColumns
        for r in 0 ..< batch.recordCount {
            var record: [String: String] = [:]
            for f in batch.fields(ofRecord: r) {
                let name = names[Int(batch.fieldColumn[f])]
                record[name] = (record[name].map { $0 + "|" } ?? "") + batch.string(field: f)
            }
            records.append(record)
            lines.append(batch.recordLine[r])
        }
    }
    return (records, lines, reader)
}

@Suite struct JSONArrayTests {
    static let pretty = """
    [
      {
        "name": "Tan Ah Kow",
        "ic": "900101-14-5678",
        "address": { "postcode": "50000", "state": "W.P. Kuala Lumpur" },
        "phones": ["012-3456789", "03-12345678"],
        "note": "brace } bracket ] comma , quote \\" in a string"
      },
      {
        "name": "Siti",
        "ic": null,
        "age": 34,
        "vip": true
      }
    ]

    """

    static let expected: [[String: String]] = [
        [
            "name": "Tan Ah Kow", "ic": "900101-14-5678", "address.postcode": "50000", "address.state": "W.P. Kuala Lumpur",
            "phones[]": "012-3456789|03-12345678", "note": "brace } bracket ] comma , quote \" in a string",
        ],
        ["name": "Siti", "age": "34", "vip": "true"],
    ]

    @Test func prettyPrintedArrayWithNestedObjects() throws {
        let (records, lines, reader) = try readObjects(temporaryFile(JSONArrayTests.pretty))
        #expect(reader.input.format == .json)
        #expect(reader.input.delimiter == nil)
        #expect(records == JSONArrayTests.expected)
        #expect(lines == [2, 9])
        #expect(reader.warnings.total == 0)
    }

    @Test func oneLineArray() throws {
        let text = #"[{"name":"Tan Ah Kow","ic":"900101-14-5678","address":{"postcode":"50000","state":"W.P. Kuala Lumpur"},"phones":["012-3456789","03-12345678"],"note":"brace } bracket ] comma , quote \" in a string"},{"name":"Siti","ic":null,"age":34,"vip":true}]"#
        let (records, lines, reader) = try readObjects(temporaryFile(text))
        #expect(reader.input.format == .json)
        #expect(records == JSONArrayTests.expected)
        #expect(lines == [1, 1])
        #expect(reader.warnings.total == 0)
    }

    /// Every chunk size cuts elements, strings and escapes somewhere else; the records must not change.
    @Test(arguments: [1, 3, 7, 64])
    func recordsSurviveEveryChunkBoundary(chunk: Int) throws {
        let options = ReaderOptions(chunkBytes: chunk, maxRecordBytes: 1 << 20)
        let (records, lines, _) = try readObjects(temporaryFile(JSONArrayTests.pretty), options: options)
        #expect(records == JSONArrayTests.expected)
        #expect(lines == [2, 9])
        let wrapped = "{\"meta\": {\"rows\": [1, 2]}, \"tags\": [\"a\"], \"data\": " + JSONArrayTests.pretty + ", \"more\": [{\"x\": 1}]}"
        #expect(try readObjects(temporaryFile(wrapped), options: options).records == JSONArrayTests.expected)
    }

    /// `{ "data": [ ... ] }`: the first member holding an array of objects; arrays of scalars and
    /// objects before it are passed over, later arrays ignored.
    @Test func recordsArrayInsideATopLevelObject() throws {
        let text = "{\n  \"meta\": {\"exported\": \"2024-01-01\", \"list\": [{\"not\": \"this\"}]},\n  \"ids\": [1, 2, 3],\n  \"data\": [\n    {\"ic\": \"900101-14-5678\"},\n    {\"ic\": \"850505-10-1234\"}\n  ],\n  \"other\": [{\"ic\": \"ignored\"}]\n}\n"
        let (records, lines, reader) = try readObjects(temporaryFile(text))
        #expect(reader.input.format == .json)
        #expect(records == [["ic": "900101-14-5678"], ["ic": "850505-10-1234"]])
        #expect(lines == [5, 6])
    }

    @Test func oneLineWrappedObjectIsJSONButNDJSONStaysNDJSON() throws {
        let wrapped = try readObjects(temporaryFile(#"{"data":[{"a":"1"},{"a":"2"}]}"#))
        #expect(wrapped.reader.input.format == .json)
        #expect(wrapped.records == [["a": "1"], ["a": "2"]])
        let ndjson = try readObjects(temporaryFile("{\"a\":\"1\"}\n{\"a\":\"2\"}\n"))
        #expect(ndjson.reader.input.format == .ndjson)
    }

    @Test func malformedElementIsSkippedWithItsLineAndOffset() throws {
        let text = "[\n  {\"a\": \"1\"},\n  {\"a\": tru},\n  42,\n  {\"a\": \"3\"}\n]\n"
        let (records, _, reader) = try readObjects(temporaryFile(text))
        #expect(records == [["a": "1"], ["a": "3"]])
        let bad = reader.warnings.examples.filter { $0.kind == "malformed-json" }
        let truOffset = Array(text.utf8).firstIndex(of: UInt8(ascii: "t"))!
        let fortyTwo = text.utf8.count - "42,\n  {\"a\": \"3\"}\n]\n".utf8.count
        #expect(bad == [
            ReadWarning(kind: "malformed-json", line: 3, byteOffset: truOffset, message: "malformed JSON array element: expected a JSON value (string, number, true, false, null, object or array); element skipped"),
            ReadWarning(kind: "malformed-json", line: 4, byteOffset: fortyTwo, message: "malformed JSON array element: expected a JSON object; element skipped"),
        ])
    }

    @Test func deepNestingIsTheMaxNestingErrorForThatElement() throws {
        let deep = String(repeating: "{\"a\":", count: 100) + "1" + String(repeating: "}", count: 100)
        let text = "[{\"ok\": \"1\"}, \(deep), {\"ok\": \"2\"}]"
        let (records, _, reader) = try readObjects(temporaryFile(text), options: ReaderOptions(maxNesting: 64))
        #expect(records == [["ok": "1"], ["ok": "2"]])
        #expect(reader.warnings.byKind["malformed-json"] == 1)
        #expect(reader.warnings.examples.first?.message == "malformed JSON array element: expected nesting no deeper than 64 levels; element skipped")
    }

    @Test(arguments: [3, 4096])
    func truncatedArrayKeepsTheCompleteElements(chunk: Int) throws {
        let text = "[\n  {\"a\": \"1\"},\n  {\"a\": \"2\"},\n  {\"a\": \"3"
        let (records, _, reader) = try readObjects(temporaryFile(text), options: ReaderOptions(chunkBytes: chunk))
        #expect(records == [["a": "1"], ["a": "2"]])
        #expect(reader.warnings.examples == [
            ReadWarning(kind: "truncated", line: 4, byteOffset: text.utf8.count - "{\"a\": \"3".utf8.count, message: "JSON array not closed before the end of the file (truncated); 2 complete elements were read, the unfinished last one was dropped"),
        ])
        let open = try readObjects(temporaryFile("[{\"a\": \"1\"},\n"))
        #expect(open.records == [["a": "1"]])
        #expect(open.reader.warnings.examples.map(\.kind) == ["truncated"])
    }

    @Test func overLongElementIsSkipped() throws {
        let big = "{\"a\": \"" + String(repeating: "x", count: 500) + "\"}"
        let text = "[{\"a\": \"1\"}, \(big), {\"a\": \"2\"}]"
        let (records, _, reader) = try readObjects(temporaryFile(text), options: ReaderOptions(chunkBytes: 16, maxRecordBytes: 100))
        #expect(records == [["a": "1"], ["a": "2"]])
        #expect(reader.warnings.byKind["record-too-long"] == 1)
    }

    @Test func forcedFormatAndEmptyArray() throws {
        let (records, _, reader) = try readObjects(temporaryFile("  []  "), options: ReaderOptions(format: .json))
        #expect(records.isEmpty)
        #expect(reader.warnings.total == 0)
    }
}


/// Found by FuzzSniff (a timeout): a stray `}` at the array's level in a scalar element made the
/// reader end and begin an element at the same byte for ever.
@Test func strayClosingBraceAtArrayLevelDoesNotHang() throws {
    let text = #"[en_US,"a@example.com","no_tel":"0163036149"}, {"ic":"900101145678"}]"#
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-json-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("stray.json").path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    let reader = try DumpReader(path: path, options: ReaderOptions(chunkBytes: 16, maxRecordBytes: 512))
    var records = 0
    while let batch = try reader.nextBatch() { records += batch.recordCount }
    #expect(records == 1)
    #expect((reader.warnings.byKind["malformed-json"] ?? 0) >= 1)
}
