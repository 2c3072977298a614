/// Encodes ``RowBuffer``s as CSV, TSV or NDJSON bytes, straight into the output buffer.
struct RowEncoder: Sendable {
    let format: SyntheticFormat
    private let delimiter: UInt8
    private let lineEnd: [UInt8]
    /// NDJSON: `{"msisdn":"`, `","nama":"`, ..., and the closing `"}` + LF.
    private let jsonKeys: [[UInt8]]

    init(format: SyntheticFormat) {
        self.format = format
        delimiter = format == .tsv ? 9 : 44
        // RFC 4180 asks for CRLF; TSV and NDJSON use LF as their tools do.
        lineEnd = format == .csv ? [13, 10] : [10]
        var keys: [[UInt8]] = []
        for (index, column) in SyntheticColumn.allCases.enumerated() {
            let opening = index == 0 ? "{\"" : "\",\""
            keys.append(Array((opening + column.header + "\":\"").utf8))
        }
        keys.append([34, 125, 10])  // "}\n
        jsonKeys = keys
    }

    /// The header line (nothing for NDJSON, whose keys name the columns).
    func header(into out: inout OutputBuffer) {
        guard format != .ndjson else { return }
        var line: [UInt8] = []
        for (index, column) in SyntheticColumn.allCases.enumerated() {
            if index > 0 { line.append(delimiter) }
            line.append(contentsOf: column.header.utf8)
        }
        line.append(contentsOf: lineEnd)
        out.reserve(line.count)
        out.append(line)
    }

    func encode(_ row: RowBuffer, into out: inout OutputBuffer) {
        // Worst case: every byte JSON-escaped as \u00XX (6 bytes), plus keys and separators.
        out.reserve(row.bytes.count * 6 + 512)
        row.bytes.withUnsafeBufferPointer { raw in
            var start = 0
            if format == .ndjson {
                for column in 0..<row.ends.count {
                    let end = row.ends[column]
                    out.append(jsonKeys[column])
                    appendJSONEscaped(raw, start..<end, into: &out)
                    start = end
                }
                out.append(jsonKeys[row.ends.count])
            } else {
                for column in 0..<row.ends.count {
                    let end = row.ends[column]
                    if column > 0 { out.append(delimiter) }
                    appendDelimited(raw, start..<end, into: &out)
                    start = end
                }
                out.append(lineEnd)
            }
        }
    }

    /// RFC 4180: quote a field holding the delimiter, a quote, CR or LF; double inner quotes.
    @inline(__always)
    private func appendDelimited(_ raw: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout OutputBuffer) {
        var needsQuotes = false
        for i in range {
            let b = raw[i]
            if b == delimiter || b == 34 || b == 10 || b == 13 {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            out.append(UnsafeBufferPointer(rebasing: raw[range]))
            return
        }
        out.append(34)
        for i in range {
            let b = raw[i]
            if b == 34 { out.append(34) }
            out.append(b)
        }
        out.append(34)
    }

    /// JSON string escaping: quote, backslash and control characters; plain runs are copied.
    @inline(__always)
    private func appendJSONEscaped(_ raw: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout OutputBuffer) {
        var runStart = range.lowerBound
        for i in range {
            let b = raw[i]
            guard b == 34 || b == 92 || b < 32 else { continue }
            out.append(UnsafeBufferPointer(rebasing: raw[runStart..<i]))
            runStart = i + 1
            out.append(92)
            switch b {
            case 34: out.append(34)
            case 92: out.append(92)
            case 10: out.append(110)
            case 13: out.append(114)
            case 9: out.append(116)
            default:
                let hex: StaticString = "0123456789abcdef"
                out.append(117)
                out.append(48)
                out.append(48)
                out.append(hex.utf8Start[Int(b >> 4)])
                out.append(hex.utf8Start[Int(b & 15)])
            }
        }
        out.append(UnsafeBufferPointer(rebasing: raw[runStart..<range.upperBound]))
    }
}
