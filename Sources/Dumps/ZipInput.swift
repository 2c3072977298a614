import Foundation
import LeakTraceCore
import ZIPFoundation

/// Opens one input path as the inputs it holds: one ``DumpReader`` for a plain or gzipped file,
/// one per file entry of a zip archive (directories skipped; a zip inside a zip is opened too,
/// up to ``ReaderOptions/maxContainerDepth``).
///
/// ```swift
/// let inputs = try InputOpener.entries(path: "leak.zip", options: options)
/// while true {
///     do {
///         guard let reader = try inputs.next() else { break }
///         // reader.input.entry == "dir/users.csv", reader.input.container == "zip"
///     } catch {
///         // One entry could not be opened (binary, empty, a bomb...): report it; next() goes on
///         // with the following entry. Errors name the entry: `leak.zip!dir/users.csv`.
///     }
/// }
/// ```
///
/// Formats are sniffed from content, never from names: a gzip file is recognised by `1F 8B`, a zip
/// by `PK 03 04` (or `PK 05 06`, empty). A zip that is an XLSX workbook (`xl/workbook.xml`, or a
/// `[Content_Types].xml` naming spreadsheetml) is one input, not a container, and so is a workbook
/// that is an entry of a zip (`leak.zip!dir/book.xlsx`, its sheets as tables).
///
/// Byte offsets in the readers' warnings and batches count decompressed (and transcoded) bytes
/// of the entry; see ``PreparedInput``. Limits against decompression bombs are in
/// ``ReaderOptions``: `maxExpansionRatio`, `maxDecompressedBytes`, `maxZipEntries`,
/// `maxContainerDepth`; exceeding one is a ``LeakTraceError`` with code `.limitExceeded` naming
/// the file, the entry, the limit and the option that raises it.
public enum InputOpener {
    /// The inputs in `path`, read lazily: each ``InputEntries/next()`` opens the next one. A zip's
    /// central directory is read (and the entry-count limit checked) here; a zip without one
    /// (truncated) is an error here.
    public static func entries(path: String, options: ReaderOptions = ReaderOptions()) throws(LeakTraceError) -> InputEntries {
        let file = try FileSource(path: path)
        let magic = try file.readUpTo(4)
        guard ZipLevel.isZip(magic) else { return InputEntries(path: path, options: options, levels: []) }
        let level = try ZipLevel(archivePath: path, displayPath: path, prefix: "", depth: 1, options: options)
        if level.isXLSX {
            // An XLSX workbook is one input: DumpReader(path:) sniffs it as `.xlsx` (XLSXReader).
            return InputEntries(path: path, options: options, levels: [])
        }
        return InputEntries(path: path, options: options, levels: [level])
    }
}

/// The inputs of one path, opened one at a time (see ``InputOpener``).
public final class InputEntries {
    public let path: String
    /// `zip` when the path is a zip archive; nil for a plain or gzipped file.
    public let container: String?
    private let options: ReaderOptions
    private var levels: [ZipLevel]
    private var plainPending: Bool

    init(path: String, options: ReaderOptions, levels: [ZipLevel]) {
        self.path = path
        self.options = options
        self.levels = levels
        self.container = levels.isEmpty ? nil : "zip"
        self.plainPending = levels.isEmpty
    }

    /// The reader for the next input, or nil when there are no more. An error concerns one input
    /// (one entry); calling `next()` again goes on with the following entry.
    public func next() throws(LeakTraceError) -> DumpReader? {
        if plainPending {
            plainPending = false
            return try DumpReader(path: path, options: options)
        }
        while let level = levels.last {
            guard let (name, entry) = level.nextEntry() else {
                levels.removeLast()
                continue
            }
            let location = InputLocation(file: path, entry: level.prefix + name)
            let raw = try ZipEntrySource(archive: level.url, entry: entry, location: location, options: options)
            let magic = try raw.readUpTo(4)
            if ZipLevel.isZip(magic) {
                // A zip inside the zip: copied out (ZIPFoundation needs random access), then either
                // an XLSX workbook (one input) or a nested archive whose entries come next.
                let copy = try ZipLevel.spill(ReplaySource(head: magic, rest: raw), location: location)
                let nested = try ZipLevel(archivePath: copy, displayPath: path, prefix: location.entry! + "!", depth: level.depth + 1, options: options, temporary: true)
                if nested.isXLSX {
                    nested.keepFile()
                    return try DumpReader(workbookCopy: copy, location: location, size: Int(clamping: entry.uncompressedSize), options: options)
                }
                guard level.depth < options.maxContainerDepth else {
                    throw LeakTraceError(
                        .limitExceeded,
                        "zip archive nested \(level.depth + 1) deep; at most \(options.maxContainerDepth) levels are opened (raise ReaderOptions.maxContainerDepth, --max-container-depth)",
                        at: location
                    )
                }
                levels.append(nested)
                continue
            }
            let prepared = try PreparedInput.prepare(
                ReplaySource(head: magic, rest: raw), location: location, size: Int(clamping: entry.uncompressedSize),
                container: "zip", options: options
            )
            return try DumpReader(prepared: prepared, options: options)
        }
        return nil
    }
}

/// The file entries of one zip archive, listed from its central directory.
final class ZipLevel {
    let url: URL
    let prefix: String
    let depth: Int
    let isXLSX: Bool
    private let entries: [(String, Entry)]
    private var index = 0
    private var temporary: Bool

    static func isZip(_ magic: [UInt8]) -> Bool {
        magic.count == 4 && magic[0] == 0x50 && magic[1] == 0x4B && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))
    }

    init(archivePath: String, displayPath: String, prefix: String, depth: Int, options: ReaderOptions, temporary: Bool = false) throws(LeakTraceError) {
        url = URL(fileURLWithPath: archivePath)
        self.prefix = prefix
        self.depth = depth
        self.temporary = temporary
        let location = InputLocation(file: displayPath, entry: prefix.isEmpty ? nil : String(prefix.dropLast()))
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            if temporary { try? FileManager.default.removeItem(at: url) }
            throw LeakTraceError(
                .malformedInput,
                "truncated or damaged zip: no end of central directory record; expected the zip central directory at the end of the file",
                at: location
            )
        }
        var files: [(String, Entry)] = []
        var count = 0
        var xlsx = false
        for entry in archive {
            count += 1
            if count > options.maxZipEntries {
                if temporary { try? FileManager.default.removeItem(at: url) }
                throw LeakTraceError(
                    .limitExceeded,
                    "zip archive has more than \(options.maxZipEntries) entries (raise ReaderOptions.maxZipEntries, --max-zip-entries)",
                    at: location
                )
            }
            if entry.path == "xl/workbook.xml" { xlsx = true }
            if entry.path == "[Content_Types].xml" && entry.uncompressedSize < 1 << 20 {
                var text = Data()
                _ = try? archive.extract(entry, skipCRC32: true) { text.append($0) }
                if String(decoding: text, as: UTF8.self).contains("spreadsheetml") { xlsx = true }
            }
            if entry.type == .file { files.append((entry.path, entry)) }
        }
        entries = files
        isXLSX = xlsx
    }

    deinit {
        if temporary { try? FileManager.default.removeItem(at: url) }
    }

    /// Hands the temporary copy over to its next owner (a workbook reader): not removed here.
    func keepFile() {
        temporary = false
    }

    func nextEntry() -> (String, Entry)? {
        guard index < entries.count else { return nil }
        index += 1
        return entries[index - 1]
    }

    /// Copies a nested archive to a temporary file (ZIPFoundation needs random access); the bomb
    /// limits apply while copying.
    static func spill(_ source: any ByteSource, location: InputLocation) throws(LeakTraceError) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-nested-\(UUID().uuidString).zip").path
        // Owner-only (0600) and never an existing file: the copy holds leaked records.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0, let out = fdopen(fd, "wb") else {
            if fd >= 0 { close(fd) }
            throw LeakTraceError(.io, "cannot create a temporary file for a nested zip: \(String(cString: strerror(errno)))", at: location)
        }
        defer { fclose(out) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        do throws(LeakTraceError) {
            while true {
                let n = try buffer.withUnsafeMutableBytes { raw in
                    Result { () throws(LeakTraceError) -> Int in try source.read(into: raw) }
                }.get()
                if n == 0 { break }
                guard fwrite(buffer, 1, n, out) == n else {
                    throw LeakTraceError(.io, "cannot write a temporary file for a nested zip: \(String(cString: strerror(errno)))", at: location)
                }
            }
        } catch {
            unlink(path)
            throw error
        }
        return path
    }
}

/// The decompressed bytes of one zip entry. ZIPFoundation's `extract` pushes chunks; it runs on a
/// background thread into a bounded queue (4 chunks of 64 KiB) that `read` pulls from, so an
/// entry of any size streams in bounded memory. Releasing the source cancels the extraction.
final class ZipEntrySource: ByteSource {
    private let queue = ChunkQueue(capacity: 4)
    private var current = Data()
    private var position = 0
    private var expansion: ExpansionGuard
    private let compressed: Int
    private let location: InputLocation

    init(archive url: URL, entry: Entry, location: InputLocation, options: ReaderOptions) throws(LeakTraceError) {
        self.location = location
        compressed = Int(clamping: entry.compressedSize)
        expansion = ExpansionGuard(location: location, what: "zip entry", options: options)
        // The declared size first: a bomb is refused before anything is inflated.
        try expansion.check(produced: Int(clamping: entry.uncompressedSize), compressed: compressed)
        let job = UncheckedBox((url, entry, queue))
        let thread = Thread {
            let (url, entry, queue) = job.value
            do {
                let archive = try Archive(url: url, accessMode: .read)
                _ = try archive.extract(entry, bufferSize: 64 << 10) { chunk in try queue.put(chunk) }
                queue.finish(nil)
            } catch {
                queue.finish(error)
            }
        }
        thread.start()
    }

    deinit {
        queue.cancel()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while position == current.count {
            switch queue.take() {
            case .success(let chunk?):
                current = chunk
                position = 0
                do {
                    try expansion.add(chunk.count, compressed: compressed)
                } catch {
                    queue.cancel()
                    throw error
                }
            case .success(nil):
                return 0
            case .failure(let error):
                throw LeakTraceError(.malformedInput, "corrupt zip entry: \(error); expected deflate data matching its CRC-32", at: location)
            }
        }
        let n = min(buffer.count, current.count - position)
        current.withUnsafeBytes { raw in
            buffer.baseAddress!.copyMemory(from: raw.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}

private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

private struct ExtractionCancelled: Error {}

/// A bounded producer/consumer queue of chunks between the extracting thread and the reader.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func put(_ chunk: Data) throws {
        guard !chunk.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw ExtractionCancelled() }
        chunks.append(chunk)
        condition.broadcast()
    }

    func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Result<Data?, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished && !cancelled { condition.wait() }
        if !chunks.isEmpty {
            let chunk = chunks.removeFirst()
            condition.broadcast()
            return .success(chunk)
        }
        if let failure, !cancelled { return .failure(failure) }
        return .success(nil)
    }

    func cancel() {
        condition.lock()
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
