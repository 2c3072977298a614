/// The address-cell scorer of spec §6.3.
///
/// | Evidence | Score |
/// |---|---|
/// | 5-digit postcode in the pinned list | +3 |
/// | state name or variant | +2 |
/// | street-type token followed by a name or number | +2 |
/// | house number (`No. 12`, `12-3A`, `Lot 1234`, `Blok B-12-3`) | +1 |
/// | town from the postcode dataset | +1 |
///
/// Each kind of evidence counts once per cell.
public enum Address {
    /// Street types (§6.3), case-folded, dots removed.
    public static let streetTypes: Set<String> = [
        "jalan", "jln", "jl", "lorong", "lrg", "lebuh", "lbh", "lebuhraya", "l/raya", "lbr", "persiaran", "psn", "psrn",
        "lingkaran", "lkr", "lengkok", "lkk", "laluan", "lintang", "ltg", "changkat", "ckt", "medan", "mdn", "solok", "slk",
        "simpang", "spg", "bulatan", "halaman", "hlm", "dataran", "dtr", "tingkat", "tkt",
    ]

    /// Areas and places (§6.3).
    public static let areaTokens: Set<String> = [
        "taman", "tmn", "kampung", "kampong", "kg", "kpg", "bandar", "bdr", "bukit", "bkt", "sungai", "sungei", "sg",
        "batu", "tanjung", "tanjong", "teluk", "telok", "kawasan", "kaw", "perindustrian", "presint", "seksyen", "felda",
        "mukim", "daerah",
    ]

    /// Buildings, units and post (§6.3).
    public static let buildingTokens: Set<String> = [
        "pangsapuri", "p/puri", "kondominium", "kondo", "apartment", "apt", "residensi", "menara", "bangunan", "bgn",
        "rumah", "rmh", "kuarters", "flat", "flt", "blok", "blk", "lot", "unit", "aras", "peti", "surat", "beg", "berkunci",
    ]

    /// The cell's tokens, case-folded, dots removed; `ascii` when the text is ASCII (the tokens
    /// are then read as bytes: see `evaluate`).
    private static func tokens(_ text: String) -> (tokens: [String], ascii: Bool) {
        // An ASCII cell is split and folded as bytes: the same tokens, without a Unicode case
        // mapping per character (column typing reads 1,000 sampled cells of each address column).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var tokens: [String] = []
            for token in text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == UInt8(ascii: ",") || $0 == 0x09 || $0 == UInt8(ascii: ";") }) {
                let kept = token.count(where: { $0 != UInt8(ascii: ".") })
                guard kept > 0 else { continue }
                tokens.append(String(unsafeUninitializedCapacity: kept) { out in
                    var n = 0
                    for b in token where b != UInt8(ascii: ".") {
                        out[n] = CellBytes.lowercased(b)
                        n += 1
                    }
                    return n
                })
            }
            return (tokens, true)
        }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ";" }).map { token in
            var out = ""
            for ch in token.lowercased() where ch != "." { out.append(ch) }
            return out
        }.filter { !$0.isEmpty }
        return (tokens, false)
    }

    /// Scores one cell (or one row's joined address parts).
    /// - Parameter text: the address text.
    /// - Returns: the §6.3 score, 0...9.
    public static func score(_ text: String) -> Int {
        evaluate(text).score
    }

    private struct Evaluation {
        var score = 0
        var postcode: PostcodeEntry?
        var state: MalaysianState?
        var town: String?
    }

    // `evaluate` reads an ASCII cell's tokens as bytes: for ASCII text a `Character` is a letter
    // or a digit exactly when its byte is, and counts agree wherever they are compared (a
    // `\r\n` token, one `Character` of two bytes, is neither). `AddressEquivalenceTests` holds
    // it to a frozen copy of the `Character` reading.

    private static func isDigits(_ t: String) -> Bool {
        !t.utf8.isEmpty && t.utf8.allSatisfy(CellNormalizer.isDigit)
    }

    private static func hasLetterOrDigit(_ t: String, ascii: Bool) -> Bool {
        ascii ? t.utf8.contains { CellBytes.isLetter($0) || CellNormalizer.isDigit($0) } : t.contains { $0.isLetter || $0.isASCIIDigit }
    }

    private static func evaluate(_ text: String) -> Evaluation {
        var result = Evaluation()
        let (toks, ascii) = tokens(text)
        guard !toks.isEmpty else { return result }

        // Postcode: a 5-digit token (digit-bounded) in the pinned list.
        for t in toks where t.utf8.count == 5 && isDigits(t) {
            if let entry = Postcode.lookup(t) {
                result.postcode = entry
                result.score += 3
                break
            }
        }
        // State.
        if let state = MalaysianState.find(in: text) {
            result.state = state
            result.score += 2
        }
        // Street type followed by a name or a number.
        for (i, t) in toks.enumerated() where i + 1 < toks.count && streetTypes.contains(t) {
            let next = toks[i + 1]
            if hasLetterOrDigit(next, ascii: ascii), !streetTypes.contains(next) {
                result.score += 2
                break
            }
        }
        // House number.
        if hasHouseNumber(toks, ascii: ascii) { result.score += 1 }
        // Town from the dataset (one to four words), longest first; a town's first word is
        // looked up once per token, not once per length.
        let towns = Postcode.towns
        let firstWords = Postcode.townFirstWords
        let starts = toks.indices.filter { firstWords.contains(toks[$0]) }
        search: for length in stride(from: 4, through: 1, by: -1) where toks.count >= length {
            for start in starts where start + length <= toks.count {
                let candidate = length == 1 ? toks[start] : toks[start..<(start + length)].joined(separator: " ")
                if towns.contains(candidate), candidate.count >= 3 {
                    result.town = candidate
                    result.score += 1
                    break search
                }
            }
        }
        return result
    }

    private static let numberWords: Set<String> = ["no", "lot", "blok", "blk", "unit"]

    /// `No. 12`, `No 12A`, `Lot 1234`, `Blok B-12-3`, `Unit 3-2`, `12-3A`, `12A`.
    static func hasHouseNumber(_ toks: [String]) -> Bool {
        hasHouseNumber(toks, ascii: toks.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
    }

    private static func hasHouseNumber(_ toks: [String], ascii: Bool) -> Bool {
        for (i, t) in toks.enumerated() {
            if numberWords.contains(t), i + 1 < toks.count {
                let next = toks[i + 1]
                if ascii {
                    if let first = next.utf8.first, CellBytes.isLetter(first) || CellNormalizer.isDigit(first),
                       next.utf8.contains(where: CellNormalizer.isDigit) {
                        return true
                    }
                } else if next.first.map({ $0.isASCIIDigit || $0.isLetter }) == true, next.contains(where: \.isASCIIDigit) {
                    return true
                }
            }
            // 12-3A / 12A / 3-2-1 standing alone (not a 5-digit postcode).
            if ascii {
                guard let first = t.utf8.first, CellNormalizer.isDigit(first), t.utf8.count <= 8 else { continue }
                var letters = 0
                var dash = false
                var other = false
                for b in t.utf8 {
                    if CellBytes.isLetter(b) {
                        letters += 1
                    } else if b == UInt8(ascii: "-") {
                        dash = true
                    } else if !CellNormalizer.isDigit(b) {
                        other = true
                    }
                }
                if !other, dash || letters > 0, letters <= 1 { return true }
            } else if let first = t.first, first.isASCIIDigit, t.count <= 8,
                      t.allSatisfy({ $0.isASCIIDigit || $0 == "-" || $0.isLetter }),
                      t.contains(where: { $0 == "-" || $0.isLetter }),
                      t.filter(\.isLetter).count <= 1 {
                return true
            }
        }
        return false
    }

    /// An address cell: VALID when the score is 4 or more (row 80), CONTEXT for 2–3 (part of an
    /// address, or an address-typed column), INVALID below.
    /// - Parameters:
    ///   - text: the cell or the row's joined address parts.
    ///   - context: an address-typed column makes any positive score VALID.
    /// - Returns: the detection; facts carry the state (written state first, else the
    ///   postcode's) and the town. A postcode/state mismatch is a note, not an error (§6.1).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        let e = evaluate(text)
        var facts = DerivedFacts()
        facts.stateCode = e.state?.isoCode ?? e.postcode?.stateCode
        facts.town = e.postcode?.town
        var notes = ["score \(e.score)"]
        if let s = e.state, let p = e.postcode, s.isoCode != p.stateCode { notes.append("postcode state differs from written state") }
        switch verdict(score: e.score, context: context) {
        case .valid:
            let canonical = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            return Detection(type: .address, verdict: .valid, canonical: canonical, notes: notes, facts: facts)
        case .context:
            return Detection(type: .address, verdict: .context, notes: notes, facts: facts)
        default:
            return .invalid(.address)
        }
    }

    /// `detect(text, context:).verdict`, without the canonical form, notes and facts (column
    /// typing reads only the verdicts of 1,000 sampled cells a column).
    public static func verdict(_ text: String, context: CellContext = .untyped) -> Verdict {
        verdict(score: evaluate(text).score, context: context)
    }

    private static func verdict(score: Int, context: CellContext) -> Verdict {
        if score >= 4 || (context.columnType == .address && score >= 2) { return .valid }
        return score >= 2 ? .context : .invalid
    }
}
