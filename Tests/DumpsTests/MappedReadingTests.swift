#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LeakTraceCore
import Synthetic
import Testing

@testable import Dumps

/// Plain CSV files are mapped and parsed in place (`MappedFile`): the same records, lines,
/// offsets and warnings as reading them, and a file that shrinks while it is read is an error of
/// that file, not the end of the process.
@Suite struct MappedReadingTests {
    /// A CSV text of `rows` records: quoted fields with delimiters, doubled quotes and line
    /// feeds, CRLF and LF line ends, blank lines, records far longer than `longBytes` (skipped)
    /// and records wider than 8 fields (refused).
    static func text(rows: Int, seed: UInt64, longBytes: Int) -> String {
        var random = SeededGenerator(seed: seed)
        func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        var lines: [String] = ["\u{FEFF}name,ic,address,note"]
        for r in 0 ..< rows {
            switch below(40) {
            case 0: lines.append(String(repeating: "x", count: 3 * longBytes) + ",long")
            case 1: lines.append(Array(repeating: "w", count: 12).joined(separator: ","))
            case 2: lines.append("")
            default:
                let quoted = ["\"Tan, Ah \(r)\"", "\"say \"\"\(r)\"\"\"", "\"two\nlines \(r)\"", "plain\(r)"][below(4)]
                lines.append("\(quoted),\(900_101_000_000 + r),\"No. \(r), Jalan\",n\(below(100))" + (below(2) == 0 ? "\r" : ""))
            }
        }
        return lines.joined(separator: "\n") + (seed % 2 == 0 ? "\n" : "")
    }

    struct Read: Equatable {
        var records: [[String]] = []
        var lines: [Int] = []
        var offsets: [Int] = []
        var warnings = WarningLog()
    }

    static func read(_ path: String, _ options: ReaderOptions) throws -> (Read, mapped: Bool) {
        let reader = try DumpReader(path: path, options: options)
        var read = Read()
        while let batch = try reader.nextBatch() {
            for r in 0 ..< batch.recordCount {
                read.records.append(batch.fields(ofRecord: r).map { batch.string(field: $0) })
                read.lines.append(batch.recordLine[r])
                read.offsets.append(batch.recordOffset[r])
            }
        }
        read.warnings = reader.warnings
        return (read, reader.isMapped)
    }

    @Test(arguments: [(1 << 10, UInt64(1)), (3_000, 2), (1 << 16, 3), (2 << 20, 4)])
    func mappedAndReadGiveTheSameRecords(chunk: Int, seed: UInt64) throws {
        let path = temporaryFile(Self.text(rows: 4_000, seed: seed, longBytes: 4_096))
        var options = ReaderOptions(chunkBytes: chunk, maxRecordBytes: 4_096, maxNesting: 64)
        options.maxColumns = 8
        let (mapped, wasMapped) = try Self.read(path, options)
        options.memoryMap = false
        let (read, wasRead) = try Self.read(path, options)
        #expect(wasMapped && !wasRead)
        // The first record that differs, if any (the whole arrays are too long to print).
        let differ = zip(mapped.records.indices, zip(zip(mapped.records, mapped.lines), zip(read.records, read.lines))).first { $0.1.0 != $0.1.1 }
        #expect(differ == nil, "record \(differ.map { "\($0.0): \($0.1.0) vs \($0.1.1)" } ?? "")")
        #expect(mapped.records.count == read.records.count)
        #expect(mapped.offsets == read.offsets)
        // The same bad records at the same places. (A record over the limit is "skipped" when
        // the parser saw its end, "skipped to the next line end" when it did not, and a parse logs
        // its warnings kind by kind: both depend on where the buffers end, in either way of
        // reading.)
        func places(_ log: WarningLog) -> [String] { log.examples.map { "\($0.kind) \($0.line) \($0.byteOffset)" }.sorted() }
        #expect(mapped.warnings.byKind == read.warnings.byKind)
        #expect(places(mapped.warnings) == places(read.warnings))
        // The text has every kind of record in it.
        #expect(read.records.count > 3_000)
        #expect(read.warnings.byKind["record-too-long", default: 0] > 20 && read.warnings.byKind["record-too-wide", default: 0] > 20)
        #expect(read.records.contains { $0.first?.contains("\n") == true })
    }

    /// Gzip, and text that is not UTF-8, are read, not mapped; so are NDJSON and SQL.
    @Test func onlyPlainCSVIsMapped() throws {
        let csv = temporaryFile("a,b\n1,2\n")
        #expect(try DumpReader(path: csv).isMapped)
        let latin = temporaryFile([0x61, 0x2C, 0x62, 0x0A, 0xE9, 0x2C, 0x31, 0x0A])
        #expect(try !DumpReader(path: latin).isMapped)
        let ndjson = temporaryFile("{\"a\":1}\n{\"a\":2}\n")
        #expect(try !DumpReader(path: ndjson).isMapped)
        let empty = temporaryFile("")
        #expect(throws: LeakTraceError.self) { try DumpReader(path: empty).isMapped }
    }

    /// A file cut short while it is read: the pages past its new end read as zeros (the SIGBUS
    /// they raise is caught), the reader and `checkUnchanged` report the change, and nothing
    /// crashes, including a batch read after the cut.
    @Test func aFileThatShrinksWhileReadIsAnErrorNotACrash() throws {
        let rows = (0 ..< 40_000).map { "\(900_101_000_000 + $0),row \($0) of a file that will shrink" }
        let path = temporaryFile("ic,note\n" + rows.joined(separator: "\n") + "\n")
        let reader = try DumpReader(path: path, options: ReaderOptions(chunkBytes: 64 << 10))
        #expect(reader.isMapped)
        var batches: [RecordBatch] = []
        while batches.count < 8, let batch = try reader.nextBatch() { batches.append(batch) }
        #expect(batches.count == 8)
        // Cut the file inside the second batch.
        let cut = batches[1].recordOffset[batches[1].recordCount / 2]
        #expect(truncate(path, off_t(cut)) == 0)
        // A batch wholly past the new end: its bytes are gone, and read as zeros.
        let late = batches[7]
        let text = late.string(field: late.fields(ofRecord: 0).lowerBound)
        #expect(text.utf8.allSatisfy { $0 == 0 })
        #expect(throws: LeakTraceError.self) { try reader.checkUnchanged() }
        do {
            while try reader.nextBatch() != nil {}
            Issue.record("the reader went on past a file that shrank")
        } catch {
            #expect(error.message.contains("changed while it was read"), "\(error.message)")
            #expect(error.location?.file == path)
        }
        // The batches before the cut still read as they were.
        #expect(batches[0].string(field: batches[0].fields(ofRecord: 1).lowerBound) == "900101000000")
    }
}
