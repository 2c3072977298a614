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

    public static func readerOptions(format: DumpFormat?, delimiter: UInt8? = nil) -> ReaderOptions {
        ReaderOptions(format: format, delimiter: delimiter, chunkBytes: chunkBytes, maxRecordBytes: maxRecordBytes, maxNesting: maxNesting)
    }

    /// One dump-reader run: the records read straight from `DumpReader` (checked), then the whole
    /// scan pipeline over the same file.
    public static func readDump(_ data: UnsafePointer<UInt8>, _ size: Int, options: ReaderOptions) {
        let input = UnsafeBufferPointer(start: data, count: size)
        withInputFile(data, size) { path in
            drainChecked(path: path, input: input, options: options)
            if selectedForScan(input) { scan(path: path, options: options) }
        }
    }

    /// One input in `scanEvery` (default 64) also goes through the whole scan pipeline (`Scanner`),
    /// whose fixed cost per scan (person sets, distinct estimators: ~30 ms under ASan) is ~100 times
    /// a reader pass. The choice is a hash of the bytes: the same input is always scanned or never,
    /// so a crash file reproduces.
    /// `LEAKTRACE_FUZZ_SCAN_EVERY=1` scans every input; 0 none.
    public static let scanEvery: UInt64 = {
        guard let env = getenv("LEAKTRACE_FUZZ_SCAN_EVERY"), let n = UInt64(String(cString: env)) else { return 64 }
        return n
    }()

    static func selectedForScan(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard scanEvery > 0 else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in input {
            hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return hash % scanEvery == 0
    }

    /// `Scanner.scan` on one worker, with a small sample so that the streaming phase runs too.
    public static func scan(path: String, options: ReaderOptions) {
        var scanOptions = ScanOptions(today: today)
        scanOptions.reader = options
        scanOptions.workers = 1
        scanOptions.sampleRecords = 16
        let report = Scanner(options: scanOptions).scan(paths: [path])
        precondition(report.files.count >= 1, "scan report has no entry for its input")
    }

    /// Reads every batch and checks what `RecordBatch` promises: parallel arrays of one length,
    /// fields inside `bytes`, records in file order with the right line numbers.
    static func drainChecked(path: String, input: UnsafeBufferPointer<UInt8>, options: ReaderOptions) {
        // linesBefore[i]: line feeds before byte i, so the line of byte i is linesBefore[i] + 1.
        var linesBefore = [Int](repeating: 0, count: input.count + 1)
        for i in 0 ..< input.count { linesBefore[i + 1] = linesBefore[i] + (input[i] == 0x0A ? 1 : 0) }

        let reader: DumpReader
        do {
            reader = try DumpReader(path: path, options: options)
        } catch {
            return  // refused (binary, empty, unreadable): an answer, not a crash
        }
        precondition(reader.input.bytes == input.count, "input size \(reader.input.bytes), file has \(input.count)")
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
            precondition(batches <= input.count + 1, "more batches than input bytes: the reader does not advance")
            // Offsets count decoded bytes: they match the input's only when nothing was unwrapped
            // (gzip) or transcoded (UTF-16, Windows-1252).
            let original = reader.input.container == nil && reader.input.encoding.hasPrefix("utf-8")
            check(batch, input: input, linesBefore: linesBefore, lastOffset: &lastOffset, ndjson: reader.input.format == .ndjson, original: original)
            if original {
                precondition(reader.bytesConsumed <= input.count, "bytesConsumed \(reader.bytesConsumed) past the end (\(input.count))")
            }
        }
        precondition(reader.warnings.total >= reader.warnings.examples.count, "warning log: fewer warnings than examples")
    }

    static func check(_ batch: RecordBatch, input: UnsafeBufferPointer<UInt8>, linesBefore: [Int], lastOffset: inout Int, ndjson: Bool, original: Bool) {
        let fields = batch.fieldStart.count
        precondition(batch.fieldLength.count == fields && batch.fieldFlags.count == fields, "field arrays of different lengths")
        precondition(batch.fieldColumn.isEmpty || batch.fieldColumn.count == fields, "fieldColumn neither empty nor one per field")
        if ndjson { precondition(batch.fieldColumn.count == fields, "NDJSON field without a column") }
        precondition(batch.recordFirstField.count == batch.recordCount + 1, "recordFirstField is not one per record plus a sentinel")
        precondition(batch.recordOffset.count == batch.recordCount, "recordOffset is not one per record")
        precondition(batch.recordFirstField.first == 0 && Int(batch.recordFirstField.last!) == fields, "record field ranges do not cover the fields")
        for r in 0 ..< batch.recordCount {
            precondition(batch.recordFirstField[r] <= batch.recordFirstField[r + 1], "record \(r): field range runs backwards")
            let offset = batch.recordOffset[r]
            precondition(offset >= 0, "record \(r): negative offset \(offset)")
            precondition(offset > lastOffset || (offset == lastOffset && (!original || offset == input.count)), "record \(r): offset \(offset) not after the previous record's (\(lastOffset))")
            lastOffset = offset
            if original {
                precondition(offset <= input.count, "record \(r): offset \(offset) outside the input (\(input.count) bytes)")
                let line = batch.recordLine[r]
                precondition(line == linesBefore[offset] + 1, "record \(r) at byte \(offset): line \(line), but that byte is on line \(linesBefore[offset] + 1)")
            }
        }
        for i in 0 ..< fields {
            let start = Int(batch.fieldStart[i])
            let length = Int(batch.fieldLength[i])
            precondition(start >= 0 && length >= 0 && start + length <= batch.bytes.count, "field \(i): \(start)+\(length) outside bytes (\(batch.bytes.count))")
            _ = batch.string(field: i)
        }
        if ndjson {
            for column in batch.fieldColumn { precondition(column >= 0, "negative column index") }
        }
    }

    /// Free text: the in-memory scan and the chunked file scan (4 KiB chunks, the smallest), each
    /// span inside the input, with its line, in order.
    public static func scanText(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let input = UnsafeBufferPointer(start: data, count: size)
        var linesBefore = [Int](repeating: 0, count: size + 1)
        for i in 0 ..< size { linesBefore[i + 1] = linesBefore[i] + (input[i] == 0x0A ? 1 : 0) }
        let scanner = TextScanner(referenceDate: today)
        let spans = scanner.scan(Array(input))
        checkSpans(spans, size: size, linesBefore: linesBefore, what: "scan(bytes)")
        withInputFile(data, size) { path in
            var fileSpans: [TextSpan] = []
            do {
                try scanner.scanFile(path: path, chunkSize: 4096) { fileSpans.append($0) }
            } catch {
                return
            }
            checkSpans(fileSpans, size: size, linesBefore: linesBefore, what: "scanFile")
        }
    }

    static func checkSpans(_ spans: [TextSpan], size: Int, linesBefore: [Int], what: String) {
        var previousStart = -1
        for span in spans {
            precondition(span.start >= 0 && span.start < span.end && span.end <= size, "\(what): span \(span.start)..<\(span.end) outside the input (\(size) bytes)")
            precondition(span.start >= previousStart, "\(what): spans out of order (\(span.start) after \(previousStart))")
            previousStart = span.start
            precondition(span.line == linesBefore[span.start] + 1, "\(what): span at byte \(span.start) says line \(span.line), the byte is on line \(linesBefore[span.start] + 1)")
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
