import LeakTraceCore

/// One input made ready for sniffing: gzip unwrapped, text transcoded to UTF-8, and the first
/// 64 KiB of the result read.
///
/// Byte offsets after this point (in ``ReadWarning``s, ``RecordBatch/recordOffset`` and error
/// locations) count decoded bytes: the decompressed bytes of a gzip file or zip entry, after
/// transcoding UTF-16 or Windows-1252 to UTF-8. The offset in
/// `windows-1252 (invalid UTF-8 at byte N)` counts the (decompressed) bytes before transcoding.
struct PreparedInput {
    static let headBytes = 64 << 10

    var source: any ByteSource
    /// The first decoded bytes (at most ``headBytes``).
    var head: [UInt8]
    /// The decoded input is no longer than `head`.
    var atEOF: Bool
    /// The file, and the entry inside a container.
    var location: InputLocation
    var size: Int
    /// `gzip`, `zip`, `zip+gzip`, or nil for a plain file.
    var container: String?
    /// The decided encoding when it is not plain UTF-8 (the sniffer tells UTF-8 with a BOM).
    var encoding: String?
    /// Where invalid UTF-8 made the reader fall back to Windows-1252: line and byte offset.
    var fallbackAt: (line: Int, byteOffset: Int)?

    static func prepare(_ raw: any ByteSource, location: InputLocation, size: Int, container: String?, options: ReaderOptions) throws(LeakTraceError) -> PreparedInput {
        var source = raw
        var container = container
        // `size` is the stored size (a file's, or a zip entry's declared one): it sizes the first
        // buffer only, the bytes read do not depend on it.
        var head = try raw.readUpTo(headBytes, expected: size >= 0 ? min(size + 1, headBytes) : nil)
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            let gzip = try GzipSource(upstream: ReplaySource(head: head, rest: raw), location: location, options: options)
            source = gzip
            container = container.map { $0 + "+gzip" } ?? "gzip"
            head = try gzip.readUpTo(headBytes)
        }
        var encoding: String?
        var fallbackAt: (line: Int, byteOffset: Int)?
        if head.count >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)) {
            let utf16: SourceEncoding = head[0] == 0xFF ? .utf16LE : .utf16BE
            source = TranscodingSource(upstream: ReplaySource(head: Array(head[2...]), rest: source), encoding: utf16)
            encoding = utf16 == .utf16LE ? "utf-16le (BOM)" : "utf-16be (BOM)"
            head = try source.readUpTo(headBytes)
        } else if !(head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF),
                  // A zip (a workbook) is bytes, not text: no encoding to decide.
                  !XLSXReader.looksLikeZip(head),
                  let bad = SourceEncoding.firstInvalidUTF8(head, complete: head.count < headBytes) {
            source = TranscodingSource(upstream: ReplaySource(head: head, rest: source), encoding: .windows1252)
            encoding = "windows-1252 (invalid UTF-8 at byte \(bad))"
            fallbackAt = (1 + head[..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, bad)
            head = try source.readUpTo(headBytes)
        }
        return PreparedInput(
            source: source, head: head, atEOF: head.count < headBytes, location: location, size: size,
            container: container, encoding: encoding, fallbackAt: fallbackAt
        )
    }

    /// Adds the container entry to an error about this input that names only the file.
    func locate(_ error: LeakTraceError) -> LeakTraceError {
        var error = error
        if let entry = location.entry, error.location?.file == location.file, error.location?.entry == nil {
            error.location?.entry = entry
        }
        return error
    }
}
