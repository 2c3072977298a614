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

/// Builds a zip with Python's zipfile: `entries` maps names to contents (a name ending in `/` is a
/// directory; `@gzip:` before the content gzips it; `@zip:` + a directory path zips that path;
/// `@zeros:N` is N zero bytes written in 1 MiB pieces, `@letters:N` N letters `a`).
func makeZip(_ name: String, _ entries: [(String, String)], in directory: String? = nil) throws -> String {
    let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-zip-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    let script = """
    import sys, json, zipfile, gzip
    path, entries = sys.argv[1], json.loads(sys.argv[2])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in entries:
            if name.endswith("/"):
                z.writestr(name, "")
            elif content.startswith("@gzip:"):
                z.writestr(name, gzip.compress(content[6:].encode(), mtime=0))
            elif content.startswith("@zip:"):
                z.write(content[5:], name)
            elif content.startswith("@zeros:") or content.startswith("@letters:"):
                byte = b"a" if content.startswith("@letters:") else b"\\0"
                with z.open(name, "w", force_zip64=content.startswith("@zeros:")) as f:
                    left = int(content.split(":")[1])
                    while left > 0:
                        f.write(byte * min(left, 1 << 20))
                        left -= 1 << 20
            else:
                z.writestr(name, content)
    """
    let json = String(decoding: try JSONSerialization.data(withJSONObject: entries.map { [$0.0, $0.1] }), as: UTF8.self)
    try runTool(["python3", "-c", script, path, json])
    return path
}

/// Every input of a path: (entry, container, records) per reader, or the error text per entry.
func readEntries(_ path: String, options: ReaderOptions = ReaderOptions()) throws -> [(entry: String?, container: String?, records: [[String]])] {
    let inputs = try InputOpener.entries(path: path, options: options)
    var out: [(entry: String?, container: String?, records: [[String]])] = []
    while let reader = try inputs.next() {
        var records: [[String]] = []
        while let batch = try reader.nextBatch() {
            for r in 0 ..< batch.recordCount { records.append(batch.fields(ofRecord: r).map { batch.string(field: $0) }) }
        }
        out.append((reader.input.entry, reader.input.container, records))
    }
    return out
}

@Suite struct ZipTests {
    @Test func everyEntryIsReadWithItsPath() throws {
        let path = try makeZip("leak.zip", [
            ("a.csv", "nama,ic\nA,1\n"),
            ("dir/", ""),
            ("dir/b.ndjson", "{\"x\":\"2\"}\n"),
            ("dir/sub/c.csv.gz", "@gzip:nama\nC\n"),
        ])
        let inputs = try readEntries(path)
        #expect(inputs.map(\.entry) == ["a.csv", "dir/b.ndjson", "dir/sub/c.csv.gz"])
        #expect(inputs.map(\.container) == ["zip", "zip", "zip+gzip"])
        #expect(inputs.map(\.records) == [[["nama", "ic"], ["A", "1"]], [["2"]], [["nama"], ["C"]]])
    }

    @Test func plainAndGzippedFilesAreOneInput() throws {
        let plain = try readEntries(temporaryFile("a,b\n1,2\n"))
        #expect(plain.count == 1)
        #expect(plain[0].entry == nil && plain[0].container == nil)
        let gz = try readEntries(gzipped(Array("a,b\n1,2\n".utf8)))
        #expect(gz.map(\.container) == ["gzip"])
        #expect(gz[0].records == [["a", "b"], ["1", "2"]])
    }

    @Test func anEntryErrorNamesTheEntryAndTheNextEntryIsStillRead() throws {
        let path = try makeZip("mixed.zip", [("empty.csv", ""), ("ok.csv", "a\n1\n")])
        let inputs = try InputOpener.entries(path: path)
        #expect(errorDescription { _ = try inputs.next() } == "\(path)!empty.csv: empty file (0 bytes); expected CSV, TSV or NDJSON records")
        let next = try #require(try inputs.next())
        #expect(next.input.entry == "ok.csv")
        #expect(try inputs.next() == nil)
    }

    @Test func truncatedZipSaysWhatWasExpected() throws {
        let whole = try fileBytes(makeZip("full.zip", [("a.csv", "nama,ic\nA,1\n"), ("b.csv", "x\n1\n")]))
        let path = temporaryFile(Array(whole.prefix(whole.count - 40)), name: "cut.zip")
        #expect(errorDescription { _ = try InputOpener.entries(path: path) } == "\(path): truncated or damaged zip: no end of central directory record; expected the zip central directory at the end of the file")
    }

    @Test func zipBombIsRefusedFastInBoundedMemory() throws {
        // 1 GiB of zeros: about 1 MB compressed.
        let path = try makeZip("bomb.zip", [("zeros.csv", "@zeros:1073741824")])
        let inputs = try InputOpener.entries(path: path)
        let clock = ContinuousClock()
        let start = clock.now
        let description = errorDescription { _ = try inputs.next() }
        #expect(clock.now - start < .seconds(2))
        let compressed = try #require(description.flatMap { $0.split(separator: "(").dropFirst().first }.map { $0.split(separator: " ")[3] })
        #expect(description == "\(path)!zeros.csv: zip entry expands more than 200 times (1073741824 bytes from \(compressed) compressed bytes); refusing a possible decompression bomb (raise ReaderOptions.maxExpansionRatio, --max-expansion-ratio)")
        #expect(Int(compressed)! < 2_000_000)
    }

    @Test func tooManyEntries() throws {
        let path = try makeZip("many.zip", (0 ..< 5).map { ("f\($0).csv", "a\n1\n") })
        var options = ReaderOptions()
        options.maxZipEntries = 4
        #expect(errorDescription { _ = try InputOpener.entries(path: path, options: options) } == "\(path): zip archive has more than 4 entries (raise ReaderOptions.maxZipEntries, --max-zip-entries)")
    }

    @Test func nestedZipsAreReadTwoDeepAndNoDeeper() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-nest-\(UUID().uuidString)").path
        let innermost = try makeZip("innermost.zip", [("deep.csv", "a\n1\n")], in: dir)
        let inner = try makeZip("inner.zip", [("x.csv", "nama\nX\n"), ("innermost.zip", "@zip:" + innermost)], in: dir)
        let outer = try makeZip("outer.zip", [("top.csv", "t\n1\n"), ("in/inner.zip", "@zip:" + inner)], in: dir)
        let inputs = try InputOpener.entries(path: outer)
        #expect(try inputs.next()?.input.entry == "top.csv")
        let nested = try #require(try inputs.next())
        #expect(nested.input.entry == "in/inner.zip!x.csv")
        #expect(nested.input.container == "zip")
        #expect(errorDescription { _ = try inputs.next() } == "\(outer)!in/inner.zip!innermost.zip: zip archive nested 3 deep; at most 2 levels are opened (raise ReaderOptions.maxContainerDepth, --max-container-depth)")
        #expect(try inputs.next() == nil)
    }
}

@Suite struct ZipStreamingLimitTests {
    /// A bomb whose headers lie (declared size 1000 bytes) is caught while streaming, after about
    /// 200 times its compressed size, with the extraction thread's queue bounded.
    @Test func lyingHeadersAreCaughtWhileStreaming() throws {
        let path = try makeZip("liar.zip", [("letters.csv", "@letters:67108864")])
        var bytes = fileBytes(path)
        func patch(_ at: Int) { bytes.replaceSubrange(at ..< at + 4, with: [0xE8, 0x03, 0, 0]) }
        // Local header: uncompressed size at 22. Central directory entry (PK 01 02): at 24.
        patch(22)
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let starts: [Int] = (0 ..< bytes.count - 4).filter { (i: Int) -> Bool in Array(bytes[i ..< i + 4]) == signature }
        let central = try #require(starts.last)
        patch(central + 24)
        let liar = temporaryFile(bytes, name: "liar.zip")
        let inputs = try InputOpener.entries(path: liar)
        let description = errorDescription { while let reader = try inputs.next() { while try reader.nextBatch() != nil {} } }
        #expect(description?.hasPrefix("\(liar)!letters.csv: zip entry expands more than 200 times (") == true)
        #expect(description?.hasSuffix("refusing a possible decompression bomb (raise ReaderOptions.maxExpansionRatio, --max-expansion-ratio)") == true)
    }
}

/// Zip member data as LeakTrace reads it (``ZipArchive``, zlib raw inflate bounded by the
/// compressed size): damage is an error naming the entry, never a spin or a silent short read.
@Suite struct ZipDataTests {
    /// A zip written by Python's zipfile with one compression for every entry.
    static func zip(_ entries: [(String, String)], compression: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-zipdata-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/data.zip"
        let script = """
        import sys, json, zipfile
        path, method, entries = sys.argv[1], getattr(zipfile, sys.argv[2]), json.loads(sys.argv[3])
        with zipfile.ZipFile(path, "w", method) as z:
            for name, content in entries:
                z.writestr(name, content)
        """
        let json = String(decoding: try JSONSerialization.data(withJSONObject: entries.map { [$0.0, $0.1] }), as: UTF8.self)
        try runTool(["python3", "-c", script, path, compression, json])
        return path
    }

    static let rows = (0 ..< 400).map { "nama\($0),90010114\(String(format: "%04d", $0))\n" }.joined()

    /// The offset of the first central directory record (`PK 01 02`).
    static func centralRecord(_ bytes: [UInt8]) throws -> Int {
        try #require(signature(bytes, 1, 2).first)
    }

    /// Offsets of `PK a b` in `bytes`.
    static func signature(_ bytes: [UInt8], _ a: UInt8, _ b: UInt8) -> [Int] {
        var found: [Int] = []
        for i in 0 ..< bytes.count - 3 where bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == a && bytes[i + 3] == b {
            found.append(i)
        }
        return found
    }

    static func patched(_ path: String, _ change: (inout [UInt8]) throws -> Void) throws -> String {
        var bytes = fileBytes(path)
        try change(&bytes)
        return temporaryFile(bytes, name: "patched.zip")
    }

    static func put32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for k in 0 ..< 4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
    }

    @Test(arguments: ["ZIP_STORED", "ZIP_DEFLATED"])
    func entriesReadExactly(compression: String) throws {
        let path = try Self.zip([("a.csv", Self.rows), ("b.csv", "x\n1\n")], compression: compression)
        let inputs = try ZipProbe.records(path)
        #expect(inputs["a.csv"]?.count == 400)
        #expect(inputs["a.csv"]?.last == ["nama399", "900101140399"])
        #expect(inputs["b.csv"] == [["x"], ["1"]])
    }

    /// The fuzzer's hang (ZIPFoundation's Linux inflate loop never ends on a cut deflate stream):
    /// here a directory that declares half the compressed bytes.
    @Test func aDeflateStreamCutShortIsTruncatedNotAHang() throws {
        var half: UInt32 = 0
        let path = try Self.patched(try Self.zip([("a.csv", Self.rows)], compression: "ZIP_DEFLATED")) { bytes in
            let cd = try Self.centralRecord(bytes)
            half = (UInt32(bytes[cd + 20]) | UInt32(bytes[cd + 21]) << 8) / 2
            Self.put32(&bytes, cd + 20, half)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let description = errorDescription { _ = try ZipProbe.records(path) }
        #expect(clock.now - start < .seconds(5))
        #expect(description == "\(path)!a.csv: truncated zip entry: the data ends at compressed byte \(half) of \(half); expected the rest of the deflate stream")
    }

    @Test func aCRCMismatchIsDamageNamingTheEntry() throws {
        let path = try Self.patched(try Self.zip([("a.csv", Self.rows)], compression: "ZIP_STORED")) { bytes in
            bytes[30 + 5 + 100] ^= 0x01  // local header (30 bytes) + "a.csv", then a byte of the data
        }
        #expect(errorDescription { _ = try ZipProbe.records(path) } == "\(path)!a.csv: damaged zip entry: CRC-32 mismatch; expected data matching the CRC-32 in the central directory")
    }

    @Test func aWrongDeclaredSizeIsDamage() throws {
        let path = try Self.patched(try Self.zip([("a.csv", Self.rows)], compression: "ZIP_DEFLATED")) { bytes in
            Self.put32(&bytes, try Self.centralRecord(bytes) + 24, UInt32(Self.rows.utf8.count + 7))
        }
        #expect(errorDescription { _ = try ZipProbe.records(path) } == "\(path)!a.csv: damaged zip entry: it decompresses to \(Self.rows.utf8.count) bytes, the central directory says \(Self.rows.utf8.count + 7); expected the declared size")
    }

    @Test func encryptedAndUnsupportedMethodsAreRefusedPerEntry() throws {
        let bzip = try Self.zip([("a.csv", Self.rows)], compression: "ZIP_BZIP2")
        #expect(errorDescription { _ = try ZipProbe.records(bzip) } == "\(bzip)!a.csv: zip entry compressed with method 12; expected stored (0) or deflate (8)")
        let encrypted = try Self.patched(try Self.zip([("a.csv", Self.rows)], compression: "ZIP_DEFLATED")) { bytes in
            bytes[try Self.centralRecord(bytes) + 8] |= 1
        }
        #expect(errorDescription { _ = try ZipProbe.records(encrypted) } == "\(encrypted)!a.csv: encrypted zip entry; expected an unencrypted entry (decrypt the archive first)")
    }

    @Test func aCentralDirectoryPastTheEndIsDamage() throws {
        let path = try Self.patched(try Self.zip([("a.csv", "x\n1\n")], compression: "ZIP_DEFLATED")) { bytes in
            // The end record's "offset of the central directory" (at +16) pointing past the file.
            let eocd = try #require(Self.signature(bytes, 5, 6).last)
            Self.put32(&bytes, eocd + 16, UInt32(bytes.count + 1000))
        }
        let description = try #require(errorDescription { _ = try InputOpener.entries(path: path) })
        #expect(description.hasPrefix("\(path): damaged zip central directory at byte "))
        #expect(description.hasSuffix("; expected a central directory inside the file (it would end past byte \(fileBytes(path).count))"))
    }
}

/// Every record of every input of a path, by entry.
enum ZipProbe {
    static func records(_ path: String) throws -> [String: [[String]]] {
        var out: [String: [[String]]] = [:]
        for input in try readEntries(path) { out[input.entry ?? "", default: []] += input.records }
        return out
    }
}
