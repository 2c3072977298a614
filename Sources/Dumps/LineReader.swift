import LeakTraceCore

/// Streams the lines of a plain or gzipped text file (access logs, query logs), in bounded memory.
///
/// The input goes through the same preparation as ``DumpReader`` (gzip unwrapped, UTF-16 and
/// Windows-1252 transcoded to UTF-8), then is read in large chunks; each line is handed to the
/// caller as a byte slice of the chunk, without its line ending (`\n` or `\r\n`). A line longer
/// than `maxLineBytes` is cut: its first `maxLineBytes` bytes are passed with `truncated` set.
public final class LineReader {
    public let path: String
    /// `gzip`, or nil for a plain file.
    public let container: String?
    /// Size of the file on disk, for progress.
    public let fileBytes: Int
    private let source: any ByteSource
    private var head: [UInt8]
    private let chunkBytes: Int
    private let maxLineBytes: Int
    /// Decoded bytes read so far.
    public private(set) var bytesRead = 0

    public init(path: String, chunkBytes: Int = 1 << 20, maxLineBytes: Int = 1 << 20) throws(LeakTraceError) {
        let file = try FileSource(path: path)
        let prepared = try PreparedInput.prepare(file, location: InputLocation(file: path), size: file.size, container: nil, options: ReaderOptions())
        self.path = path
        self.container = prepared.container
        self.fileBytes = file.size
        self.source = prepared.source
        self.head = prepared.head
        self.chunkBytes = chunkBytes
        self.maxLineBytes = maxLineBytes
    }

    /// The first decoded bytes of the file, for sniffing its format.
    public var headBytes: [UInt8] { head }

    /// Calls `body` with each line (bytes without the line ending), its 1-based line number and
    /// whether it was cut at `maxLineBytes`. Returns the number of lines.
    @discardableResult
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) throws -> Int {
        var buffer = head
        head = []
        bytesRead = buffer.count
        var line = 0
        var atEOF = false
        var skipping = false
        var start = 0
        while true {
            // Hand out every complete line in the buffer.
            let stop: Int = try buffer.withUnsafeBufferPointer { all in
                var s = start
                while s < all.count {
                    guard let nl = all[s...].firstIndex(of: 0x0A) else {
                        if all.count - s > maxLineBytes && !skipping {
                            line += 1
                            try body(UnsafeBufferPointer(rebasing: all[s ..< s + maxLineBytes]), line, true)
                            skipping = true
                            return all.count
                        }
                        if skipping { return all.count }
                        return s
                    }
                    if skipping {
                        skipping = false
                        s = nl + 1
                        continue
                    }
                    line += 1
                    var end = nl
                    if end > s && all[end - 1] == 0x0D { end -= 1 }
                    let truncated = end - s > maxLineBytes
                    try body(UnsafeBufferPointer(rebasing: all[s ..< (truncated ? s + maxLineBytes : end)]), line, truncated)
                    s = nl + 1
                }
                return s
            }
            if atEOF {
                if stop < buffer.count && !skipping {
                    line += 1
                    try buffer.withUnsafeBufferPointer { all in
                        var end = all.count
                        if end > stop && all[end - 1] == 0x0D { end -= 1 }
                        try body(UnsafeBufferPointer(rebasing: all[stop ..< end]), line, false)
                    }
                }
                return line
            }
            buffer.removeSubrange(0 ..< stop)
            start = 0
            let kept = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunkBytes))
            let n = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(LeakTraceError) -> Int in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[kept ..< kept + chunkBytes]))
                }
            }.get()
            buffer.removeLast(chunkBytes - n)
            bytesRead += n
            if n == 0 { atEOF = true }
        }
    }
}
