/// Newline-delimited JSON: one object per line, nested objects flattened to dotted paths
/// (`address.postcode`), array elements sharing one column (`phones[]`).
///
/// String values are decoded (escapes, `\u` surrogate pairs) into the batch's own byte store;
/// numbers and booleans keep their source text; `null` is an absent value.
///
/// Width (``ReaderOptions/maxColumns``): a line with more values than the limit, or one that would
/// bring the input's distinct column paths past the limit, is too wide (a `record-too-wide` bad
/// record) and leaves no column behind; lines that only use known paths read on as before.
struct NDJSONParser {
    /// Column names in order of first appearance, and their indices.
    private(set) var columnNames: [String] = []
    private var columnIndex: [String: Int32] = [:]
    let maxDepth: Int
    let maxColumns: Int

    init(maxDepth: Int, maxColumns: Int = 4096) {
        self.maxDepth = maxDepth
        self.maxColumns = maxColumns
    }

    struct Failure: Error {
        /// Offset from the start of the line.
        var offset: Int
        var expected: String
        /// Set when the record is too wide rather than malformed: true when it would add a
        /// column path past the limit, false when it has too many values.
        var tooWide: Bool? = nil
    }

    /// Values of the open record, against `maxColumns`.
    private var recordFields = 0

    /// The column of `path`. A path beyond the first `maxColumns` distinct ones makes the record
    /// too wide (and the paths it added before that are forgotten with it).
    private mutating func column(_ path: String, at offset: Int) throws(Failure) -> Int32 {
        if let index = columnIndex[path] { return index }
        guard columnNames.count < maxColumns else {
            throw Failure(offset: offset, expected: "at most \(maxColumns) distinct column paths", tooWide: true)
        }
        let index = Int32(columnNames.count)
        columnNames.append(path)
        columnIndex[path] = index
        return index
    }

    /// Parses one JSON object held whole in `buf` (an element of a JSON array, which may span
    /// lines) into `batch` as one record: the same flattening and limits as an NDJSON line.
    mutating func parseObject(_ buf: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch, lineNumber: Int, offset: Int) throws(Failure) {
        try parseLine(buf, into: &batch, lineNumber: lineNumber, offset: offset)
    }

    /// Parses one line (without its line end) into `batch` as one record. Blank lines produce no
    /// record. On failure the open record is discarded and the failure says where and what.
    mutating func parseLine(_ line: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch, lineNumber: Int, offset: Int) throws(Failure) {
        var cursor = Cursor(buf: line)
        cursor.skipSpace()
        if cursor.atEnd { return }
        guard cursor.peek == UInt8(ascii: "{") else {
            throw Failure(offset: cursor.i, expected: "a JSON object starting with '{'")
        }
        recordFields = 0
        let knownColumns = columnNames.count
        do throws(Failure) {
            try parseValue(&cursor, path: "", depth: 0, into: &batch)
            cursor.skipSpace()
            guard cursor.atEnd else { throw Failure(offset: cursor.i, expected: "end of line after the JSON object") }
        } catch {
            batch.discardOpenRecord()
            if error.tooWide != nil {
                // A record skipped for its width leaves no columns behind.
                for name in columnNames[knownColumns...] { columnIndex[name] = nil }
                columnNames.removeSubrange(knownColumns...)
            }
            throw error
        }
        batch.endRecord(line: lineNumber, offset: offset)
    }

    private mutating func parseValue(_ c: inout Cursor, path: String, depth: Int, into batch: inout RecordBatch) throws(Failure) {
        c.skipSpace()
        guard !c.atEnd else { throw Failure(offset: c.i, expected: "a JSON value") }
        switch c.peek {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw Failure(offset: c.i, expected: "nesting no deeper than \(maxDepth) levels") }
            c.i += 1
            c.skipSpace()
            if c.peek == UInt8(ascii: "}") { c.i += 1; return }
            while true {
                c.skipSpace()
                guard c.peek == UInt8(ascii: "\"") else { throw Failure(offset: c.i, expected: "a quoted object key") }
                let key = try c.readString()
                c.skipSpace()
                guard c.peek == UInt8(ascii: ":") else { throw Failure(offset: c.i, expected: "':' after an object key") }
                c.i += 1
                let keyText = String(decoding: key, as: UTF8.self)
                try parseValue(&c, path: path.isEmpty ? keyText : path + "." + keyText, depth: depth + 1, into: &batch)
                c.skipSpace()
                if c.peek == UInt8(ascii: ",") { c.i += 1; continue }
                if c.peek == UInt8(ascii: "}") { c.i += 1; return }
                throw Failure(offset: c.i, expected: "',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw Failure(offset: c.i, expected: "nesting no deeper than \(maxDepth) levels") }
            c.i += 1
            c.skipSpace()
            if c.peek == UInt8(ascii: "]") { c.i += 1; return }
            let elementPath = path + "[]"
            while true {
                try parseValue(&c, path: elementPath, depth: depth + 1, into: &batch)
                c.skipSpace()
                if c.peek == UInt8(ascii: ",") { c.i += 1; continue }
                if c.peek == UInt8(ascii: "]") { c.i += 1; return }
                throw Failure(offset: c.i, expected: "',' or ']' in an array")
            }
        case UInt8(ascii: "\""):
            let start = c.i
            let value = try c.readString()
            try appendValue(value[...], path: path, at: start, into: &batch)
        default:
            let start = c.i
            while !c.atEnd {
                let b = c.peek
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { break }
                c.i += 1
            }
            let token = UnsafeBufferPointer(rebasing: c.buf[start ..< c.i])
            if token.isEmpty { throw Failure(offset: start, expected: "a JSON value") }
            if token.elementsEqual("null".utf8) { return }
            let first = token[0]
            let isNumber = first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39)
            guard isNumber || token.elementsEqual("true".utf8) || token.elementsEqual("false".utf8) else {
                throw Failure(offset: start, expected: "a JSON value (string, number, true, false, null, object or array)")
            }
            try appendValue(Array(token)[...], path: path, at: start, into: &batch)
        }
    }

    private mutating func appendValue(_ value: ArraySlice<UInt8>, path: String, at offset: Int, into batch: inout RecordBatch) throws(Failure) {
        recordFields += 1
        guard recordFields <= maxColumns else {
            throw Failure(offset: offset, expected: "at most \(maxColumns) values", tooWide: false)
        }
        let column = try column(path.isEmpty ? "value" : path, at: offset)
        let start = batch.bytes.count
        batch.bytes.append(contentsOf: value)
        batch.appendField(start: start, length: value.count, flags: 0, column: column)
    }
}

/// A read position in one JSON line.
private struct Cursor {
    let buf: UnsafeBufferPointer<UInt8>
    var i = 0

    var atEnd: Bool { i >= buf.count }
    var peek: UInt8 { i < buf.count ? buf[i] : 0 }

    mutating func skipSpace() {
        while i < buf.count {
            let b = buf[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1 } else { break }
        }
    }

    /// Reads a JSON string at the cursor (which is on the opening quote) and decodes it.
    mutating func readString() throws(NDJSONParser.Failure) -> [UInt8] {
        i += 1
        var out: [UInt8] = []
        while i < buf.count {
            let b = buf[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return out
            }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < buf.count else { break }
                let e = buf[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800 ... 0xDBFF).contains(scalar) {
                        guard i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else {
                            throw NDJSONParser.Failure(offset: i, expected: "a low surrogate \\uDC00-\\uDFFF after a high surrogate")
                        }
                        i += 2
                        let low = try readHex4()
                        guard (0xDC00 ... 0xDFFF).contains(low) else {
                            throw NDJSONParser.Failure(offset: i - 4, expected: "a low surrogate \\uDC00-\\uDFFF")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: String(Character(u)).utf8)
                default:
                    throw NDJSONParser.Failure(offset: i - 1, expected: "a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
                }
                continue
            }
            if b < 0x20 {
                throw NDJSONParser.Failure(offset: i, expected: "no raw control character inside a string")
            }
            out.append(b)
            i += 1
        }
        throw NDJSONParser.Failure(offset: i, expected: "a closing '\"' before the end of the line")
    }

    private mutating func readHex4() throws(NDJSONParser.Failure) -> UInt32 {
        guard i + 4 <= buf.count else { throw NDJSONParser.Failure(offset: i, expected: "four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0 ..< 4 {
            let b = buf[i]
            let digit: UInt32
            switch b {
            case 0x30 ... 0x39: digit = UInt32(b - 0x30)
            case 0x41 ... 0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61 ... 0x66: digit = UInt32(b - 0x61 + 10)
            default: throw NDJSONParser.Failure(offset: i, expected: "a hex digit in \\uXXXX")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
