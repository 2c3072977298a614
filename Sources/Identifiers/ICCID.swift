import LeakTraceCore

/// ICCID (SIM serial): `89` + country code + issuer + account + Luhn, 18–20 digits (spec §5.2).
public enum ICCID {
    /// Detects an ICCID in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects an ICCID in the raw UTF-8 of one cell.
    ///
    /// A trailing `F` filler (GSM storage) is dropped. Luhn passes: VALID. Luhn fails on 18 or 19
    /// digits in an ICCID-typed column: VALID+WARN "no check digit", canonical with the check
    /// digit appended. Otherwise a failing checksum is CONTEXT.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        CellNormalizer.withNormalized(bytes) { cell, _ in
            guard let core = CellBytes.digitCore(cell) else { return .invalid(.iccid) }
            guard let digits = CellBytes.groupedDigits(cell, in: core) else { return .invalid(.iccid) }
            // `F` filler right after the digits.
            if core.upperBound < cell.count, cell[core.upperBound] | 0x20 == UInt8(ascii: "f") {
                let after = core.upperBound + 1
                if after < cell.count, CellBytes.isLetter(cell[after]) || CellNormalizer.isDigit(cell[after]) { return .invalid(.iccid) }
            }
            guard !digits.overflowed, digits.count >= 18, digits.count <= 20, digits.hasPrefix("89") else { return .invalid(.iccid) }
            if digits.withDigits(nil, { Luhn.isValid($0) }) {
                return Detection(type: .iccid, verdict: .valid, canonical: digits.string())
            }
            if context.columnType == .iccid, digits.count <= 19, let check = digits.withDigits(nil, { Luhn.checkDigit(for: $0) }) {
                var full = digits
                full.append(48 + check)
                return Detection(type: .iccid, verdict: .validWarn, canonical: full.string(), notes: Notes.noCheckDigit)
            }
            return Detection(type: .iccid, verdict: .context, notes: Notes.checksumFails)
        }
    }

    enum Notes {
        static let noCheckDigit = ["no check digit"]
        static let checksumFails = ["ICCID-like, checksum fails"]
    }
}
