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
    private var v4: [(from: UInt32, to: UInt32, cc: String)] = []
    private var v6: [(from: [UInt8], to: [UInt8], cc: String)] = []

    public static let defaultPaths = ("/usr/share/tor/geoip", "/usr/share/tor/geoip6")

    public var rangeCount: Int { v4.count + v6.count }

    /// Loads the IPv4 file and, when present, the IPv6 file. Malformed lines are skipped.
    public static func load(v4Path: String = defaultPaths.0, v6Path: String? = defaultPaths.1) throws(LeakTraceError) -> GeoIPDatabase {
        guard let text = try? String(contentsOfFile: v4Path, encoding: .utf8) else {
            throw LeakTraceError(.io, "cannot read the GeoIP database (install Debian's tor-geoipdb, or pass --geoip)", at: InputLocation(file: v4Path))
        }
        var db = GeoIPDatabase(path: v4Path)
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                if db.generated == nil, let r = line.range(of: "Generated:") {
                    db.generated = line[r.upperBound...].trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            let parts = line.split(separator: ",")
            guard parts.count == 3, let from = UInt32(parts[0]), let to = UInt32(parts[1]) else { continue }
            db.v4.append((from, to, String(parts[2])))
        }
        db.v4.sort { $0.from < $1.from }
        if let v6Path, let text6 = try? String(contentsOfFile: v6Path, encoding: .utf8) {
            for line in text6.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: ",")
                guard parts.count == 3, let from = ipv6Bytes(String(parts[0])), let to = ipv6Bytes(String(parts[1])) else { continue }
                db.v6.append((from, to, String(parts[2])))
            }
            db.v6.sort { $0.from.lexicographicallyPrecedes($1.from) }
        }
        return db
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
            return v4[i].cc == "??" ? nil : v4[i].cc
        }
        if let b = Self.ipv6Bytes(text) {
            if b == [UInt8](repeating: 0, count: 15) + [1] { return "loopback" }
            if b[0] & 0xFE == 0xFC || (b[0] == 0xFE && b[1] & 0xC0 == 0x80) { return "private" }
            var lo = 0, hi = v6.count - 1, found: Int?
            while lo <= hi {
                let mid = (lo + hi) / 2
                if !b.lexicographicallyPrecedes(v6[mid].from) { found = mid; lo = mid + 1 } else { hi = mid - 1 }
            }
            guard let i = found, !v6[i].to.lexicographicallyPrecedes(b) else { return nil }
            return v6[i].cc == "??" ? nil : v6[i].cc
        }
        return nil
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard let octet = UInt8(p) else { return nil }
            v = v << 8 | UInt32(octet)
        }
        return v
    }

    static func ipv6Bytes(_ text: String) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
