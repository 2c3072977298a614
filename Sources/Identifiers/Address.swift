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

    private static func tokens(_ text: String) -> [String] {
        // An ASCII cell is split and folded as bytes: the same tokens, without a Unicode case
        // mapping per character (column typing reads 1,000 sampled cells of each address column).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == UInt8(ascii: ",") || $0 == 0x09 || $0 == UInt8(ascii: ";") }).compactMap { token in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(token.count)
                for b in token where b != UInt8(ascii: ".") { bytes.append(CellBytes.lowercased(b)) }
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            }
        }
        return text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ";" }).map { token in
            var out = ""
            for ch in token.lowercased() where ch != "." { out.append(ch) }
            return out
        }.filter { !$0.isEmpty }
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

    private static func evaluate(_ text: String) -> Evaluation {
        var result = Evaluation()
        let toks = tokens(text)
        guard !toks.isEmpty else { return result }

        // Postcode: a 5-digit token (digit-bounded) in the pinned list.
        for t in toks where t.count == 5 && t.allSatisfy(\.isASCIIDigit) {
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
        for (i, t) in toks.enumerated() where streetTypes.contains(t) && i + 1 < toks.count {
            let next = toks[i + 1]
            if next.contains(where: { $0.isLetter || $0.isASCIIDigit }), !streetTypes.contains(next) {
                result.score += 2
                break
            }
        }
        // House number.
        if hasHouseNumber(toks) { result.score += 1 }
        // Town from the dataset (one to four words).
        let towns = Postcode.towns
        let firstWords = Postcode.townFirstWords
        search: for length in stride(from: 4, through: 1, by: -1) where toks.count >= length {
            for start in 0...(toks.count - length) where firstWords.contains(toks[start]) {
                let candidate = toks[start..<(start + length)].joined(separator: " ")
                if candidate.count >= 3, towns.contains(candidate) {
                    result.town = candidate
                    result.score += 1
                    break search
                }
            }
        }
        return result
    }

    /// `No. 12`, `No 12A`, `Lot 1234`, `Blok B-12-3`, `Unit 3-2`, `12-3A`, `12A`.
    static func hasHouseNumber(_ toks: [String]) -> Bool {
        for (i, t) in toks.enumerated() {
            if ["no", "lot", "blok", "blk", "unit"].contains(t), i + 1 < toks.count,
               toks[i + 1].first.map({ $0.isASCIIDigit || $0.isLetter }) == true,
               toks[i + 1].contains(where: \.isASCIIDigit) {
                return true
            }
            // 12-3A / 12A / 3-2-1 standing alone (not a 5-digit postcode).
            if let first = t.first, first.isASCIIDigit, t.count <= 8,
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
        let canonical = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if e.score >= 4 || (context.columnType == .address && e.score >= 2) {
            return Detection(type: .address, verdict: .valid, canonical: canonical, notes: notes, facts: facts)
        }
        if e.score >= 2 {
            return Detection(type: .address, verdict: .context, notes: notes, facts: facts)
        }
        return .invalid(.address)
    }
}
