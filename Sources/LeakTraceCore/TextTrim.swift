import Foundation

/// Trimming without Foundation's NSString bridge in the common case: a value whose first and
/// last bytes are visible ASCII has nothing to trim and is returned as it is; anything else goes
/// through `trimmingCharacters(in:)` with the same set, so the result never differs from it.
public enum TextTrim {
    @inline(__always)
    static func visibleASCII(_ b: UInt8) -> Bool { b >= 0x21 && b <= 0x7E }

    /// `s.trimmingCharacters(in: set)`, fast when there is nothing to trim.
    public static func trimmed(_ s: String, _ set: CharacterSet = .whitespacesAndNewlines) -> String {
        if let f = s.utf8.first, let l = s.utf8.last, visibleASCII(f), visibleASCII(l) { return s }
        return s.trimmingCharacters(in: set)
    }

    /// The words of `s` split on whitespace, as `split(whereSeparator: \.isWhitespace)` gives
    /// them; ASCII text is split on its bytes (no Unicode property lookups).
    public static func words(_ s: some StringProtocol) -> [Substring] {
        let sub = Substring(s)
        guard sub.utf8.allSatisfy({ $0 < 0x80 }) else { return sub.split(whereSeparator: \.isWhitespace) }
        var out: [Substring] = []
        var start: String.Index? = nil
        var i = sub.utf8.startIndex
        while i != sub.utf8.endIndex {
            let b = sub.utf8[i]
            let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
            if space {
                if let st = start { out.append(sub[st ..< i]); start = nil }
            } else if start == nil {
                start = i
            }
            i = sub.utf8.index(after: i)
        }
        if let st = start { out.append(sub[st...]) }
        return out
    }
}
