import LeakTraceCore

/// IMEI (15 digits, Luhn) and IMEISV (16 digits, no Luhn) (spec §5.3).
public enum IMEI {
    /// Detects an IMEI in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects an IMEI or IMEISV in the raw UTF-8 of one cell (`AA-BBBBBB-CCCCCC-D` accepted).
    ///
    /// - Returns: 15 digits passing Luhn: VALID (AMBIGUOUS when untyped and also a valid IMSI);
    ///   failing Luhn: INVALID. 14 digits: VALID+WARN with the check digit appended in an
    ///   IMEI-typed column, else CONTEXT. 16 digits (IMEISV): VALID in an IMEI-typed column, else
    ///   CONTEXT. An all-zero TAC is a placeholder: CONTEXT.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        CellNormalizer.withNormalized(bytes) { cell, _ in
            guard let core = CellBytes.digitCore(cell) else { return .invalid(.imei) }
            guard let digits = CellBytes.groupedDigits(cell, in: core) else { return .invalid(.imei) }
            guard !digits.overflowed, (14...16).contains(digits.count) else { return .invalid(.imei) }
            let typed = context.columnType == .imei
            if digits.value(0, 8) == 0 {
                return Detection(type: .imei, verdict: .context, notes: Notes.placeholderTAC)
            }
            switch digits.count {
            case 15:
                guard digits.withDigits(nil, { Luhn.isValid($0) }) else { return .invalid(.imei) }
                let canonical = digits.string()
                if !typed, IMSI.detect(bytes: UnsafeBufferPointer(rebasing: cell[core]), context: .untyped).verdict != .invalid {
                    return Detection(type: .imei, verdict: .ambiguous, canonical: canonical, notes: Notes.alsoIMSI)
                }
                return Detection(type: .imei, verdict: .valid, canonical: canonical)
            case 14:
                guard typed, let check = digits.withDigits(nil, { Luhn.checkDigit(for: $0) }) else {
                    return Detection(type: .imei, verdict: .context, notes: Notes.noCheckDigit)
                }
                var full = digits
                full.append(48 + check)
                return Detection(type: .imei, verdict: .validWarn, canonical: full.string(), notes: Notes.noCheckDigit)
            default:
                guard typed else { return Detection(type: .imei, verdict: .context, notes: Notes.imeisv) }
                return Detection(type: .imei, verdict: .valid, canonical: digits.string(), notes: Notes.imeisv)
            }
        }
    }

    enum Notes {
        static let placeholderTAC = ["placeholder TAC"]
        static let alsoIMSI = ["also a valid IMSI"]
        static let noCheckDigit = ["no check digit"]
        static let imeisv = ["IMEISV"]
    }
}
