import Foundation
import LeakTraceCore

/// IP address -> country from Tor's GeoIP files (Debian's `tor-geoipdb`: `/usr/share/tor/geoip`
/// and `geoip6`, converted from the IPFire Location database). Ranges as text:
/// `FROM,TO,CC` (IPv4 as integers) and `FROM,TO,CC` (IPv6 addresses). The files carry no AS
/// numbers, so the report says ASN is not available.
public struct GeoIPDatabase: Sendable {
    public var path: String
    /// The export date from the file's header (`# Generated: ...`), as written.
    public var generated: String?
    private var v4: [(from: UInt32, to: UInt32, cc: UInt16)] = []
    private var v6: [(from: UInt128, to: UInt128, cc: UInt16)] = []

    public static let defaultPaths = ("/usr/share/tor/geoip", "/usr/share/tor/geoip6")

    public var rangeCount: Int { v4.count + v6.count }

    /// Loads the IPv4 file and, when present, the IPv6 file. Malformed lines are skipped. The
    /// files are parsed as bytes (about 660,000 ranges).
    public static func load(v4Path: String = defaultPaths.0, v6Path: String? = defaultPaths.1) throws(LeakTraceError) -> GeoIPDatabase {
        guard let data = FileManager.default.contents(atPath: v4Path) else {
            throw LeakTraceError(.io, "cannot read the GeoIP database (install Debian's tor-geoipdb, or pass --geoip)", at: InputLocation(file: v4Path))
        }
        var db = GeoIPDatabase(path: v4Path)
        db.generated = generatedDate(data)
        forEachRange(data) { from, to, cc in
            guard let f = integer(from), let t = integer(to) else { return }
            db.v4.append((f, t, cc))
        }
        db.v4.sort { $0.from < $1.from }
        if let v6Path, let data6 = FileManager.default.contents(atPath: v6Path) {
            forEachRange(data6) { from, to, cc in
                guard let f = ipv6(bytes: from), let t = ipv6(bytes: to) else { return }
                db.v6.append((f, t, cc))
            }
            db.v6.sort { $0.from < $1.from }
        }
        return db
    }

    /// The `# Generated: ...` line of the header.
    private static func generatedDate(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        for line in head.split(separator: "\n") where line.hasPrefix("#") {
            if let r = line.range(of: "Generated:") { return line[r.upperBound...].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    /// Calls `body` with the two address fields (as strings) and the packed country code of
    /// every `FROM,TO,CC` line.
    private static func forEachRange(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UInt16) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < b.count {
                var end = start
                while end < b.count && b[end] != 0x0A { end += 1 }
                defer { start = end + 1 }
                guard end > start, b[start] != 0x23 else { continue }
                var c1 = start
                while c1 < end && b[c1] != 0x2C { c1 += 1 }
                var c2 = c1 + 1
                while c2 < end && b[c2] != 0x2C { c2 += 1 }
                guard c2 + 2 < end || c2 + 2 == end else { continue }
                guard c2 + 3 <= end else { continue }
                let cc = UInt16(b[c2 + 1]) << 8 | UInt16(b[c2 + 2])
                body(UnsafeBufferPointer(rebasing: b[start ..< c1]), UnsafeBufferPointer(rebasing: b[(c1 + 1) ..< c2]), cc)
            }
        }
    }

    private static func integer(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !b.isEmpty, b.count <= 10 else { return nil }
        var v: UInt64 = 0
        for c in b {
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + UInt64(c - 48)
        }
        return v <= UInt64(UInt32.max) ? UInt32(v) : nil
    }

    /// inet_pton on a NUL-terminated copy of the bytes.
    private static func ipv6(bytes b: UnsafeBufferPointer<UInt8>) -> UInt128? {
        guard b.count < 46 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer -> UInt128? in
            for (i, c) in b.enumerated() { buffer[i] = CChar(bitPattern: c) }
            buffer[b.count] = 0
            var address = in6_addr()
            guard inet_pton(AF_INET6, buffer.baseAddress!, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { bytes in bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
        }
    }

    private static func code(_ cc: UInt16) -> String? {
        let s = String(decoding: [UInt8(cc >> 8), UInt8(cc & 0xFF)], as: UTF8.self)
        return s == "??" ? nil : s
    }

    private init(path: String) {
        self.path = path
    }

    /// The country code, `private`/`loopback` for non-public addresses, or nil when not found.
    public func country(of address: String) -> String? {
        var text = address
        if text.hasPrefix("::ffff:"), text.contains(".") { text = String(text.dropFirst(7)) }
        if let v = Self.ipv4(text) {
            if v >> 24 == 127 { return "loopback" }
            if v >> 24 == 10 || v >> 20 == 0xAC1 || v >> 16 == 0xC0A8 || v >> 22 == 0x191 { return "private" }
            var lo = 0, hi = v4.count - 1, found: Int?
            while lo <= hi {
                let mid = (lo + hi) / 2
                if v4[mid].from <= v { found = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            guard let i = found, v <= v4[i].to else { return nil }
            return Self.code(v4[i].cc)
        }
        if let v = Self.ipv6(text) {
            if v == 1 { return "loopback" }
            let top = UInt8(truncatingIfNeeded: v >> 120)
            if top & 0xFE == 0xFC || (top == 0xFE && UInt8(truncatingIfNeeded: v >> 112) & 0xC0 == 0x80) { return "private" }
            var lo = 0, hi = v6.count - 1, found: Int?
            while lo <= hi {
                let mid = (lo + hi) / 2
                if v6[mid].from <= v { found = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            guard let i = found, v <= v6[i].to else { return nil }
            return Self.code(v6[i].cc)
        }
        return nil
    }

    /// A dotted quad, or the integer form the IPv4 file uses.
    static func ipv4(_ text: String) -> UInt32? {
        if !text.contains(".") { return text.contains(":") ? nil : UInt32(text) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard let octet = UInt8(p) else { return nil }
            v = v << 8 | UInt32(octet)
        }
        return v
    }

    static func ipv6(_ text: String) -> UInt128? {
        guard text.contains(":") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { bytes in bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
    }
}
