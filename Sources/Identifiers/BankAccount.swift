import LeakTraceCore

/// Malaysian bank account numbers (spec §8.3): no checksum, so header-driven only.
public enum BankAccount {
    /// Detects a bank account number in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects a bank account number in the raw UTF-8 of one cell.
    ///
    /// 10–15 digits (spaces or hyphens allowed) are VALID in a `.bankAccount` column and CONTEXT
    /// elsewhere. Anything shaped like an IBAN starting `MY` is INVALID: Malaysia has no IBAN.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        CellNormalizer.withNormalized(bytes) { cell, _ in
            if isMalaysianIBAN(cell) { return Detection(type: .bankAccount, verdict: .invalid, notes: Notes.noIBAN) }
            guard let core = CellBytes.digitCore(cell) else { return .invalid(.bankAccount) }
            // Only digits and separators in the whole cell: a letter prefix would be another identifier.
            for i in 0..<cell.count where CellBytes.isLetter(cell[i]) { return .invalid(.bankAccount) }
            guard let digits = CellBytes.groupedDigits(cell, in: core) else { return .invalid(.bankAccount) }
            guard !digits.overflowed, (10...15).contains(digits.count), !digits.isAllSame else { return .invalid(.bankAccount) }
            if context.columnType == .bankAccount {
                return Detection(type: .bankAccount, verdict: .valid, canonical: digits.string())
            }
            return Detection(type: .bankAccount, verdict: .context, notes: Notes.needsHeader)
        }
    }

    /// `MY` + 2 check digits + alphanumerics, with optional spaces.
    private static func isMalaysianIBAN(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count >= 6, cell[0] | 0x20 == UInt8(ascii: "m"), cell[1] | 0x20 == UInt8(ascii: "y") else { return false }
        var i = 2
        while i < cell.count, cell[i] == 0x20 { i += 1 }
        guard i + 1 < cell.count, CellNormalizer.isDigit(cell[i]), CellNormalizer.isDigit(cell[i + 1]) else { return false }
        var alnum = 0
        for j in i..<cell.count {
            let c = cell[j]
            if CellNormalizer.isDigit(c) || CellBytes.isLetter(c) {
                alnum += 1
            } else if c != 0x20 {
                return false
            }
        }
        return alnum >= 10
    }

    enum Notes {
        static let noIBAN = ["Malaysia has no IBAN"]
        static let needsHeader = ["needs an account header"]
    }
}
