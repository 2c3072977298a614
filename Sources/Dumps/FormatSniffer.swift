import LeakTraceCore

/// Decides an input's format from its first bytes, never from its name.
enum FormatSniffer {
    struct Result {
        var format: DumpFormat
        var delimiter: UInt8?
        var bomLength: Int
    }

    static func sniff(_ head: [UInt8], path: String, options: ReaderOptions) throws(LeakTraceError) -> Result {
        guard !head.isEmpty else {
            throw LeakTraceError(.emptyInput, "empty file (0 bytes); expected CSV, TSV or NDJSON records", at: InputLocation(file: path))
        }
        // UTF-16 (with a byte-order mark) and Windows-1252 arrive here already transcoded to UTF-8
        // (PreparedInput).
        let bom = head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
        let body = head[bom...]

        // A zip (`PK 03 04`) holding xl/workbook.xml is an XLSX workbook; any other zip is binary here.
        if XLSXReader.looksLikeZip(head) && (options.format == nil || options.format == .xlsx) && XLSXReader.isWorkbook(path: path) {
            return Result(format: .xlsx, delimiter: nil, bomLength: 0)
        }
        // Binary: a NUL byte, or many control bytes, in the first 64 KiB.
        if let nul = body.firstIndex(of: 0) {
            throw LeakTraceError(.binaryInput, "binary data: NUL byte; expected text (CSV, TSV or NDJSON)", at: InputLocation(file: path, line: lineNumber(of: nul, in: head), byteOffset: nul))
        }
        // SQL dumps may carry raw binary strings (BLOBs without --hex-blob): no control-byte test.
        // A forced format needs no sniffing: a forced SQL dialect is the answer, any other forced
        // format ignores what the sniffer would say.
        let sql: DumpFormat? = switch options.format {
        case nil: sniffSQL(body)
        case .mysqldump?, .pgdump?: options.format
        default: nil
        }
        if let sql, options.format == nil || options.format == sql {
            return Result(format: sql, delimiter: nil, bomLength: bom)
        }
        var control = 0
        for b in body where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { control += 1 }
        if control * 20 > body.count {
            throw LeakTraceError(.binaryInput, "binary data: \(control) control bytes in the first \(body.count) bytes; expected text (CSV, TSV or NDJSON)", at: InputLocation(file: path, byteOffset: 0))
        }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw LeakTraceError(.emptyInput, "no records: the file holds only white space", at: InputLocation(file: path))
        }

        if let forced = options.format {
            switch forced {
            case .ndjson: return Result(format: .ndjson, delimiter: nil, bomLength: bom)
            case .tsv: return Result(format: .tsv, delimiter: options.delimiter ?? 0x09, bomLength: bom)
            case .csv: return Result(format: .csv, delimiter: options.delimiter ?? sniffDelimiter(body) ?? UInt8(ascii: ","), bomLength: bom)
            case .mysqldump, .pgdump, .json: return Result(format: forced, delimiter: nil, bomLength: bom)
            case .xlsx: throw LeakTraceError(.unsupportedFormat, "not an XLSX workbook (a zip archive holding xl/workbook.xml); expected one with --format xlsx", at: InputLocation(file: path, byteOffset: 0))
            }
        }
        if let start = body.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) {
            if body[start] == UInt8(ascii: "[") { return Result(format: .json, delimiter: nil, bomLength: bom) }
            if body[start] == UInt8(ascii: "{") {
                return Result(format: wrappedJSON(body[start...]) ? .json : .ndjson, delimiter: nil, bomLength: bom)
            }
        }
        let delimiter = options.delimiter ?? sniffDelimiter(body) ?? UInt8(ascii: ",")
        return Result(format: delimiter == 0x09 ? .tsv : .csv, delimiter: delimiter, bomLength: bom)
    }

    /// `pg_dump` or `mysqldump` output, from its banner or its first statements.
    ///
    /// PostgreSQL: `-- PostgreSQL database dump`, `SET statement_timeout`, or `COPY ... FROM stdin;`.
    /// MySQL/MariaDB: `-- MySQL dump`, `-- MariaDB dump`, `/*!40101 SET`, or a first statement that
    /// is `CREATE TABLE`, `INSERT [IGNORE] INTO`, `REPLACE INTO`, `DROP TABLE`, `LOCK TABLES` or `SET NAMES`.
    static func sniffSQL(_ body: ArraySlice<UInt8>) -> DumpFormat? {
        let head = body.prefix(16 << 10)
        let text = String(decoding: head, as: UTF8.self)
        // The banners are ASCII: looked for in the bytes (a `String` search compares characters,
        // and took milliseconds over 16 KiB).
        if contains(head, "-- PostgreSQL database dump") || contains(head, "SET statement_timeout") { return .pgdump }
        for line in text.split(separator: "\n", maxSplits: 400).prefix(400) where startsWithCopy(line) {
            let upper = line.uppercased()
            if upper.hasPrefix("COPY "), upper.hasSuffix("FROM STDIN;") || upper.hasSuffix("FROM STDIN;\r") { return .pgdump }
        }
        if contains(head, "-- MySQL dump") || contains(head, "-- MariaDB dump") || contains(head, "/*!40101 SET") { return .mysqldump }
        // The first statement, after white space and comments.
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            if rest.hasPrefix("--") || rest.hasPrefix("#") {
                guard let nl = rest.firstIndex(of: "\n") else { return nil }
                rest = rest[rest.index(after: nl)...]
            } else if rest.hasPrefix("/*") {
                guard let end = rest.firstRange(of: "*/") else { return nil }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        let start = rest.prefix(40).uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).prefix(2).joined(separator: " ")
        for opener in ["CREATE TABLE", "INSERT INTO", "INSERT IGNORE", "REPLACE INTO", "DROP TABLE", "LOCK TABLES", "SET NAMES"] where start.hasPrefix(opener) {
            return .mysqldump
        }
        return nil
    }

    /// Whether `bytes` hold `needle`'s UTF-8 bytes.
    static func contains(_ bytes: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return pattern.isEmpty }
        var i = bytes.startIndex
        let last = bytes.endIndex - pattern.count
        while i <= last {
            guard let at = bytes[i ... last].firstIndex(of: first) else { return false }
            if bytes[at ..< at + pattern.count].elementsEqual(pattern) { return true }
            i = at + 1
        }
        return false
    }

    /// Whether `line` starts with `copy ` in any case, by its bytes: the only lines whose
    /// upper-case form can start with `COPY ` (no other character upper-cases to C, O, P or Y), so
    /// the others are not upper-cased at all.
    private static func startsWithCopy(_ line: Substring) -> Bool {
        var bytes = line.utf8.makeIterator()
        for expected in "copy ".utf8 {
            guard let b = bytes.next(), b | (b &- 0x41 < 26 ? 0x20 : 0) == expected else { return false }
        }
        return true
    }

    /// Whether a file starting with `{` is one JSON document (`{ "data": [ {...} ] }`) rather than
    /// NDJSON: its first object spans several lines (pretty-printed), runs past the sniffed head,
    /// or is the only object and holds an array of objects among its members. A first object that
    /// closes on its line and is followed by another line is NDJSON.
    static func wrappedJSON(_ body: ArraySlice<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var sawNewline = false
        var arrayOfObjects = false
        var afterMemberArray = false
        var i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            i += 1
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if b == 0x0A { sawNewline = true }
            let space = b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
            if afterMemberArray && !space {
                afterMemberArray = false
                if b == UInt8(ascii: "{") { arrayOfObjects = true }
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "["):
                depth += 1
                if depth == 2 { afterMemberArray = true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    if sawNewline { return true }
                    let rest = body[i...].drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                    return rest.isEmpty && arrayOfObjects
                }
            default: break
            }
        }
        return true
    }

    private static func lineNumber(of index: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Picks the delimiter whose count per record (outside quotes) is most consistent and non-zero
    /// over the first records.
    static func sniffDelimiter(_ body: ArraySlice<UInt8>) -> UInt8? {
        let candidates: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]
        var perLine: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var fieldStart = true
        for b in body {
            if b == UInt8(ascii: "\"") {
                if inQuotes { inQuotes = false } else if fieldStart { inQuotes = true }
                fieldStart = false
                continue
            }
            if inQuotes { continue }
            if b == 0x0A {
                perLine.append(counts)
                counts = [Int](repeating: 0, count: candidates.count)
                fieldStart = true
                if perLine.count >= 200 { break }
                continue
            }
            if let k = candidates.firstIndex(of: b) {
                counts[k] += 1
                fieldStart = true
            } else {
                fieldStart = false
            }
        }
        if counts.contains(where: { $0 > 0 }) { perLine.append(counts) }
        guard !perLine.isEmpty else { return nil }
        var best: (score: Double, delimiter: UInt8)?
        for (k, candidate) in candidates.enumerated() {
            let values = perLine.map { $0[k] }
            guard let first = values.first, first > 0 else { continue }
            let consistent = values.filter { $0 == first }.count
            let score = Double(consistent) / Double(values.count) * Double(min(first, 50) + 1)
            if best == nil || score > best!.score { best = (score, candidate) }
        }
        return best?.delimiter
    }
}
