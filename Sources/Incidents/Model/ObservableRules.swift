import Foundation

/// Shape checks for observables, so a STIX or MISP export never carries a malformed indicator.
enum ObservableRules {
    static func check(_ kind: Observable.Kind, _ v: String) throws {
        func fail(_ expected: String) -> CaseError { CaseError(.invalid, "observable \(kind.rawValue): expected \(expected)") }
        guard !v.isEmpty, v.count <= 2048, !v.contains(where: { $0.isNewline }) else { throw fail("one line of at most 2048 characters") }
        switch kind {
        case .ipv4:
            let parts = v.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, parts.allSatisfy({ p in p.count <= 3 && !p.isEmpty && p.allSatisfy(\.isNumber) && Int(p).map { $0 <= 255 } == true }) else { throw fail("a dotted IPv4 address") }
        case .ipv6:
            guard v.contains(":"), v.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }), v.count <= 45 else { throw fail("an IPv6 address") }
        case .domain:
            let labels = v.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else { throw fail("a domain name such as example.com") }
        case .url:
            guard let u = URL(string: v), let s = u.scheme, ["http", "https", "ftp", "onion"].contains(s.lowercased()) || s.lowercased().hasSuffix("s"), u.host != nil else { throw fail("an absolute URL with a scheme and host") }
        case .fileSHA256:
            guard v.count == 64, v.allSatisfy(\.isHexDigit) else { throw fail("64 hex digits") }
        case .email:
            let parts = v.split(separator: "@")
            guard parts.count == 2, parts[1].contains(".") else { throw fail("an address such as seller@example.com") }
        case .wallet, .forumHandle:
            guard !v.contains(where: { $0.isWhitespace }) else { throw fail("no spaces") }
        }
    }
}
