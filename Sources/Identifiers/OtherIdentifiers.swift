import LeakTraceCore

/// Identifiers without their own `IdentifierType` (spec §8.4, §8.6, §8.8, §8.9, §5.5). Each
/// detection has type `.other` and a first note naming the kind: `tin`, `ssm`, `plate`, `icd10`
/// or `credential`.
public enum OtherIdentifiers {
    // MARK: - Combined

    /// Tries every kind with no header information.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        detect(text, context: context, header: nil)
    }

    /// Tries every kind, using the column header's hint where the verdict depends on it
    /// (company number, diagnosis, credential columns).
    /// - Parameters:
    ///   - text: the cell.
    ///   - context: the cell context.
    ///   - header: the ``HeaderVocabulary`` hint of the column, if any.
    /// - Returns: the first detection that is not INVALID, in the order TIN, SSM, credential,
    ///   ICD-10, plate; else INVALID.
    public static func detect(_ text: String, context: CellContext, header: HeaderHint?) -> Detection {
        let candidates = [
            detectTIN(text),
            detectSSM(text, context: context, companyHeader: header?.otherLabel == "ssm"),
            detectCredential(text, header: header),
            detectICD10(text, diagnosisHeader: header?.sensitiveClass == .health),
            detectPlate(text),
        ]
        return candidates.first(where: { $0.verdict != .invalid }) ?? .invalid(.other)
    }

    // MARK: - Helpers

    private static func upperTrimmed(_ text: String) -> [Character] {
        Array(text.geoTrimmed.uppercased())
    }

    private static func isUpperLetter(_ c: Character) -> Bool { c.isASCII && c.isUppercase }

    private static func isHex(_ c: Character) -> Bool { c.isHexDigit && c.isASCII }

    // MARK: - LHDN TIN (§8.6)

    private static let nonIndividualPrefixes: Set<String> = ["C", "CS", "D", "E", "F", "FA", "PT", "TA", "TC", "TN", "TR", "TP", "TJ", "LE"]
    private static let generalTINs: Set<String> = ["EI00000000010", "EI00000000020", "EI00000000030"]

    /// Income tax numbers. Individual `IG`/`SG`/`OG` + 9–11 digits is VALID (row 86; canonical
    /// without the space); non-individual prefixes and the e-invoicing general TINs are NOT-PII.
    public static func detectTIN(_ text: String) -> Detection {
        let chars = upperTrimmed(text).filter { $0 != " " }
        let letters = chars.prefix(while: isUpperLetter)
        let digits = chars.dropFirst(letters.count)
        let prefix = String(letters)
        guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return .invalid(.other) }
        let compact = String(chars)
        if generalTINs.contains(compact) {
            return Detection(type: .other, verdict: .notPII, notes: ["tin", "general TIN"])
        }
        if ["IG", "SG", "OG"].contains(prefix), (9...11).contains(digits.count) {
            return Detection(type: .other, verdict: .valid, canonical: compact, notes: ["tin", "individual"])
        }
        if nonIndividualPrefixes.contains(prefix), (1...11).contains(digits.count) {
            return Detection(type: .other, verdict: .notPII, notes: ["tin", "non-individual"])
        }
        return .invalid(.other)
    }

    // MARK: - SSM (§8.6)

    /// SSM company numbers: 12 digits `YYYY TT NNNNNN` with `TT` 01–06, or the old `1312525-A`.
    /// NOT-PII in a company-numbered column (row 25); CONTEXT alone, because a 12-digit SSM
    /// number is also NRIC-shaped.
    /// - Parameters:
    ///   - text: the cell.
    ///   - context: the cell context (kept for the common detector shape).
    ///   - companyHeader: whether the header classified as `ssm`.
    public static func detectSSM(_ text: String, context: CellContext = .untyped, companyHeader: Bool = false) -> Detection {
        let chars = upperTrimmed(text)
        var notes = ["ssm"]
        if chars.count == 12, chars.allSatisfy(\.isASCIIDigit) {
            let s = String(chars)
            guard let year = Int(s.prefix(4)), let kind = Int(s.dropFirst(4).prefix(2)),
                  (1900...2100).contains(year),
                  (1...6).contains(kind) else { return .invalid(.other) }
            if kind == 3 { notes.append("type 03 business") }
        } else if let dash = chars.firstIndex(of: "-"), (1...7).contains(dash), chars[..<dash].allSatisfy(\.isASCIIDigit),
                  chars.count == dash + 2, isUpperLetter(chars[dash + 1]) {
            notes.append("old format")
        } else {
            return .invalid(.other)
        }
        return Detection(type: .other, verdict: companyHeader ? .notPII : .context, notes: notes)
    }

    // MARK: - Vehicle plates (§8.4)

    private static let plateStates: [Character: String] = [
        "A": "08", "B": "10", "C": "06", "D": "03", "F": "16", "J": "01", "K": "02", "L": "15", "M": "04", "N": "05",
        "P": "07", "Q": "13", "R": "09", "S": "12", "T": "11", "V": "14", "W": "14",
    ]

    /// Plates: 1–3 letters (no I, O), 1–9999 with no leading zero, an optional suffix letter.
    /// CONTEXT only: a plate is personal data only when linked to an owner. `WXY 0123` is
    /// INVALID (row 87).
    public static func detectPlate(_ text: String) -> Detection {
        let chars = upperTrimmed(text)
        guard text.geoTrimmed == String(chars) else { return .invalid(.other) }  // plates are written in capitals
        func plateLetter(_ c: Character) -> Bool { isUpperLetter(c) && c != "I" && c != "O" }
        var i = 0
        while i < chars.count, i < 3, plateLetter(chars[i]) { i += 1 }
        guard i >= 1 else { return .invalid(.other) }
        let prefixEnd = i
        if i < chars.count, chars[i] == " " { i += 1 }
        let digitStart = i
        while i < chars.count, chars[i].isASCIIDigit { i += 1 }
        let digitCount = i - digitStart
        guard (1...4).contains(digitCount), chars[digitStart] != "0" else { return .invalid(.other) }
        if i < chars.count, chars[i] == " " { i += 1 }
        if i < chars.count, plateLetter(chars[i]) { i += 1 }
        guard i == chars.count, chars.last != " " else { return .invalid(.other) }
        var facts = DerivedFacts()
        if chars[0] != "Z", chars[0] != "H" { facts.stateCode = plateStates[chars[0]] }
        if prefixEnd >= 2, chars[0] == "K", chars[1] == "V" { facts.stateCode = "02" }
        return Detection(type: .other, verdict: .context, notes: ["plate"], facts: facts)
    }

    // MARK: - ICD-10 (§8.8)

    /// ICD-10 codes: letter, two digits, optional `.` and 1–4 characters. VALID and
    /// PDPA-sensitive (health) in a diagnosis column (row 88); CONTEXT alone (row 89: `B12`,
    /// `A4` paper and the like).
    public static func detectICD10(_ text: String, diagnosisHeader: Bool = false) -> Detection {
        let chars = upperTrimmed(text)
        guard chars.count >= 3, isUpperLetter(chars[0]), chars[1].isASCIIDigit, chars[2].isASCIIDigit else { return .invalid(.other) }
        if chars.count > 3 {
            guard chars[3] == ".", (5...8).contains(chars.count),
                  chars[4...].allSatisfy({ $0.isASCIIDigit || isUpperLetter($0) }) else { return .invalid(.other) }
        }
        if diagnosisHeader {
            return Detection(type: .other, verdict: .valid, canonical: String(chars), notes: ["icd10", "sensitive:health"])
        }
        return Detection(type: .other, verdict: .context, notes: ["icd10"])
    }

    // MARK: - Credentials (§8.9, §5.5)

    /// Password-hash shapes and SIM keys: MD5/Ki/OPc (32 hex), SHA-1 (40 hex), SHA-256 (64
    /// hex), bcrypt (`$2a$`/`$2b$`/`$2y$` + 56 characters), salted `hash:salt`.
    ///
    /// bcrypt is VALID alone; bare hex is VALID only under a credential or SIM-secret header
    /// (32 hex characters are also tokens and dash-less UUIDs), CONTEXT otherwise. The canonical
    /// form is always `nil`: the value is secret material and is never copied further.
    public static func detectCredential(_ text: String, header: HeaderHint? = nil) -> Detection {
        let s = Array(text.geoTrimmed)
        let secretHeader = header?.sensitiveClass == .simSecrets
        let credentialHeader = header?.sensitiveClass == .credentials || secretHeader
        if s.count == 60, s[0] == "$", s[1] == "2", "aby".contains(s[2]), s[3] == "$", s[4].isASCIIDigit, s[5].isASCIIDigit, s[6] == "$",
           s[7...].allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "/" }) {
            return Detection(type: .other, verdict: .valid, notes: ["credential", "bcrypt"])
        }
        var hashPart = s[...]
        var salted = false
        if let colon = s.firstIndex(of: ":") {
            guard colon + 1 < s.count else { return .invalid(.other) }
            hashPart = s[..<colon]
            salted = true
        }
        guard hashPart.allSatisfy(isHex) else { return .invalid(.other) }
        let kind: String
        switch hashPart.count {
        case 32: kind = secretHeader ? "sim secret" : "md5"
        case 40: kind = "sha1"
        case 64: kind = "sha256"
        default: return .invalid(.other)
        }
        var notes = ["credential", kind]
        if salted { notes.append("salted") }
        return Detection(type: .other, verdict: credentialHeader ? .valid : .context, notes: notes)
    }
}
