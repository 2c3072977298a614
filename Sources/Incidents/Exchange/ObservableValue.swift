import Foundation
import LeakTraceCore

/// Checks an observable's value against the form its kind needs in STIX 2.1 and MISP, and gives
/// the normal form to export (lower-case hex and host names, no trailing dot).
///
/// Errors name the observable's id and kind, never its value.
enum ObservableValue {
    static func normalised(_ o: Observable) throws -> String {
        let v = o.value.trimmingCharacters(in: .whitespacesAndNewlines)
        let ok: String?
        switch o.kind {
        case .ipv4: ok = ipv4(v)
        case .ipv6: ok = ipv6(v)
        case .domain: ok = hostName(v)
        case .url: ok = uri(v)
        case .email: ok = email(v)
        case .fileSHA256: ok = sha256(v)
        case .wallet: ok = token(v, max: 256, spaces: false)
        case .forumHandle: ok = token(v, max: 256, spaces: true)
        }
        guard let ok else {
            throw LeakTraceError(.invalidArgument, "observable \(o.id) is not a valid \(o.kind.rawValue) value; correct it before exporting")
        }
        return ok
    }

    /// Dotted quad without leading zeros, optionally with a CIDR prefix length.
    static func ipv4(_ v: String) -> String? {
        let (address, prefix) = splitPrefix(v, max: 32)
        guard let address, prefix != .some(nil) else { return nil }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let n = Int(p), n <= 255, p.count == 1 || p.first != "0" else { return nil }
        }
        return v
    }

    /// Eight hex groups, or fewer with one `::`; optionally a prefix length. Embedded IPv4
    /// forms are refused (the STIX 2.1 schema's pattern does not accept them).
    static func ipv6(_ v: String) -> String? {
        let (address, prefix) = splitPrefix(v, max: 128)
        guard let address, prefix != .some(nil) else { return nil }
        let lower = address.lowercased()
        let halves = lower.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> Int? {
            if s.isEmpty { return 0 }
            let g = s.split(separator: ":", omittingEmptySubsequences: false)
            for x in g {
                guard (1 ... 4).contains(x.count), x.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
            }
            return g.count
        }
        guard let first = groups(halves[0]) else { return nil }
        if halves.count == 2 {
            guard let second = groups(halves[1]), first + second <= 7 else { return nil }
        } else {
            guard first == 8 else { return nil }
        }
        if let p = prefix, let p { return lower + "/" + String(p) }
        return lower
    }

    /// A host name: labels of letters (any script), digits and inner hyphens, 1–63 characters,
    /// 253 in all; lower-cased, without a trailing dot.
    static func hostName(_ v: String) -> String? {
        var s = v.lowercased()
        if s.hasSuffix(".") { s.removeLast() }
        guard !s.isEmpty, s.count <= 253 else { return nil }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1 ... 63).contains(label.count), label.first != "-", label.last != "-",
                  label.unicodeScalars.allSatisfy({ $0 == "-" || CharacterSet.alphanumerics.contains($0) }) else { return nil }
        }
        return s
    }

    /// An absolute URI (RFC 3986): a scheme, a colon, then only characters a URI may hold, with
    /// well-formed percent escapes.
    static func uri(_ v: String) -> String? {
        guard let colon = v.firstIndex(of: ":") else { return nil }
        let scheme = v[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")
        let rest = Array(v[v.index(after: colon)...])
        guard !rest.isEmpty else { return nil }
        var i = 0
        while i < rest.count {
            let c = rest[i]
            guard allowed.contains(c) else { return nil }
            if c == "%" {
                guard i + 2 < rest.count, rest[i + 1].isHexDigit, rest[i + 2].isHexDigit else { return nil }
                i += 2
            }
            i += 1
        }
        return v
    }

    /// `local@host` with a printable ASCII local part and a valid host name.
    static func email(_ v: String) -> String? {
        let parts = v.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[0].allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" && ($0.asciiValue ?? 0) > 0x20 }),
              let host = hostName(String(parts[1])), host.contains(".") else { return nil }
        return String(parts[0]) + "@" + host
    }

    static func sha256(_ v: String) -> String? {
        guard v.count == 64, v.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return v.lowercased()
    }

    /// A short single-line token (a wallet address, a handle).
    static func token(_ v: String, max: Int, spaces: Bool) -> String? {
        guard !v.isEmpty, v.count <= max,
              v.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) && (spaces || !CharacterSet.whitespaces.contains($0)) })
        else { return nil }
        return v
    }

    /// Splits `a/n`. The prefix is nil when absent, `.some(nil)` when present but invalid.
    private static func splitPrefix(_ v: String, max: Int) -> (String?, Int??) {
        let parts = v.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (v, nil)
        case 2:
            let p = parts[1]
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p), n <= max,
                  p.count == 1 || p.first != "0" else { return (String(parts[0]), .some(nil)) }
            return (String(parts[0]), .some(n))
        default: return (nil, nil)
        }
    }
}
