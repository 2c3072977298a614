import LeakTraceCore

/// Text encodings other than UTF-8, transcoded to UTF-8 as they stream.
enum SourceEncoding {
    case utf16LE
    case utf16BE
    case windows1252

    /// Index of the first byte that is not well-formed UTF-8 in `bytes`, or nil. A sequence cut
    /// short by the end of `bytes` is not counted when `complete` is false (more bytes follow).
    static func firstInvalidUTF8(_ bytes: [UInt8], complete: Bool) -> Int? {
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            let n = buf.count
            while i < n {
                let b = buf[i]
                if b < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var low: UInt8 = 0x80
                var high: UInt8 = 0xBF
                switch b {
                case 0xC2 ... 0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1 ... 0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return i
                }
                for k in 1 ..< length {
                    guard i + k < n else { return complete ? i : nil }
                    let c = buf[i + k]
                    if k == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xBF) { return i }
                }
                i += length
            }
            return nil
        }
    }

    /// Windows-1252 0x80–0x9F; the five undefined positions keep their C1 control (as WHATWG does).
    static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// Transcodes UTF-16 (either byte order, BOM already skipped) or Windows-1252 to UTF-8 while
/// streaming. Unpaired surrogates and a dangling odd byte become U+FFFD.
final class TranscodingSource: ByteSource {
    private let upstream: any ByteSource
    private let encoding: SourceEncoding
    private var raw = [UInt8](repeating: 0, count: 64 << 10)
    /// Raw bytes left over from the last chunk (an odd byte, a high surrogate).
    private var carry: [UInt8] = []
    private var output: [UInt8] = []
    private var outputPosition = 0
    private var upstreamEOF = false

    init(upstream: any ByteSource, encoding: SourceEncoding) {
        self.upstream = upstream
        self.encoding = encoding
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LeakTraceError) -> Int {
        while outputPosition == output.count {
            if upstreamEOF { return 0 }
            try decodeNextChunk()
        }
        let n = min(buffer.count, output.count - outputPosition)
        output.withUnsafeBytes { out in
            buffer.baseAddress!.copyMemory(from: out.baseAddress! + outputPosition, byteCount: n)
        }
        outputPosition += n
        return n
    }

    private func decodeNextChunk() throws(LeakTraceError) {
        let got = try raw.withUnsafeMutableBytes { buf in
            Result { () throws(LeakTraceError) -> Int in try upstream.read(into: buf) }
        }.get()
        if got == 0 { upstreamEOF = true }
        var bytes = carry
        bytes.append(contentsOf: raw[0 ..< got])
        carry = []
        output.removeAll(keepingCapacity: true)
        outputPosition = 0
        output.reserveCapacity(bytes.count * 3 / 2 + 4)
        switch encoding {
        case .windows1252:
            for b in bytes {
                if b < 0x80 {
                    output.append(b)
                } else if b < 0xA0 {
                    TranscodingSource.appendUTF8(UInt32(SourceEncoding.cp1252High[Int(b) - 0x80]), to: &output)
                } else {
                    TranscodingSource.appendUTF8(UInt32(b), to: &output)
                }
            }
        case .utf16LE, .utf16BE:
            let bigEndian = encoding == .utf16BE
            var i = 0
            func unit(_ at: Int) -> UInt32 {
                bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
            }
            while i + 1 < bytes.count {
                let u = unit(i)
                if u >= 0xD800 && u <= 0xDBFF {
                    if i + 3 < bytes.count {
                        let v = unit(i + 2)
                        if v >= 0xDC00 && v <= 0xDFFF {
                            TranscodingSource.appendUTF8(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00), to: &output)
                            i += 4
                            continue
                        }
                    } else if !upstreamEOF {
                        break  // the low surrogate is in the next chunk
                    }
                    TranscodingSource.appendUTF8(0xFFFD, to: &output)
                } else if u >= 0xDC00 && u <= 0xDFFF {
                    TranscodingSource.appendUTF8(0xFFFD, to: &output)
                } else {
                    TranscodingSource.appendUTF8(u, to: &output)
                }
                i += 2
            }
            if i < bytes.count {
                if upstreamEOF {
                    TranscodingSource.appendUTF8(0xFFFD, to: &output)
                } else {
                    carry = Array(bytes[i...])
                }
            }
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0 ..< 0x80:
            out.append(UInt8(scalar))
        case 0x80 ..< 0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800 ..< 0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
