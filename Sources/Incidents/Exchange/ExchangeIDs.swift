import Crypto
import Foundation
import LeakTraceCore

/// Identifiers and timestamps shared by the STIX and MISP exporters.
enum ExchangeIDs {
    /// STIX 2.1 §2.9: the namespace for the UUIDv5 of cyber-observable objects.
    static let stixNamespace: [UInt8] = [
        0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c, 0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7,
    ]

    /// RFC 9562 UUIDv5: SHA-1 of namespace ‖ name, version 5, RFC variant.
    static func uuid5(namespace: [UInt8], name: String) -> String {
        var sha = Insecure.SHA1()
        sha.update(data: namespace)
        sha.update(data: Array(name.utf8))
        var bytes = Array(sha.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return format(bytes)
    }

    /// The UUIDv5 STIX 2.1 gives an SCO: the namespace above and the RFC 8785 form of its ID
    /// contributing properties.
    static func stixObservableUUID(contributing: ExportJSON) -> String {
        uuid5(namespace: stixNamespace, name: contributing.canonical)
    }

    /// A UUID in version 4 layout whose 122 free bits come from SHA-256 of `parts` instead of a
    /// random source, so re-exporting a case gives its objects the same ids (a new export is a new
    /// version of the same object, not a new object). STIX asks SDOs, SROs and SMOs for UUIDv4
    /// ids; these are indistinguishable from random ones and unique as long as the parts are.
    static func derivedUUID(_ parts: String...) -> String {
        var sha = SHA256()
        sha.update(data: Array("leaktrace-exchange/v1".utf8))
        for part in parts {
            sha.update(data: [0])
            sha.update(data: Array(part.utf8))
        }
        var bytes = Array(sha.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return format(bytes)
    }

    static func format(_ bytes: [UInt8]) -> String {
        let hex = Hex.encode(bytes)
        let u = Array(hex)
        return String(u[0 ..< 8]) + "-" + String(u[8 ..< 12]) + "-" + String(u[12 ..< 16]) + "-"
            + String(u[16 ..< 20]) + "-" + String(u[20 ..< 32])
    }
}

/// RFC 3339 UTC timestamps with milliseconds (`2026-11-23T05:27:22.123Z`), the form STIX 2.1
/// recommends and the audit log uses; milliseconds are truncated, never rounded up.
enum ExchangeTime {
    static func rfc3339(_ date: Date) -> String {
        let totalMS = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = totalMS / 86_400_000
        var msOfDay = totalMS % 86_400_000
        if msOfDay < 0 {
            msOfDay += 86_400_000
            days -= 1
        }
        let civil = CivilDate(daysSinceEpoch: Int(days))
        let h = msOfDay / 3_600_000
        let m = (msOfDay / 60_000) % 60
        let s = (msOfDay / 1000) % 60
        let ms = msOfDay % 1000
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T\(pad(Int(h), 2)):\(pad(Int(m), 2)):\(pad(Int(s), 2)).\(pad(Int(ms), 3))Z"
    }

    /// The calendar date (`YYYY-MM-DD`) of `date` in the IANA zone `timeZone` (UTC when unknown).
    static func day(_ date: Date, timeZone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(pad(c.year ?? 1970, 4))-\(pad(c.month ?? 1, 2))-\(pad(c.day ?? 1, 2))"
    }

    /// Whole seconds since 1970 (MISP's `timestamp`).
    static func epochSeconds(_ date: Date) -> String {
        String(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
