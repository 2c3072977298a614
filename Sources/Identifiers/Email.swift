/// Email addresses (spec §8.1): the pragmatic RFC 5322 subset.
///
/// - local part `[A-Za-z0-9._%+-]+`, with no leading, trailing or doubled dot (RFC 5322
///   dot-atom; dumps with `a..b@` are typing errors, not addresses);
/// - one `@`;
/// - a domain of at least two labels `[A-Za-z0-9-]+` (no leading or trailing hyphen), the last
///   label (TLD) 2–24 letters.
///
/// Canonical form: the whole address lower-cased. The spec (§8.1) keeps the local part's case,
/// but the issue asks for "email lower-cased" so that the same mailbox typed twice joins across
/// dumps; every provider the dumps name treats local parts case-insensitively.
public enum Email {
    /// Detects an email address filling the whole cell (surrounding spaces allowed).
    /// - Parameters:
    ///   - text: the cell, already normalised (§2.1).
    ///   - context: unused beyond the contract; an email is recognisable without a header.
    /// - Returns: VALID with the lower-cased address, or INVALID.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        var text = text
        return text.withUTF8 { detect(bytes: $0, context: context) }
    }

    /// Hot-path variant over UTF-8 bytes. Allocates only when the value is valid (for the
    /// canonical string); invalid input never allocates.
    /// - Parameters:
    ///   - bytes: the cell's UTF-8 bytes.
    ///   - context: the cell context.
    /// - Returns: VALID with the lower-cased address, or INVALID.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        guard let range = validRange(bytes) else { return invalid }
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        let canonical = String(unsafeUninitializedCapacity: slice.count) { out in
            for (i, b) in slice.enumerated() {
                out[i] = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
            }
            return slice.count
        }
        return Detection(type: .email, verdict: .valid, canonical: canonical)
    }

    /// Shared, so an INVALID answer is one copy instead of a construction.
    private static let invalid = Detection(type: .email, verdict: .invalid)

    /// Whether the bytes (after trimming ASCII spaces and tabs) are one email address.
    public static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        validRange(bytes) != nil
    }

    // MARK: - Scanner

    @inline(__always) private static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always) private static func isLocal(_ b: UInt8) -> Bool {
        isAlpha(b) || isDigit(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D
    }

    /// The trimmed range if the bytes form a valid address.
    static func validRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        guard hi - lo >= 6, hi - lo <= 254 else { return nil }

        // Local part.
        var i = lo
        var previousDot = true  // forbids a leading dot
        while i < hi, bytes[i] != 0x40 {
            let b = bytes[i]
            guard isLocal(b) else { return nil }
            if b == 0x2E {
                if previousDot { return nil }
                previousDot = true
            } else {
                previousDot = false
            }
            i += 1
        }
        guard i < hi, i > lo, !previousDot, i - lo <= 64 else { return nil }
        i += 1  // '@'

        // Domain: labels separated by dots; the last is the TLD.
        var labels = 0
        var labelStart = i
        var labelAllAlpha = true
        while true {
            if i == hi || bytes[i] == 0x2E {
                let length = i - labelStart
                guard length >= 1, length <= 63 else { return nil }
                guard bytes[labelStart] != 0x2D, bytes[i - 1] != 0x2D else { return nil }
                labels += 1
                if i == hi {
                    guard labels >= 2, labelAllAlpha, length >= 2, length <= 24 else { return nil }
                    return lo..<hi
                }
                i += 1
                labelStart = i
                labelAllAlpha = true
                continue
            }
            let b = bytes[i]
            if isAlpha(b) {
            } else if isDigit(b) || b == 0x2D {
                labelAllAlpha = false
            } else {
                return nil
            }
            i += 1
        }
    }
}
