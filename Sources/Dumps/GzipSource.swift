import CZlibInflate
import LeakTraceCore

/// Counts decompressed bytes against the bomb limits of ``ReaderOptions``.
struct ExpansionGuard {
    /// The expansion ratio is only enforced past this many decompressed bytes: a small file of
    /// blanks may legitimately compress a thousand times.
    static let ratioFloor = 1 << 20

    let location: InputLocation
    let what: String
    let maxRatio: Int
    let maxBytes: Int
    private(set) var produced = 0

    init(location: InputLocation, what: String, options: ReaderOptions) {
        self.location = location
        self.what = what
        self.maxRatio = options.maxExpansionRatio
        self.maxBytes = options.maxDecompressedBytes
    }

    /// Adds `count` decompressed bytes, produced from `compressed` bytes of input so far.
    mutating func add(_ count: Int, compressed: Int) throws(LeakTraceError) {
        produced += count
        try check(produced: produced, compressed: compressed)
    }

    func check(produced: Int, compressed: Int) throws(LeakTraceError) {
        if produced > maxBytes {
            throw LeakTraceError(
                .limitExceeded,
                "\(what) decompresses to more than \(maxBytes) bytes; refusing a possible decompression bomb (raise ReaderOptions.maxDecompressedBytes, --max-decompressed-bytes)",
                at: location
            )
        }
        if produced > ExpansionGuard.ratioFloor && produced / max(compressed, 1) > maxRatio {
            throw LeakTraceError(
                .limitExceeded,
                "\(what) expands more than \(maxRatio) times (\(produced) bytes from \(compressed) compressed bytes); refusing a possible decompression bomb (raise ReaderOptions.maxExpansionRatio, --max-expansion-ratio)",
                at: location
            )
        }
    }
}

/// Streams the decompressed bytes of a gzip file (RFC 1952), every member of a multi-member file
/// in turn, through zlib with bounded buffers. Bytes after the last member that do not start
/// another member (padding) are ignored, as `gzip -d` does.
final class GzipSource: ByteSource {
    private let upstream: any ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEOF = false
    /// Compressed bytes read from upstream.
    private var compressedRead = 0
    private var finished = false
    private var expansion: ExpansionGuard
    private let location: InputLocation

    /// Compressed bytes consumed by the inflater so far.
    var compressedConsumed: Int { compressedRead - Int(stream.pointee.avail_in) }

    init(upstream: any ByteSource, location: InputLocation, options: ReaderOptions, inputBytes: Int = 64 << 10) throws(LeakTraceError) {
        self.upstream = upstream
        self.location = location
        self.expansion = ExpansionGuard(location: location, what: "gzip stream", options: options)
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: inputBytes, alignment: 16)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw LeakTraceError(.io, "cannot start zlib inflate (status \(status))", at: location)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    private func refill() throws(LeakTraceError) {
        let n = try upstream.read(into: input)
        if n == 0 {
            inputEOF = true
            return
        }
        compressedRead += n
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(n)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        let capacity = min(buffer.count, Int(UInt32.max))
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(capacity)
        while Int(stream.pointee.avail_out) == capacity {
            if stream.pointee.avail_in == 0 && !inputEOF { try refill() }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // One member done: another may follow.
                if stream.pointee.avail_in == 0 && !inputEOF { try refill() }
                if stream.pointee.avail_in == 0 || stream.pointee.next_in.pointee != 0x1F {
                    finished = true
                    break
                }
                inflateReset(stream)
                continue
            case Z_BUF_ERROR:
                if stream.pointee.avail_in == 0 && inputEOF {
                    throw LeakTraceError(
                        .malformedInput,
                        "truncated gzip: the compressed data ends at byte \(compressedConsumed); expected more deflate data or the gzip trailer",
                        at: location
                    )
                }
                continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw LeakTraceError(
                    .malformedInput,
                    "corrupt gzip data at compressed byte \(compressedConsumed): \(message)",
                    at: location
                )
            }
            if finished { break }
        }
        let produced = capacity - Int(stream.pointee.avail_out)
        try expansion.add(produced, compressed: compressedConsumed)
        return produced
    }
}
