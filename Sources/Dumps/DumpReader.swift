#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LeakTraceCore

/// The record formats `scan` reads.
public enum DumpFormat: String, Sendable, Codable, CaseIterable {
    case csv
    case tsv
    case ndjson
    /// MySQL/MariaDB `mysqldump` output (INSERT statements).
    case mysqldump
    /// PostgreSQL `pg_dump` plain output (COPY data or INSERT statements).
    case pgdump
    /// A JSON array of objects (`[ {...}, ... ]`, or the first array of objects in a top-level
    /// object), streamed element by element; see ``JSONArrayParser``.
    case json
    /// An Excel workbook (Office Open XML, a zip holding `xl/workbook.xml`): one table per sheet;
    /// see ``XLSXReader``.
    case xlsx
}

/// Limits and overrides for reading one input.
public struct ReaderOptions: Sendable {
    /// Forces a format instead of sniffing the content.
    public var format: DumpFormat?
    /// Forces a delimiter for CSV (`,` `;` `|` or tab).
    public var delimiter: UInt8?
    /// Bytes read from the file at a time.
    public var chunkBytes: Int
    /// A record longer than this is skipped with a warning (resynchronising at the next line end).
    public var maxRecordBytes: Int
    /// JSON nesting deeper than this is an error for that line.
    public var maxNesting: Int
    /// XLSX: the shared strings (every distinct text of a workbook, held in memory) may total at
    /// most this many bytes; a larger table is an error. Default 512 MiB.
    public var maxSharedStringsBytes: Int = 512 << 20
    /// Decompression bombs: a gzip file or zip entry may expand at most this many times its
    /// compressed size (checked once more than 1 MiB has come out). Default 200; ordinary CSV
    /// compresses 5 to 20 times.
    public var maxExpansionRatio: Int = 200
    /// Decompression bombs: at most this many decompressed bytes per input (a gzip file or one
    /// zip entry). Default 64 GiB.
    public var maxDecompressedBytes: Int = 64 << 30
    /// At most this many entries in one zip archive (directories included). Default 10,000.
    public var maxZipEntries: Int = 10_000
    /// Zip archives nest at most this deep: 1 reads the entries of a zip, 2 (the default) also
    /// the entries of a zip inside it; a deeper zip is an error for that entry.
    public var maxContainerDepth: Int = 2
    /// A record may have at most this many fields (CSV/TSV and SQL rows: fields; XLSX: the row's
    /// cells, a cell in a column past this one included; NDJSON and JSON arrays: values, and the
    /// distinct column paths of the whole input). A wider record is a bad record
    /// (`record-too-wide`), as is an NDJSON line or array element that would add a path beyond
    /// this many. Default 4,096: per-column state makes a record of millions of empty fields
    /// costly, and real exports have far fewer columns.
    public var maxColumns: Int = 4096
    /// Plain CSV and TSV files are mapped and parsed in place (``MappedFile``) unless this is
    /// false; gzip, zip entries, transcoded text, pipes and the other formats are always read.
    public var memoryMap = true

    public init(format: DumpFormat? = nil, delimiter: UInt8? = nil, chunkBytes: Int = 4 << 20, maxRecordBytes: Int = 16 << 20, maxNesting: Int = 64) {
        self.format = format
        self.delimiter = delimiter
        self.chunkBytes = chunkBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxNesting = maxNesting
    }
}

/// What the reader decided about an input, for the report.
public struct InputDescription: Sendable, Codable, Equatable {
    public var path: String
    public var format: DumpFormat
    /// The CSV delimiter as text (`,`, `\t`, `;`, `|`); nil for NDJSON.
    public var delimiter: String?
    /// `utf-8`, `utf-8 (with BOM)`, `utf-16le (BOM)`, `utf-16be (BOM)` or
    /// `windows-1252 (invalid UTF-8 at byte N)`; everything is read as UTF-8 after transcoding.
    public var encoding: String
    /// Size of the input as stored: the file (compressed for gzip), or a zip entry's declared
    /// uncompressed size.
    public var bytes: Int
    /// The entry path inside a zip (`dir/entry.csv`; `inner.zip!entry.csv` when nested); nil otherwise.
    public var entry: String? = nil
    /// `gzip`, `zip` or `zip+gzip` (a gzipped entry); nil for a plain file.
    public var container: String? = nil
    /// Why this format was chosen: "sniffed" or "--format".
    public var formatDecision: String
}

/// A problem with one record or line that did not stop the scan. Never holds a value.
public struct ReadWarning: Sendable, Codable, Equatable {
    public var kind: String
    public var line: Int
    public var byteOffset: Int
    public var message: String

    public init(kind: String, line: Int, byteOffset: Int, message: String) {
        self.kind = kind
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }
}

extension ReadWarning {
    /// The message of a `record-too-wide` warning: names the limit and its option, never a value.
    /// `paths`: the record would add a distinct column path past the limit (NDJSON, JSON arrays).
    static func tooWideMessage(limit: Int, paths: Bool = false, detail: String = "", skipped: String = "skipped") -> String {
        paths
            ? "record adds a column path beyond the first \(limit) of the input\(detail); expected at most \(limit) distinct column paths (--max-columns, ReaderOptions.maxColumns); \(skipped)"
            : "record has more than \(limit) fields\(detail); expected at most \(limit) fields (--max-columns, ReaderOptions.maxColumns); \(skipped)"
    }


    /// True for damage that cost a record (skipped, cut short or unreadable), as opposed to a
    /// record kept with a remark (invalid UTF-8 in a cell, text after a closing quote). A strict
    /// scan stops at the first of these; `--keep-going` skips and counts them.
    public var isBadRecord: Bool {
        kind == "record-too-long" || kind == "record-too-wide" || kind == "unterminated-quote" || kind.hasPrefix("malformed") || kind.hasPrefix("truncated")
    }
}

/// Counts warnings by kind and keeps the first few of each as examples.
public struct WarningLog: Sendable, Codable, Equatable {
    public private(set) var total = 0
    public private(set) var byKind: [String: Int] = [:]
    public private(set) var examples: [ReadWarning] = []
    public static let examplesPerKind = 5

    public init() {}

    public mutating func add(_ warning: ReadWarning) {
        total += 1
        let count = byKind[warning.kind, default: 0] + 1
        byKind[warning.kind] = count
        if count <= WarningLog.examplesPerKind { examples.append(warning) }
    }

    /// The earliest bad-record warning kept as an example, if any.
    public var firstBadRecord: ReadWarning? {
        examples.filter(\.isBadRecord).min { ($0.line, $0.byteOffset) < ($1.line, $1.byteOffset) }
    }

    public mutating func merge(_ other: WarningLog) {
        for example in other.examples where byKind[example.kind, default: 0] < WarningLog.examplesPerKind {
            examples.append(example)
            byKind[example.kind, default: 0] += 0
        }
        for (kind, count) in other.byKind { byKind[kind, default: 0] += count }
        total += other.total
    }
}

/// Streams the records of one input file as ``RecordBatch``es, in bounded memory.
///
/// The format is sniffed from the content (never from the extension) unless forced. Damage that
/// affects one record becomes a ``ReadWarning``; damage that makes the file unreadable is a
/// ``LeakTraceError`` naming the file, the line and the byte offset.
public final class DumpReader {
    public let input: InputDescription
    public private(set) var warnings = WarningLog()
    private let options: ReaderOptions
    private let source: any ByteSource
    private var pending: [UInt8] = []
    /// File offset of `pending[0]`.
    private var pendingOffset: Int
    private var pendingLine = 1
    /// Fields and records of the last CSV batch (see `parseCSVPending`).
    private var lastBatchShape = (fields: 0, records: 0)
    private var atEOF = false
    private var skippingToLineEnd = false
    private var csv: CSVParser?
    private var ndjson: NDJSONParser?
    private var sql: SQLDumpParser?
    private var jsonArray: JSONArrayParser?
    private var xlsx: XLSXHandle?
    /// A plain CSV file mapped and parsed in place (`pending` is then unused).
    private var mapping: MappedFile?
    /// Bytes of `mapping` a parse looks at: a batch's worth, grown while no record ends in it.
    private var mappedWindow = 0

    /// Whether the file is read in place (a mapped plain CSV file; tests).
    var isMapped: Bool { mapping != nil }

    /// Bytes of the file turned into records (or skipped) so far, for progress.
    public var bytesConsumed: Int { pendingOffset }

    /// The temporary copy of a workbook extracted from a zip, removed when this reader goes.
    var workbookCopyPath: String? { xlsx?.temporaryCopy }

    /// Column names discovered so far (NDJSON paths); empty for CSV, whose header is a record.
    public var discoveredColumns: [String] { ndjson?.columnNames ?? jsonArray?.objects.columnNames ?? [] }

    /// Opens a plain or gzipped file (one input). A zip archive is read here only as an XLSX
    /// workbook; ``InputOpener/entries(path:options:)`` yields one reader per entry of any zip.
    public convenience init(path: String, options: ReaderOptions = ReaderOptions()) throws(LeakTraceError) {
        let file = try FileSource(path: path)
        try self.init(prepared: PreparedInput.prepare(file, location: InputLocation(file: path), size: file.size, container: nil, options: options), options: options)
    }

    /// Reads an input already unwrapped and transcoded (see ``PreparedInput``).
    init(prepared: PreparedInput, options: ReaderOptions) throws(LeakTraceError) {
        self.options = options
        self.source = prepared.source
        let path = prepared.location.file
        let size = prepared.size
        var head = prepared.head
        do {
            let sniffed = try FormatSniffer.sniff(head, path: path, options: options)
            var description = InputDescription(
                path: path, format: sniffed.format, delimiter: sniffed.delimiter.map { $0 == 9 ? "\\t" : String(UnicodeScalar($0)) },
                encoding: prepared.encoding ?? (sniffed.bomLength > 0 ? "utf-8 (with BOM)" : "utf-8"), bytes: size,
                formatDecision: options.format == nil ? "sniffed from content" : "--format"
            )
            if sniffed.format == .ndjson || sniffed.format == .mysqldump || sniffed.format == .pgdump || sniffed.format == .json { description.delimiter = nil }
            description.entry = prepared.location.entry
            description.container = prepared.container
            self.input = description
            if let (line, offset) = prepared.fallbackAt {
                // Not a lost record, but the reader of the report must know the bytes were not UTF-8.
                warnings.add(ReadWarning(kind: "encoding", line: line, byteOffset: offset, message: "invalid UTF-8 at byte \(offset); the input is read as Windows-1252"))
            }
            head.removeFirst(sniffed.bomLength)
            self.pending = head
            self.pendingOffset = sniffed.bomLength
            switch sniffed.format {
            case .ndjson: ndjson = NDJSONParser(maxDepth: options.maxNesting, maxColumns: options.maxColumns)
            case .csv, .tsv: csv = CSVParser(delimiter: sniffed.delimiter ?? UInt8(ascii: ","), maxRecordBytes: options.maxRecordBytes, maxColumns: options.maxColumns)
            case .mysqldump: sql = SQLDumpParser(dialect: .mysql, maxRecordBytes: options.maxRecordBytes, maxColumns: options.maxColumns)
            case .pgdump: sql = SQLDumpParser(dialect: .postgres, maxRecordBytes: options.maxRecordBytes, maxColumns: options.maxColumns)
            case .json: jsonArray = JSONArrayParser(maxDepth: options.maxNesting, maxRecordBytes: options.maxRecordBytes, maxColumns: options.maxColumns)
            case .xlsx: xlsx = try XLSXHandle.open(path: path, options: options)
            }
        } catch {
            throw prepared.locate(error)
        }
        if prepared.atEOF { atEOF = true }
        if csv != nil, options.memoryMap, let file = prepared.source as? FileSource, file.isRegular,
           let mapped = MappedFile(fd: file.fd, count: file.size) {
            // The sniffed head is the file's first bytes: the parse starts in the mapping, after
            // the byte-order mark.
            mapping = mapped
            mappedWindow = options.chunkBytes
            pending = []
        }
    }

    /// Reads an XLSX workbook that was an entry of a zip archive, extracted to `copy` (removed
    /// when this reader goes). `location` names the archive and the entry; the workbook's parts
    /// are reported under it (`leak.zip!dir/book.xlsx!xl/worksheets/sheet1.xml`).
    init(workbookCopy copy: String, location: InputLocation, size: Int, options: ReaderOptions) throws(LeakTraceError) {
        self.options = options
        self.source = EmptySource()
        var description = InputDescription(
            path: location.file, format: .xlsx, delimiter: nil, encoding: "utf-8", bytes: size,
            formatDecision: "sniffed from content"
        )
        description.entry = location.entry
        description.container = "zip"
        self.input = description
        self.pendingOffset = 0
        self.atEOF = true
        xlsx = try XLSXHandle.open(extractedCopy: copy, location: location, options: options)
    }

    /// Tops `pending` up with the next chunk of the file: a new buffer holding the unparsed tail,
    /// then the file read straight into the rest (no zero fill first, which cost as much as the
    /// CSV parse's field loop).
    private func fill() throws(LeakTraceError) {
        guard !atEOF else { return }
        let kept = pending.count
        let chunk = options.chunkBytes
        let source = self.source
        var failure: LeakTraceError?
        var reachedEnd = false
        let tail = pending
        pending = [UInt8](unsafeUninitializedCapacity: kept + chunk) { buffer, count in
            tail.withUnsafeBufferPointer { old in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< kept]).initialize(fromContentsOf: old)
            }
            var total = 0
            while total < chunk {
                do throws(LeakTraceError) {
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[(kept + total) ..< (kept + chunk)])))
                    if n == 0 {
                        reachedEnd = true
                        break
                    }
                    total += n
                } catch {
                    failure = error
                    break
                }
            }
            count = kept + total
        }
        if reachedEnd { atEOF = true }
        if let failure { throw failure }
    }

    /// The next batch of whole records, or nil at the end of the input.
    public func nextBatch() throws(LeakTraceError) -> RecordBatch? {
        if let mapping { return try nextMappedBatch(mapping) }
        if sql != nil { return try nextParsedBatch(&sql!) }
        if jsonArray != nil { return try nextParsedBatch(&jsonArray!) }
        if let xlsx {
            // Row warnings (a row too wide) come with the batch that ends just before the row.
            while var batch = try xlsx.reader.nextBatch() {
                for warning in batch.warnings { warnings.add(warning) }
                batch.warnings = []
                if !batch.isEmpty { return batch }
            }
            return nil
        }
        while true {
            if pending.count < options.chunkBytes && !atEOF {
                try fill()
            }
            if pending.isEmpty && atEOF { return nil }
            if skippingToLineEnd {
                if let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    advance(by: nl + 1, lines: 1)
                    skippingToLineEnd = false
                } else {
                    advance(by: pending.count, lines: 0)
                    if atEOF { skippingToLineEnd = false; return nil }
                }
                continue
            }
            let batch = csv != nil ? parseCSVPending() : parseNDJSONPending()
            if let batch, !batch.isEmpty { return batch }
            if batch == nil { continue }  // progress was made (e.g. a skipped record); go on
            // Nothing complete in `pending`.
            if atEOF {
                return nil
            }
            if pending.count >= options.maxRecordBytes {
                skipOverlongRecord()
                continue
            }
            try fill()
        }
    }

    /// SQL dumps (rows of one table at a time, parsed statement by statement, never line by line)
    /// and JSON arrays (complete elements): units taken out of the pending bytes by `parser`.
    private func nextParsedBatch<P: ChunkParser>(_ parser: inout P) throws(LeakTraceError) -> RecordBatch? {
        while true {
            if pending.count < options.chunkBytes && !atEOF {
                try fill()
            }
            // At the end of the file the parser is called even with nothing pending: it reports a
            // statement, COPY block or array left open.
            var batch = RecordBatch()
            let final = atEOF
            let (offset, line, budget) = (pendingOffset, pendingLine, options.chunkBytes)
            let outcome = pending.withUnsafeBufferPointer { buf in
                parser.parse(buf, final: final, into: &batch, baseOffset: offset, firstLine: line, budget: budget)
            }
            for warning in outcome.warnings { warnings.add(warning) }
            if outcome.consumed > 0 { advance(by: outcome.consumed, lines: outcome.linesConsumed) }
            if !batch.isEmpty { return batch }
            if outcome.consumed > 0 { continue }
            if atEOF { return nil }
            if pending.count >= options.maxRecordBytes, let skipped = parser.skipOversizedUnit(line: pendingLine, offset: pendingOffset) {
                // No unit fits in the limit: skip it in a streaming way.
                warnings.add(skipped)
                continue
            }
            try fill()
        }
    }

    private func advance(by count: Int, lines: Int) {
        // A fresh array for the rest: the consumed bytes may live on in a batch (no copy made).
        pending = Array(pending[count...])
        pendingOffset += count
        pendingLine += lines
    }

    /// Parses whole CSV records out of `pending`. Returns an empty batch when none is complete yet.
    private func parseCSVPending() -> RecordBatch? {
        guard csv != nil else { return RecordBatch() }
        let final = atEOF
        var (batch, consumed, lines) = pending.withUnsafeBufferPointer { parseCSV($0, final: final) }
        guard consumed > 0 else { return RecordBatch() }
        // The batch shares the buffer (fields point into its consumed part); the rest stays pending.
        batch.bytes = pending
        advance(by: consumed, lines: lines)
        return batch
    }

    /// The whole CSV records at the start of `buf` (the bytes from `pendingOffset` on), their
    /// warnings logged, and the bytes and lines they take.
    private func parseCSV(_ buf: UnsafeBufferPointer<UInt8>, final: Bool) -> (RecordBatch, consumed: Int, lines: Int) {
        var batch = RecordBatch()
        guard let csv else { return (batch, 0, 0) }
        // Chunks are the same size, so the last batch's shape is a good guess for this one's.
        batch.reserve(records: lastBatchShape.records + lastBatchShape.records / 8)
        let outcome = csv.parse(buf, final: final, into: &batch, baseOffset: pendingOffset, firstLine: pendingLine, bufferBase: 0, expectedFields: lastBatchShape.fields + lastBatchShape.fields / 8)
        lastBatchShape = (batch.fieldStart.count, batch.recordCount)
        for line in outcome.strayQuoteLines {
            warnings.add(ReadWarning(kind: "text-after-closing-quote", line: line, byteOffset: -1, message: "text after a closing quote; kept in the field"))
        }
        for (line, offset) in outcome.oversized {
            warnings.add(ReadWarning(kind: "record-too-long", line: line, byteOffset: offset, message: "record longer than \(options.maxRecordBytes) bytes (--max-record-bytes); skipped"))
        }
        for (line, offset) in outcome.tooWide {
            warnings.add(ReadWarning(kind: "record-too-wide", line: line, byteOffset: offset, message: ReadWarning.tooWideMessage(limit: options.maxColumns)))
        }
        if let (line, offset) = outcome.unterminatedQuoteAt {
            warnings.add(ReadWarning(kind: "unterminated-quote", line: line, byteOffset: offset, message: "quoted field not closed before the end of the file; the rest of the file was read as one field"))
        }
        return (batch, outcome.consumed, outcome.linesConsumed)
    }

    /// `nextBatch` for a mapped CSV file: the records `parseCSVPending` would give, parsed in
    /// place. A parse looks at a batch's worth of bytes (`mappedWindow`), a chunk more each time
    /// no record ends in them, until they pass `maxRecordBytes`; a record whose end is not found
    /// by then is skipped to the next line end.
    private func nextMappedBatch(_ file: MappedFile) throws(LeakTraceError) -> RecordBatch? {
        while true {
            try checkUnchanged()
            let left = file.count - pendingOffset
            if left <= 0 { return nil }
            if skippingToLineEnd {
                let rest = file.bytes(from: pendingOffset, count: left)
                let lineEnd = rest.firstIndex(of: UInt8(ascii: "\n"))
                let skipped = lineEnd.map { $0 + 1 } ?? left
                file.release(pendingOffset, pendingOffset + skipped)
                pendingOffset += skipped
                pendingLine += lineEnd == nil ? 0 : 1
                skippingToLineEnd = false
                continue
            }
            let window = min(mappedWindow, left)
            let final = window == left
            var (batch, consumed, lines) = parseCSV(file.bytes(from: pendingOffset, count: window), final: final)
            if consumed > 0 {
                batch.mapped = MappedBytes(file: file, offset: pendingOffset, count: consumed)
                pendingOffset += consumed
                pendingLine += lines
                mappedWindow = options.chunkBytes
                if batch.isEmpty { continue }
                return batch
            }
            // No record ends in the window.
            if final { return nil }
            // As `pending` in a read file, the window may pass the limit by less than a chunk, so
            // that the parser sees the end of a record a little over it (and skips the record).
            if window > options.maxRecordBytes {
                skipOverlongRecord()
                continue
            }
            mappedWindow += options.chunkBytes
        }
    }

    /// A record at `pendingOffset` whose end is not in the limit's worth of bytes: warned of, and
    /// skipped to the next line end.
    private func skipOverlongRecord() {
        warnings.add(ReadWarning(
            kind: "record-too-long", line: pendingLine, byteOffset: pendingOffset,
            message: "record longer than \(options.maxRecordBytes) bytes (--max-record-bytes); skipped to the next line end"
        ))
        skippingToLineEnd = true
    }

    /// Throws when a mapped file turned out shorter than when it was opened: some of its bytes
    /// were read as zeros, so what was counted from it cannot be trusted. The scan asks once its
    /// workers are done, as they read the batches' bytes after the reader.
    public func checkUnchanged() throws(LeakTraceError) {
        guard let mapping, mapping.damaged else { return }
        throw LeakTraceError(
            .io, "the file changed while it was read: it is now shorter than the \(mapping.count) bytes it had when opened; scan it again once it is complete",
            at: InputLocation(file: input.path, entry: input.entry)
        )
    }

    private func parseNDJSONPending() -> RecordBatch? {
        guard ndjson != nil else { return RecordBatch() }
        var batch = RecordBatch()
        var consumed = 0
        var lines = 0
        pending.withUnsafeBufferPointer { buf in
            var start = 0
            while start < buf.count {
                guard let nlRel = UnsafeBufferPointer(rebasing: buf[start...]).firstIndex(of: UInt8(ascii: "\n")) else {
                    if !atEOF { break }
                    // Last line without a line end.
                    parseLine(UnsafeBufferPointer(rebasing: buf[start...]), batch: &batch, line: pendingLine + lines, offset: pendingOffset + start)
                    start = buf.count
                    consumed = start
                    lines += 1
                    break
                }
                let end = start + nlRel
                var lineEnd = end
                if lineEnd > start && buf[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                parseLine(UnsafeBufferPointer(rebasing: buf[start ..< lineEnd]), batch: &batch, line: pendingLine + lines, offset: pendingOffset + start)
                start = end + 1
                consumed = start
                lines += 1
                if batch.bytes.count > options.chunkBytes { break }
            }
        }
        guard consumed > 0 else { return RecordBatch() }
        advance(by: consumed, lines: lines)
        return batch.isEmpty ? nil : batch
    }

    private func parseLine(_ line: UnsafeBufferPointer<UInt8>, batch: inout RecordBatch, line number: Int, offset: Int) {
        if line.count > options.maxRecordBytes {
            warnings.add(ReadWarning(kind: "record-too-long", line: number, byteOffset: offset, message: "record longer than \(options.maxRecordBytes) bytes (--max-record-bytes); skipped"))
            return
        }
        do {
            try ndjson!.parseLine(line, into: &batch, lineNumber: number, offset: offset)
        } catch {
            if let paths = error.tooWide {
                warnings.add(ReadWarning(
                    kind: "record-too-wide", line: number, byteOffset: offset,
                    message: ReadWarning.tooWideMessage(limit: options.maxColumns, paths: paths, skipped: "line skipped")
                ))
                return
            }
            warnings.add(ReadWarning(
                kind: "malformed-json", line: number, byteOffset: offset + error.offset,
                message: "malformed JSON line: expected \(error.expected); line skipped"
            ))
        }
    }
}
