import LeakTraceCore

/// Old Malaysian identity card numbers: 7 digits, or one letter and 7 digits (spec §3.8).
///
/// The shapes are far too generic, so the verdict is always CONTEXT (rows 34–36). In a column
/// typed `.oldIC` (header `KP Lama`, `IC Lama`, `Old IC`) the detection also carries the canonical
/// value, upper-cased, so the scanner can report the header-supported value; untyped cells do not.
public enum OldIC {
    /// Detects an old IC number in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects an old IC number in the raw UTF-8 of one cell.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        CellNormalizer.withNormalized(bytes) { cell, _ in
            guard let core = CellBytes.digitCore(cell), core.count == 7 else { return .invalid(.oldIC) }
            for i in core where !CellNormalizer.isDigit(cell[i]) { return .invalid(.oldIC) }
            // Nothing but one optional letter before and nothing after the digits.
            guard core.upperBound == cell.count, core.lowerBound <= 1 else { return .invalid(.oldIC) }
            var letter: UInt8 = 0
            if core.lowerBound == 1 {
                guard CellBytes.isLetter(cell[0]) else { return .invalid(.oldIC) }
                letter = cell[0] & ~0x20
            }
            guard context.columnType == .oldIC else {
                return Detection(type: .oldIC, verdict: .context, notes: letter == 0 ? Notes.digitsOnly : Notes.letterForm)
            }
            var digits = DigitBuffer()
            for i in core { digits.append(cell[i]) }
            let canonical = letter == 0 ? digits.string() : String(UnicodeScalar(letter)) + digits.string()
            return Detection(type: .oldIC, verdict: .context, canonical: canonical, notes: Notes.headerSupported)
        }
    }

    enum Notes {
        static let digitsOnly = ["old IC shape, needs a header"]
        static let letterForm = ["old IC or foreign passport, needs a header"]
        static let headerSupported = ["old IC (header)"]
    }
}
