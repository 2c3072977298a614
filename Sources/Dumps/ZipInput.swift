import Foundation
import LeakTraceCore

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
            guard let entry = level.nextEntry() else {
                levels.removeLast()
                continue
            }
            let location = InputLocation(file: path, entry: level.prefix + entry.path)
            let raw = try level.archive.source(for: entry, location: location, what: "zip entry", options: options)
            let magic = try raw.readUpTo(4)
            if ZipLevel.isZip(magic) {
                // A zip inside the zip: copied out (the central directory is at the end: random access), then either
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
    let archive: ZipArchive
    let prefix: String
    let depth: Int
    let isXLSX: Bool
    private let entries: [ZipArchive.Member]
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
        do {
            archive = try ZipArchive(path: archivePath, location: location, maxEntries: options.maxZipEntries)
        } catch {
            if temporary { try? FileManager.default.removeItem(at: url) }
            throw error
        }
        var xlsx = archive["xl/workbook.xml"] != nil
        if !xlsx, let types = archive["[Content_Types].xml"], types.isFile, types.uncompressedSize < 1 << 20,
           let source = try? archive.source(for: types, location: location, what: "zip entry", options: options),
           let text = try? source.readUpTo(1 << 20) {
            xlsx = String(decoding: text, as: UTF8.self).contains("spreadsheetml")
        }
        entries = archive.members.filter(\.isFile)
        isXLSX = xlsx
    }

    deinit {
        if temporary { try? FileManager.default.removeItem(at: url) }
    }

    /// Hands the temporary copy over to its next owner (a workbook reader): not removed here.
    func keepFile() {
        temporary = false
    }

    func nextEntry() -> ZipArchive.Member? {
        guard index < entries.count else { return nil }
        index += 1
        return entries[index - 1]
    }

    /// Copies a nested archive to a temporary file (a zip is read from its end); the bomb
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
