#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibFuzzer
import Dumps
import LeakTraceCore
import Triage

/// What every fuzz target shares: the input written to a scratch file (the readers read files),
/// small chunk sizes and limits so that record boundaries and the too-long/too-deep paths are
/// reached by small inputs, and checks of the reader's documented invariants.
///
/// A failed check is a `fatalError`: libFuzzer records it as a crash, with the input. Errors the
/// readers throw (`LeakTraceError`) are answers to hostile input, not crashes.
public enum FuzzHarness {
    /// Bytes read from the file at a time: small, so that records straddle many chunk ends.
    public static let chunkBytes = 64
    /// Records longer than this are skipped with a warning.
    public static let maxRecordBytes = 512
    /// JSON nesting deeper than this is a malformed line.
    public static let maxNesting = 8
    /// The date the scans run on (fixed: the same input always takes the same path).
    public static let today = CivilDate(year: 2024, month: 6, day: 30)!

    /// The scratch file: one per process, in `$LEAKTRACE_FUZZ_DIR` (the script's own directory),
    /// else /dev/shm, else /tmp.
    public static let scratchPath: String = {
        var directory = "/tmp"
        if let env = getenv("LEAKTRACE_FUZZ_DIR") {
            directory = String(cString: env)
        } else if access("/dev/shm", W_OK) == 0 {
            directory = "/dev/shm"
        }
        return "\(directory)/leaktrace-fuzz-\(getpid()).input"
    }()

    /// Writes the input to the scratch file, runs `body` on its path, removes the file.
    public static func withInputFile<R>(_ data: UnsafePointer<UInt8>, _ size: Int, _ body: (String) -> R) -> R {
        let path = scratchPath
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("fuzz harness: cannot create \(path): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < size {
            let n = write(fd, data + written, size - written)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { fatalError("fuzz harness: cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        close(fd)
        defer { unlink(path) }
        return body(path)
    }

    /// Reader options for fuzzing: the small chunk and record limits above, and container limits
    /// small enough that a hostile zip or gzip (a bomb, thousands of entries) costs milliseconds,
    /// not seconds: 4 MiB out of one gzip file or zip entry, 64 entries per zip, 1 MiB of XLSX
    /// shared strings.
    public static func readerOptions(format: DumpFormat?, delimiter: UInt8? = nil) -> ReaderOptions {
        var options = ReaderOptions(format: format, delimiter: delimiter, chunkBytes: chunkBytes, maxRecordBytes: maxRecordBytes, maxNesting: maxNesting)
        options.maxDecompressedBytes = 4 << 20
        options.maxZipEntries = 64
        options.maxSharedStringsBytes = 1 << 20
        return options
    }

    /// One dump-reader run per entry of `passes`, all over one scratch file (written once): the
    /// records read straight from `DumpReader` (checked), then, for one input in `scanEvery`, the
    /// whole scan pipeline over the same file with each pass's options.
    public static func readDump(_ data: UnsafePointer<UInt8>, _ size: Int, options passes: ReaderOptions...) {
        let input = UnsafeBufferPointer(start: data, count: size)
        withInputFile(data, size) { path in
            for options in passes { drainChecked(path: path, input: input, options: options) }
            if selectedForScan(input) {
                for options in passes { scan(path: path, options: options) }
            }
        }
    }

    /// One input in `scanEvery` (default 256) also goes through the whole scan pipeline
    /// (`Scanner`), whose fixed cost per scan (person sets, distinct estimators, column typing:
    /// 5-30 ms under ASan) is tens of times a reader pass: at 1 in 64 it took about 10% of the
    /// time of a reader target, at 1 in 256 it takes 2-3%. The choice is a hash of the bytes: the
    /// same input is always scanned or never, so a crash file reproduces.
    /// `LEAKTRACE_FUZZ_SCAN_EVERY=1` scans every input; 0 none.
    public static let scanEvery: UInt64 = {
        guard let env = getenv("LEAKTRACE_FUZZ_SCAN_EVERY"), let n = UInt64(String(cString: env)) else { return 256 }
        return n
    }()

    public static func selectedForScan(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard scanEvery > 0 else { return false }
        return hash(input) % scanEvery == 0
    }

    /// FNV-1a of the bytes: a choice that depends on the input only (crash files reproduce).
    public static func hash(_ input: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in input {
            hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// `Scanner.scan` on one worker, with a small sample so that the streaming phase runs too. The
    /// report has an entry for the input (read or failed), except for a zip (`PK 03 04`/`PK 05 06`):
    /// one per file entry (none when it lists none) or, for an XLSX workbook, one per sheet.
    public static func scan(path: String, options: ReaderOptions) {
        var scanOptions = ScanOptions(today: today)
        scanOptions.reader = options
        scanOptions.workers = 1
        scanOptions.sampleRecords = 16
        let report = Scanner(options: scanOptions).scan(paths: [path])
        precondition(report.files.count >= 1 || isZip(path: path), "scan report has no entry for its input")
    }

    static func isZip(path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var magic = [UInt8](repeating: 0, count: 4)
        guard fread(&magic, 1, 4, file) == 4 else { return false }
        return magic[0] == 0x50 && magic[1] == 0x4B && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))
    }

    /// Opens `path` with `DumpReader` and drains it (see ``drainChecked(_:input:options:)``). Returns what
    /// the reader decided about the input, or nil when it refused it (binary, empty, not a
    /// workbook...): an answer, not a crash.
    @discardableResult
    public static func drainChecked(path: String, input: UnsafeBufferPointer<UInt8>, options: ReaderOptions) -> InputDescription? {
        let reader: DumpReader
        do {
            reader = try DumpReader(path: path, options: options)
        } catch {
            return nil
        }
        drainChecked(reader, input: input, options: options)
        return reader.input
    }

    /// Reads every batch and checks what `RecordBatch` promises: parallel arrays of one length,
    /// fields inside `bytes`, records in order. `input` is the file the reader read, when it read
    /// one (nil for a zip entry): record offsets and lines are checked against its bytes when
    /// nothing was unwrapped or transcoded. An error thrown by `nextBatch()` ends the input: an
    /// answer to hostile bytes, not a crash.
    public static func drainChecked(_ reader: DumpReader, input: UnsafeBufferPointer<UInt8>?, options: ReaderOptions) {
        if let input {
            precondition(reader.input.bytes == input.count, "input size \(reader.input.bytes), file has \(input.count)")
        }
        let format = reader.input.format
        // Offsets count decoded bytes: they match the input's only when nothing was unwrapped
        // (gzip, zip) or transcoded (UTF-16, Windows-1252). XLSX rows carry their row number as
        // the line and no byte offset.
        let original = input != nil && reader.input.container == nil && reader.input.encoding.hasPrefix("utf-8") && format != .xlsx
        let objects = format == .ndjson || format == .json
        var lines = LineCounter(input ?? UnsafeBufferPointer(start: nil, count: 0))
        // Each batch holds at least one record made of at least one byte read: at most one batch
        // per byte (of the file, or of the at most maxDecompressedBytes inflated).
        let maxBatches = (input.map { $0.count } ?? 0) + (original ? 1 : options.maxDecompressedBytes + 1)
        var lastOffset = -1
        var batches = 0
        while true {
            let next: RecordBatch?
            do {
                next = try reader.nextBatch()
            } catch {
                return
            }
            guard let batch = next else { break }
            batches += 1
            precondition(batches <= maxBatches, "more batches (\(batches)) than input bytes: the reader does not advance")
            check(batch, lines: &lines, lastOffset: &lastOffset, objects: objects, original: original)
            if format == .xlsx { precondition(batch.table != nil, "XLSX batch without its sheet name") }
            if original, let input {
                precondition(reader.bytesConsumed <= input.count, "bytesConsumed \(reader.bytesConsumed) past the end (\(input.count))")
            }
        }
        precondition(reader.warnings.total >= reader.warnings.examples.count, "warning log: fewer warnings than examples")
    }

    /// The line of a byte of the input, for offsets asked in non-decreasing order: counts the line
    /// feeds between the previous offset and this one (`memchr`), so checking every record's
    /// line costs one pass over the input and no allocation.
    struct LineCounter {
        let input: UnsafeBufferPointer<UInt8>
        private var offset = 0
        private var line = 1

        init(_ input: UnsafeBufferPointer<UInt8>) {
            self.input = input
        }

        /// The 1-based line of byte `target` (`0...input.count`; `input.count` is the end).
        mutating func line(at target: Int) -> Int {
            precondition(target >= offset && target <= input.count, "line counter asked for byte \(target) after byte \(offset)")
            guard target > offset, let base = input.baseAddress else { return line }
            var p = base + offset
            let end = base + target
            while p < end, let nl = memchr(p, 0x0A, end - p) {
                line += 1
                p = UnsafePointer(nl.assumingMemoryBound(to: UInt8.self)) + 1
            }
            offset = target
            return line
        }
    }

    static func check(_ batch: RecordBatch, lines: inout LineCounter, lastOffset: inout Int, objects: Bool, original: Bool) {
        let fields = batch.fieldStart.count
        let size = lines.input.count
        precondition(batch.fieldLength.count == fields && batch.fieldFlags.count == fields, "field arrays of different lengths")
        precondition(batch.fieldColumn.isEmpty || batch.fieldColumn.count == fields, "fieldColumn neither empty nor one per field")
        if objects { precondition(batch.fieldColumn.count == fields, "JSON field without a column") }
        precondition(batch.recordFirstField.count == batch.recordCount + 1, "recordFirstField is not one per record plus a sentinel")
        precondition(batch.recordOffset.count == batch.recordCount, "recordOffset is not one per record")
        precondition(batch.recordFirstField.first == 0 && Int(batch.recordFirstField.last!) == fields, "record field ranges do not cover the fields")
        for r in 0 ..< batch.recordCount {
            precondition(batch.recordFirstField[r] <= batch.recordFirstField[r + 1], "record \(r): field range runs backwards")
            let offset = batch.recordOffset[r]
            precondition(offset >= 0, "record \(r): negative offset \(offset)")
            precondition(offset > lastOffset || (offset == lastOffset && (!original || offset == size)), "record \(r): offset \(offset) not after the previous record's (\(lastOffset))")
            lastOffset = offset
            if original {
                precondition(offset <= size, "record \(r): offset \(offset) outside the input (\(size) bytes)")
                let line = batch.recordLine[r]
                let expected = lines.line(at: offset)
                precondition(line == expected, "record \(r) at byte \(offset): line \(line), but that byte is on line \(expected)")
            }
        }
        // The bytes the fields point into: the batch's own, or a mapped file's (plain CSV).
        let byteCount = batch.withBytes { $0.count }
        if batch.mapped != nil { precondition(batch.bytes.isEmpty, "a mapped batch with bytes of its own") }
        for i in 0 ..< fields {
            let start = Int(batch.fieldStart[i])
            let length = Int(batch.fieldLength[i])
            precondition(start >= 0 && length >= 0 && start + length <= byteCount, "field \(i): \(start)+\(length) outside bytes (\(byteCount))")
            _ = batch.string(field: i)
        }
        if objects {
            for column in batch.fieldColumn { precondition(column >= 0, "negative column index") }
        }
    }

    /// Containers (`InputOpener.entries`): every input of the file (the file itself, or each
    /// entry of a zip and of a zip inside it, gunzipped), each drained with the checks of
    /// ``drainChecked(_:input:options:)``. An error from `next()` concerns one entry and is an answer;
    /// `next()` is called again until it returns nil, at most once per entry that can exist
    /// (`maxZipEntries` at each of the `maxContainerDepth` levels), else the opener does not
    /// advance. Then, for one input in `scanEvery`, the whole scan pipeline.
    public static func readEntries(_ data: UnsafePointer<UInt8>, _ size: Int, options: ReaderOptions) {
        let input = UnsafeBufferPointer(start: data, count: size)
        withInputFile(data, size) { path in
            defer { if selectedForScan(input) { scan(path: path, options: options) } }
            let entries: InputEntries
            do {
                entries = try InputOpener.entries(path: path, options: options)
            } catch {
                return  // a truncated zip, too many entries...: an answer
            }
            var bound = 2
            var perLevel = 1
            for _ in 0 ..< max(1, options.maxContainerDepth) {
                perLevel *= options.maxZipEntries
                bound += perLevel
            }
            var calls = 0
            while true {
                calls += 1
                precondition(calls <= bound, "InputEntries.next() called \(calls) times: it does not advance")
                let reader: DumpReader
                do {
                    guard let next = try entries.next() else { break }
                    reader = next
                } catch {
                    continue  // this entry refused (binary, a bomb, unsupported...); go on
                }
                if entries.container == nil {
                    precondition(reader.input.entry == nil, "a plain file's reader names an entry")
                    drainChecked(reader, input: input, options: options)
                } else {
                    precondition(reader.input.entry != nil && reader.input.container?.hasPrefix("zip") == true,
                                 "zip entry reader without its entry or container (\(reader.input.entry ?? "nil"), \(reader.input.container ?? "nil"))")
                    drainChecked(reader, input: nil, options: options)
                }
            }
        }
    }

    /// Zip inputs: a byte mutation inside a stored (uncompressed) entry almost always breaks its
    /// CRC-32, and the entry is then refused before its contents are parsed. For one input in two
    /// (odd hash), `body` gets a copy in which every stored entry lying inside the input has its
    /// CRC-32 recomputed (local header and central directory), so that mutated XML or CSV inside
    /// a zip is parsed; the other half is read as it is, checksum failures included.
    public static func withStoredCRCsFixed(_ data: UnsafePointer<UInt8>, _ size: Int, _ body: (UnsafePointer<UInt8>, Int) -> Void) {
        let input = UnsafeBufferPointer(start: data, count: size)
        guard size >= 30, hash(input) & 1 == 1 else { return body(data, size) }
        var bytes = Array(input)
        fixStoredCRCs(&bytes)
        bytes.withUnsafeBufferPointer { body($0.baseAddress!, size) }
    }

    static func fixStoredCRCs(_ b: inout [UInt8]) {
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        func signature(_ i: Int, _ x: UInt8, _ y: UInt8) -> Bool { b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == x && b[i + 3] == y }
        var crcs: [Int: UInt32] = [:]  // local header offset -> new CRC-32
        var i = 0
        while i + 30 <= b.count {
            if signature(i, 3, 4), u16(i + 8) == 0 {
                let start = i + 30 + u16(i + 26) + u16(i + 28)
                let length = u32(i + 18)
                if start + length <= b.count {
                    let crc = crc32(b[start ..< start + length])
                    for k in 0 ..< 4 { b[i + 14 + k] = UInt8(truncatingIfNeeded: crc >> (8 * k)) }
                    crcs[i] = crc
                    i = start + length
                    continue
                }
            }
            i += 1
        }
        guard !crcs.isEmpty else { return }
        i = 0
        while i + 46 <= b.count {
            if signature(i, 1, 2), let crc = crcs[u32(i + 42)] {
                for k in 0 ..< 4 { b[i + 16 + k] = UInt8(truncatingIfNeeded: crc >> (8 * k)) }
            }
            i += 1
        }
    }

    static let crcTable: [UInt32] = (0 ..< 256).map { n in
        var c = UInt32(n)
        for _ in 0 ..< 8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// Made once: a `TextScanner` holds only its settings.
    static let textScanner = TextScanner(referenceDate: today)
    /// `scanFile`'s smallest chunk.
    static let textChunk = 4096

    /// Free text: the in-memory scan and the chunked file scan (4 KiB chunks, the smallest), each
    /// span inside the input, with its line, in order.
    ///
    /// An input of at most one chunk is one chunk for `scanFile` too, which then runs exactly
    /// `scan(bytes)` on the same bytes: the file scan runs only for inputs longer than a chunk
    /// (where chunk cuts, offsets and line carrying are what it adds), and for one small input in
    /// 64 (hash-chosen) so that its open/read/binary-probe path stays covered.
    public static func scanText(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let input = UnsafeBufferPointer(start: data, count: size)
        let spans = textScanner.scan(Array(input))
        checkSpans(spans, input: input, what: "scan(bytes)")
        guard size > textChunk || hash(input) % 64 == 0 else { return }
        withInputFile(data, size) { path in
            var fileSpans: [TextSpan] = []
            do {
                try textScanner.scanFile(path: path, chunkSize: textChunk) { fileSpans.append($0) }
            } catch {
                return
            }
            checkSpans(fileSpans, input: input, what: "scanFile")
        }
    }

    static func checkSpans(_ spans: [TextSpan], input: UnsafeBufferPointer<UInt8>, what: String) {
        let size = input.count
        var lines = LineCounter(input)
        var previousStart = -1
        for span in spans {
            precondition(span.start >= 0 && span.start < span.end && span.end <= size, "\(what): span \(span.start)..<\(span.end) outside the input (\(size) bytes)")
            precondition(span.start >= previousStart, "\(what): spans out of order (\(span.start) after \(previousStart))")
            previousStart = span.start
            let expected = lines.line(at: span.start)
            precondition(span.line == expected, "\(what): span at byte \(span.start) says line \(span.line), the byte is on line \(expected)")
            precondition(span.confidence >= 0 && span.confidence <= 1, "\(what): confidence \(span.confidence) outside 0...1")
        }
    }
}

extension FuzzHarness {
    /// libFuzzer's `main`, for the entry point SwiftPM links executables to.
    ///
    /// SwiftPM (tools 5.5+) links every executable with `--defsym main=<Target>_main`, a symbol the
    /// compiler only emits for top-level code, which a `-parse-as-library` fuzz target has none of.
    /// Each target therefore defines `<Target>_main` as a call to this: libFuzzer's own driver
    /// (`LLVMFuzzerRunDriver`), with the target's `LLVMFuzzerTestOneInput` as the callback.
    public static func runLibFuzzer(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
