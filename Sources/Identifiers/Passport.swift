import LeakTraceCore

/// Malaysian passport numbers: `A`, `H` or `K` then 8 digits (spec §3.8).
public enum Passport {
    /// Detects a passport number in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects a passport number in the raw UTF-8 of one cell.
    ///
    /// The shape alone is VALID with the note "no keyword" (low confidence: the free-text scanner
    /// raises it when "pasport"/"passport" is within 300 characters, Purview's rule). In a
    /// passport-typed column it is VALID without the note. Another letter + 8 digits is INVALID
    /// with the note "foreign passport possible".
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        CellNormalizer.withNormalized(bytes) { cell, _ in
            guard let core = CellBytes.digitCore(cell), core.count == 8, core.lowerBound >= 1 else { return .invalid(.passport) }
            for i in core where !CellNormalizer.isDigit(cell[i]) { return .invalid(.passport) }
            let letter = cell[core.lowerBound - 1]
            guard CellBytes.isLetter(letter) else { return .invalid(.passport) }
            // `(?<![A-Za-z0-9])`: the letter must start a token.
            if core.lowerBound >= 2, CellBytes.isLetter(cell[core.lowerBound - 2]) { return .invalid(.passport) }
            if core.upperBound < cell.count, CellBytes.isLetter(cell[core.upperBound]) { return .invalid(.passport) }
            let upper = letter & ~0x20
            guard upper == UInt8(ascii: "A") || upper == UInt8(ascii: "H") || upper == UInt8(ascii: "K") else {
                return Detection(type: .passport, verdict: .invalid, notes: Notes.foreign)
            }
            var digits = DigitBuffer()
            for i in core { digits.append(cell[i]) }
            let canonical: String
            switch upper {
            case UInt8(ascii: "A"): canonical = digits.string(prefix: "A")
            case UInt8(ascii: "H"): canonical = digits.string(prefix: "H")
            default: canonical = digits.string(prefix: "K")
            }
            if context.columnType == .passport {
                return Detection(type: .passport, verdict: .valid, canonical: canonical)
            }
            return Detection(type: .passport, verdict: .valid, canonical: canonical, notes: Notes.noKeyword)
        }
    }

    enum Notes {
        static let foreign = ["not A/H/K: foreign passport possible"]
        static let noKeyword = ["no keyword: low confidence"]
    }
}
