import Foundation
import LeakTraceCore

/// A JSON value written by the exporters (STIX, MISP, the court pack), with members kept in the
/// order they were added so the output reads naturally (`type`, `spec_version`, `id` first) and is
/// byte-for-byte the same for the same input.
///
/// `canonical` writes RFC 8785 (JCS) form for the values used here (strings, integers, booleans,
/// arrays, objects): members sorted by UTF-16 code units, no whitespace, minimal string escapes.
/// STIX 2.1 §2.9 hashes that form of an SCO's ID contributing properties into its UUIDv5.
enum ExportJSON: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([ExportJSON])
    case object([(String, ExportJSON)])

    static func == (lhs: ExportJSON, rhs: ExportJSON) -> Bool {
        lhs.canonical == rhs.canonical
    }

    /// An object from ordered members, leaving out the nil ones.
    static func members(_ pairs: [(String, ExportJSON?)]) -> ExportJSON {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    static func strings(_ values: [String]) -> ExportJSON { .array(values.map { .string($0) }) }

    /// RFC 8785 form: sorted members, no whitespace.
    var canonical: String {
        var out = ""
        write(into: &out, indent: nil, level: 0, sorted: true)
        return out
    }

    /// Indented by two spaces, members in insertion order, ending with a newline.
    var pretty: String {
        var out = ""
        write(into: &out, indent: "  ", level: 0, sorted: false)
        out += "\n"
        return out
    }

    /// One line, members in insertion order (JSON Lines).
    var compact: String {
        var out = ""
        write(into: &out, indent: nil, level: 0, sorted: false)
        return out
    }

    /// Looks up a member of an object (tests and pack assembly).
    subscript(key: String) -> ExportJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    private func write(into out: inout String, indent: String?, level: Int, sorted: Bool) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                item.write(into: &out, indent: indent, level: level + 1, sorted: sorted)
            }
            Self.newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            let ordered = sorted ? members.sorted { Array($0.0.utf16).lexicographicallyPrecedes(Array($1.0.utf16)) } : members
            out += "{"
            for (i, (key, value)) in ordered.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                Self.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent, level: level + 1, sorted: sorted)
            }
            Self.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0 ..< level { out += indent }
    }

    /// JSON string with the escapes RFC 8785 prescribes: `\"`, `\\`, the short forms for
    /// backspace, tab, newline, form feed and return, `\u00xx` for other controls; all else as is.
    static func quote(_ s: String, into out: inout String) {
        JSONString.append(s, to: &out)
    }
}
