import Dumps
import LeakTraceCore

/// Record keys as the correlator holds them: a 64-bit keyed hash of the canonical key.
///
/// The hash is Swift's `Hasher` (SipHash-1-3 with a random per-process seed): keyed, fast, never
/// written anywhere. Collisions between 64-bit hashes of at most a few hundred million keys are
/// negligible (about n^2 / 2^65).
public struct KeyHasher: Sendable {
    public var normalization: KeyNormalization

    public init(normalization: KeyNormalization = .lower) {
        self.normalization = normalization
    }

    /// The hash of a key given as bytes, or nil when nothing is left after canonicalisation.
    public func hash(_ raw: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var s = 0
        var e = raw.count
        while s < e && (raw[s] == 0x20 || raw[s] == 0x09 || raw[s] == 0x22 || raw[s] == 0x27) { s += 1 }
        while e > s && (raw[e - 1] == 0x20 || raw[e - 1] == 0x09 || raw[e - 1] == 0x22 || raw[e - 1] == 0x27) { e -= 1 }
        guard e > s else { return nil }
        var hasher = Hasher()
        switch normalization {
        case .exact:
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: raw[s ..< e])))
        case .lower, .digits:
            // The canonical bytes go to the hasher in one call, whatever the spelling was.
            let ok = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: e - s) { buffer -> Bool in
                var n = 0
                for i in s ..< e {
                    let c = raw[i]
                    if normalization == .digits {
                        if c >= 48 && c <= 57 { buffer[n] = c; n += 1 }
                    } else {
                        buffer[n] = c >= 65 && c <= 90 ? c + 32 : c
                        n += 1
                    }
                }
                guard n > 0 else { return false }
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0 ..< n])))
                return true
            }
            guard ok else { return nil }
        }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    public func hash(_ text: some StringProtocol) -> UInt64? {
        var copy = String(text)
        return copy.withUTF8 { hash($0) }
    }
}

/// The leak's record keys: each key's hash mapped to a dense index (for per-row counters).
public struct LeakKeys: Sendable {
    public private(set) var index: [UInt64: Int32] = [:]
    /// Leak rows without a usable key (empty cell, missing field).
    public var rowsWithoutKey = 0
    /// Rows read, including duplicates.
    public var rows = 0
    public var count: Int { index.count }

    public init() {}

    /// Adds a key's hash; returns its index.
    @discardableResult
    public mutating func insert(_ hash: UInt64) -> Int32 {
        if let i = index[hash] { return i }
        let i = Int32(index.count)
        index[hash] = i
        return i
    }

    public func position(of hash: UInt64) -> Int32? { index[hash] }

    /// Reads the leak file (CSV/TSV, NDJSON, JSON, SQL dump, XLSX; gzipped too) and hashes the
    /// named column of every row. Keys are never kept as strings.
    public static func read(path: String, column: String, hasher: KeyHasher) throws(LeakTraceError) -> LeakKeys {
        let reader = try DumpReader(path: path)
        var keys = LeakKeys()
        var columnIndex: Int?
        var headerSeen = false
        let wanted = column.lowercased()
        while let batch = try reader.nextBatch() {
            let named = batch.columns ?? (reader.discoveredColumns.isEmpty ? nil : reader.discoveredColumns)
            let columnar = !batch.fieldColumn.isEmpty
            if let named, columnIndex == nil {
                columnIndex = named.firstIndex { $0.lowercased() == wanted }
                headerSeen = true
                if columnIndex == nil && columnar {
                    // NDJSON discovers columns as it reads; look again in the next batch.
                    headerSeen = false
                }
            }
            for r in 0 ..< batch.recordCount {
                let fields = batch.fields(ofRecord: r)
                if !headerSeen && batch.columns == nil && !columnar {
                    // CSV: the first record is the header.
                    columnIndex = fields.firstIndex { batch.string(field: $0).trimmingSpaces.lowercased() == wanted }.map { $0 - fields.lowerBound }
                    headerSeen = true
                    guard columnIndex != nil else {
                        throw LeakTraceError(.invalidArgument, "the leak has no column '\(column)'; expected a header naming the key column given in the mapping's leak.column", at: InputLocation(file: path, line: batch.recordLine[r]))
                    }
                    continue
                }
                if columnar, columnIndex == nil {
                    columnIndex = reader.discoveredColumns.firstIndex { $0.lowercased() == wanted }
                }
                keys.rows += 1
                guard let c = columnIndex else {
                    keys.rowsWithoutKey += 1
                    continue
                }
                let field: Int? = columnar ? fields.first { Int(batch.fieldColumn[$0]) == c } : (c < fields.count ? fields.lowerBound + c : nil)
                guard let field else {
                    keys.rowsWithoutKey += 1
                    continue
                }
                let text = batch.string(field: field)
                if let h = hasher.hash(text) {
                    keys.insert(h)
                } else {
                    keys.rowsWithoutKey += 1
                }
            }
        }
        if columnIndex == nil && keys.rows > 0 {
            throw LeakTraceError(.invalidArgument, "the leak has no column '\(column)'; expected the key column named in the mapping's leak.column", at: InputLocation(file: path))
        }
        return keys
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

/// Percent-decoding of URL paths and query values (`+` is a space in queries).
enum URLText {
    static func decode(_ text: Substring, plusIsSpace: Bool) -> String {
        guard text.utf8.contains(0x25) || (plusIsSpace && text.utf8.contains(0x2B)) else { return String(text) }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x25, i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(plusIsSpace && c == 0x2B ? 0x20 : c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48 ... 57: c - 48
        case 65 ... 70: c - 55
        case 97 ... 102: c - 87
        default: nil
        }
    }
}

/// A compiled web route: does a request name records, and which.
struct CompiledRoute {
    enum Segment { case literal(String), key, any, rest }
    var method: String?
    var segments: [Segment]
    var query: String?
    var split: String?
    var wholeTable: Bool
    var statuses: Set<Int>?

    init(_ route: LogMapping.Route) {
        method = route.method?.uppercased()
        segments = route.path.split(separator: "/", omittingEmptySubsequences: true).map { part in
            switch part {
            case "{key}": .key
            case "{*}": .any
            case "{**}": .rest
            default: .literal(String(part))
            }
        }
        query = route.query
        split = route.split
        wholeTable = route.wholeTable ?? false
        statuses = route.statuses.map(Set.init)
    }

    /// The raw keys a request names, or nil when the route does not match. An empty array with
    /// `wholeTable` means a bulk read.
    func match(method requestMethod: Substring?, target: Substring, status: Int?) -> [String]? {
        if let method, let requestMethod, method != requestMethod.uppercased() { return nil }
        if let statuses {
            guard let status, statuses.contains(status) else { return nil }
        } else if let status, !((200 ..< 300).contains(status) || status == 304) {
            return nil
        }
        // Byte-wise splitting: paths and queries are ASCII in practice, and this is the hot path.
        let bytes = target.utf8
        let q = bytes.firstIndex(of: UInt8(ascii: "?"))
        let pathBytes = bytes[..<(q ?? bytes.endIndex)]
        let queryPart: Substring? = q.map { Substring(bytes[bytes.index(after: $0)...]) }
        var keys: [String] = []
        let parts = pathBytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        var i = 0
        for segment in segments {
            switch segment {
            case .rest:
                i = parts.count
            case .literal(let text):
                guard i < parts.count, parts[i].elementsEqual(text.utf8) else { return nil }
                i += 1
            case .any:
                guard i < parts.count else { return nil }
                i += 1
            case .key:
                guard i < parts.count else { return nil }
                keys.append(URLText.decode(Substring(parts[i]), plusIsSpace: false))
                i += 1
            }
        }
        guard i == parts.count else { return nil }
        if let query {
            var found = false
            for pair in (queryPart ?? "").utf8.split(separator: UInt8(ascii: "&")) {
                let kv = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, URLText.decode(Substring(kv[0]), plusIsSpace: true) == query else { continue }
                found = true
                let value = URLText.decode(Substring(kv[1]), plusIsSpace: true)
                if let split, !split.isEmpty {
                    keys += value.split(separator: Character(split)).map(String.init)
                } else {
                    keys.append(value)
                }
            }
            if !found && !wholeTable { return nil }
        }
        return keys
    }
}
