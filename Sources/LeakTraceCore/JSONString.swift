/// JSON string literals written by hand (canonical exports, fast-path API bodies, one-line CLI
/// output), with the escapes RFC 8785 prescribes: `\"`, `\\`, the short forms for backspace, tab,
/// newline, form feed and return, `\u00xx` for the other control characters, everything else as is.
public enum JSONString {
    /// Appends `s` as a quoted JSON string to `out`.
    public static func append(_ s: String, to out: inout String) {
        out += "\""
        appendEscaped(s, to: &out)
        out += "\""
    }

    /// `s` escaped for the inside of a JSON string (no quotes around it).
    public static func escaped(_ s: String) -> String {
        var out = ""
        appendEscaped(s, to: &out)
        return out
    }

    static func appendEscaped(_ s: String, to out: inout String) {
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
