import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// Runs a tool (found on PATH) and fails the test when it does not exit 0.
@discardableResult
func runTool(_ arguments: [String], in directory: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed")
    return String(decoding: data, as: UTF8.self)
}

/// `bytes` compressed with `/usr/bin/gzip` into a fresh temporary file; returns its path.
func gzipped(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
    let path = temporaryFile(bytes, name: name)
    try runTool(["gzip", "-n", "-f", path])
    return path + ".gz"
}

func fileBytes(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path) ?? Data())
}

func errorDescription(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct GzipTests {
    static func csv(rows: Int) -> String {
        var text = "nama,ic,poskod\n"
        for i in 0 ..< rows { text += "Orang \(i),9001011\(String(format: "%05d", i)),\(50000 + i % 900)\n" }
        return text
    }

    @Test func gzipRoundTrip() throws {
        let text = GzipTests.csv(rows: 20_000)  // ~700 KB: several inflate chunks past the sniffed head
        let plain = try readAll(temporaryFile(text)).records
        let path = try gzipped(Array(text.utf8))
        let (records, _, reader) = try readAll(path, options: ReaderOptions(chunkBytes: 4096, maxRecordBytes: 1 << 20))
        #expect(records == plain)
        #expect(records.count == 20_001)
        #expect(reader.input.container == "gzip")
        #expect(reader.input.format == .csv)
        #expect(reader.input.encoding == "utf-8")
        #expect(reader.input.bytes == fileBytes(path).count)
    }

    @Test func multiMemberGzipReadsEveryMember() throws {
        let first = try fileBytes(gzipped(Array("nama,ic\nA,1\n".utf8)))
        let second = try fileBytes(gzipped(Array("B,2\nC,3\n".utf8)))
        let (records, lines, _) = try readAll(temporaryFile(first + second, name: "two.csv.gz"))
        #expect(records == [["nama", "ic"], ["A", "1"], ["B", "2"], ["C", "3"]])
        #expect(lines == [1, 2, 3, 4])
    }

    @Test func ndjsonInsideGzip() throws {
        let (records, _, reader) = try readAll(gzipped(Array("{\"a\":\"1\"}\n{\"a\":\"2\"}\n".utf8)))
        #expect(records == [["1"], ["2"]])
        #expect(reader.input.format == .ndjson)
    }

    @Test func truncatedGzipNamesTheCompressedOffset() throws {
        let whole = try fileBytes(gzipped(Array(GzipTests.csv(rows: 5000).utf8)))
        let cut = Array(whole.prefix(whole.count / 2))
        let path = temporaryFile(cut, name: "cut.csv.gz")
        let description = errorDescription { _ = try readAll(path) }
        #expect(description == "\(path): truncated gzip: the compressed data ends at byte \(cut.count); expected more deflate data or the gzip trailer")
        // Only the 8-byte trailer missing.
        let noTrailer = temporaryFile(Array(whole.dropLast(8)), name: "notrailer.csv.gz")
        #expect(errorDescription { _ = try readAll(noTrailer) } == "\(noTrailer): truncated gzip: the compressed data ends at byte \(whole.count - 8); expected more deflate data or the gzip trailer")
    }

    @Test func corruptGzipGivesTheZlibMessage() throws {
        var bytes = try fileBytes(gzipped(Array(GzipTests.csv(rows: 100).utf8)))
        bytes.replaceSubrange(bytes.count - 8 ..< bytes.count - 4, with: [0, 0, 0, 0])  // wrong CRC-32
        let path = temporaryFile(bytes, name: "crc.csv.gz")
        let description = errorDescription { _ = try readAll(path) }
        #expect(description?.hasPrefix("\(path): corrupt gzip data at compressed byte ") == true)
        #expect(description?.hasSuffix(": incorrect data check") == true)
    }

    @Test func gzipBombFailsFast() throws {
        let path = try gzipped([UInt8](repeating: 0x41, count: 8 << 20), name: "bomb.csv")
        let compressed = fileBytes(path).count
        let clock = ContinuousClock()
        let start = clock.now
        let description = errorDescription { _ = try readAll(path) }
        #expect(clock.now - start < .seconds(10))  // generous: the test machine is shared
        #expect(description?.hasPrefix("\(path): gzip stream expands more than 200 times (") == true)
        #expect(description?.hasSuffix("refusing a possible decompression bomb (raise ReaderOptions.maxExpansionRatio, --max-expansion-ratio)") == true)
        #expect(compressed < (8 << 20) / 200)
        var options = ReaderOptions()
        options.maxDecompressedBytes = 1000
        let small = try gzipped(Array(GzipTests.csv(rows: 100).utf8))
        #expect(errorDescription { _ = try readAll(small, options: options) } == "\(small): gzip stream decompresses to more than 1000 bytes; refusing a possible decompression bomb (raise ReaderOptions.maxDecompressedBytes, --max-decompressed-bytes)")
    }
}
