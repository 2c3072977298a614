/// Name-cell evidence of spec §7: connectors, aliases, titles, Malay abbreviations and Chinese
/// surnames, with a gender hint from the connector.
///
/// The detector never infers ethnicity or religion: which community a connector belongs to is
/// used only internally to decide "this is a name", and never reported (§7, §9).
public enum PersonName {
    /// Connectors and the gender they imply (`nil`: `anak`, no gender).
    static let connectors: [String: Gender?] = [
        "bin": .male, "bn": .male, "b": .male, "a/l": .male, "s/o": .male,
        "binti": .female, "binte": .female, "bte": .female, "bt": .female, "bint": .female, "a/p": .female, "d/o": .female,
        "anak": nil, "ak": nil,
    ]

    /// Connectors that are also ordinary English or Malay words or common initials: these need
    /// the English-text guard (row 83, "Recycle bin emptied").
    static let weakConnectors: Set<String> = ["bin", "bn", "b", "bt", "bint", "anak", "ak"]

    /// Titles and honorifics (§7), case-folded, dots and apostrophes removed.
    static let titles: Set<String> = [
        "haji", "hj", "hajjah", "hjh", "datuk", "dato", "datin", "tan sri", "puan sri", "tun", "toh puan", "dr",
        "encik", "en", "puan", "pn", "cik", "tuan", "tengku", "tunku", "raja", "syed", "sharifah", "wan", "nik",
        "megat", "puteri", "abang", "dayang", "pengiran", "kapten", "mejar", "sarjan", "koperal", "leftenan", "kolonel",
        "prof", "ir", "mr", "mrs", "ms", "mdm", "madam", "dato sri", "datuk seri", "dato seri", "datin seri", "datin paduka",
    ]

    /// Malay given-name abbreviations and frequent first elements (§7).
    static let malayMarkers: Set<String> = [
        "mohd", "muhd", "mohamad", "mohammad", "mohamed", "muhammad", "md", "abd", "abdul", "nur", "nor", "noor", "siti", "nurul",
    ]

    /// Common romanised Chinese surnames (§7, ⚠ dialect spellings).
    public static let chineseSurnames: Set<String> = [
        "tan", "lim", "lee", "ng", "wong", "chan", "ong", "teh", "goh", "chong", "chin", "leong", "yap", "low", "ho",
        "cheah", "khoo", "lau", "chua", "yeoh", "ooi", "koh", "tay", "loh", "foo", "liew", "chew", "soo", "tee", "chai",
        "yong", "sim", "lai", "cheng", "kok",
    ]

    /// English words that betray ordinary text around "bin", "anak", a surname-like token.
    static let englishWords: Set<String> = [
        "the", "a", "an", "of", "to", "in", "on", "is", "was", "and", "or", "for", "with", "by", "at", "from", "not", "no",
        "recycle", "recycled", "emptied", "empty", "trash", "waste", "rubbish", "garbage", "litter", "storage", "folder",
        "file", "files", "deleted", "delete", "data", "bin", "bins", "directory", "log", "logs", "error", "warning", "battery",
        "card", "blocked", "sent", "received", "failed", "success", "order", "item", "items", "total", "payment", "status",
        "system", "user", "account", "test", "null", "none", "new", "old", "saya", "ini", "itu", "yang", "dan", "untuk",
    ]

    /// What a cell says about being a person's name.
    public struct Evidence: Sendable, Equatable {
        /// The connector found (folded, e.g. `a/l`, `binti`), if any.
        public var connector: String?
        /// The gender implied by the connector.
        public var gender: Gender?
        /// An `@` alias ("Ahmad @ Mat").
        public var hasAlias: Bool
        /// A title or honorific opens the name.
        public var hasTitle: Bool
        /// A known Chinese surname followed by 1–3 short tokens (possibly after an English name).
        public var chineseSurnameFirst: Bool
        /// A Malay abbreviation or marker (Mohd, Abd, Siti, Nur) opens the name.
        public var malayMarker: Bool
        /// The cell reads as ordinary text (English words, digits, mixed casing).
        public var looksLikeText: Bool
        /// Alphabetic name tokens, excluding connectors and titles.
        public var nameTokenCount: Int

        /// Strong enough for VALID on a single cell.
        public var isName: Bool {
            guard !looksLikeText, nameTokenCount >= 2 || (hasTitle && nameTokenCount >= 1) else { return false }
            return connector != nil || hasAlias || hasTitle || chineseSurnameFirst || malayMarker
        }
    }

    // MARK: - Tokens

    private static func tokenize(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
    }

    /// Folds a token: lower-case, dots and apostrophes removed except inside `a/l`-style connectors.
    private static func fold(_ token: String) -> String {
        var out = ""
        for ch in token.lowercased() where ch != "." && ch != "'" && ch != "’" { out.append(ch) }
        return out
    }

    private static func isNameToken(_ token: String) -> Bool {
        !token.isEmpty && token.allSatisfy { $0.isLetter || $0 == "'" || $0 == "’" || $0 == "-" || $0 == "." }
            && token.contains(where: \.isLetter)
    }

    // ASCII versions of the token functions, on bytes: the same answers for ASCII text, without
    // a Unicode property lookup per character (column typing runs `evidence` on 1,000 sampled
    // names, and took about 10 µs a name, on the critical path of every scan's start).

    private static func tokenizeASCII(_ text: String) -> [String] {
        text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ",") }).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func foldASCII(_ token: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count)
        for b in token.utf8 where b != UInt8(ascii: ".") && b != UInt8(ascii: "'") {
            bytes.append(CellBytes.lowercased(b))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isNameTokenASCII(_ token: String) -> Bool {
        var letter = false
        for b in token.utf8 {
            if CellBytes.isLetter(b) {
                letter = true
            } else if b != UInt8(ascii: "'") && b != UInt8(ascii: "-") && b != UInt8(ascii: ".") {
                return false
            }
        }
        return letter
    }

    /// The casing of a name token: 0 all upper, 2 all lower, 1 capitalised, 3 mixed otherwise.
    private static func casingStyle(_ t: String, ascii: Bool) -> Int {
        guard ascii else {
            if t == t.uppercased() { return 0 }
            if t == t.lowercased() { return 2 }
            return t.first.map { $0.isUppercase } == true ? 1 : 3
        }
        var upper = false
        var lower = false
        for b in t.utf8 {
            if b &- UInt8(ascii: "A") < 26 { upper = true } else if b &- UInt8(ascii: "a") < 26 { lower = true }
        }
        if !lower { return 0 }
        if !upper { return 2 }
        return t.utf8.first.map { $0 &- UInt8(ascii: "A") < 26 } == true ? 1 : 3
    }

    /// Gathers the §7 evidence for one cell.
    /// - Parameter text: the cell.
    /// - Returns: the evidence; it carries no part of the value.
    public static func evidence(_ text: String) -> Evidence {
        evidence(text, asciiPath: true)
    }

    /// `evidence`, on bytes when the text is ASCII and `asciiPath` allows it (tests compare the
    /// two paths).
    static func evidence(_ text: String, asciiPath: Bool) -> Evidence {
        var e = Evidence(connector: nil, gender: nil, hasAlias: false, hasTitle: false, chineseSurnameFirst: false,
                         malayMarker: false, looksLikeText: false, nameTokenCount: 0)
        let ascii = asciiPath && text.utf8.allSatisfy { $0 < 0x80 }
        let raw = ascii ? tokenizeASCII(text.replacingAt()) : tokenize(text.replacingAt())
        guard !raw.isEmpty else { e.looksLikeText = true; return e }
        if ascii ? text.utf8.contains(where: { $0 &- 0x30 < 10 }) : text.contains(where: { $0.isASCII && $0.isNumber }) { e.looksLikeText = true }
        let folded = ascii ? raw.map(foldASCII) : raw.map(fold)

        // Titles at the start (one or two words: "Tan Sri", "Dato' Sri").
        var index = 0
        while index < folded.count {
            if index + 1 < folded.count, titles.contains(folded[index] + " " + folded[index + 1]) {
                index += 2
                e.hasTitle = true
            } else if titles.contains(folded[index]), index + 1 < folded.count {
                // "Tan" is both a title part and a surname: only "Tan Sri" (above) is a title.
                index += 1
                e.hasTitle = true
            } else {
                break
            }
        }

        var nameTokens: [Int] = []
        var connectorAt: Int?
        for i in index..<folded.count {
            let f = folded[i]
            if f == "@" { e.hasAlias = true; continue }
            if connectorAt == nil, i > index, i < folded.count - 1, let g = connectors[f] {
                connectorAt = i
                e.connector = f
                e.gender = g
                continue
            }
            if ascii ? isNameTokenASCII(raw[i]) : isNameToken(raw[i]) { nameTokens.append(i) } else { e.looksLikeText = true }
            if englishWords.contains(f) { e.looksLikeText = true }
        }
        e.nameTokenCount = nameTokens.count

        // Casing: names are all UPPER, all Title or all lower; "Recycle bin emptied" mixes them.
        let styles = Set(nameTokens.map { casingStyle(raw[$0], ascii: ascii) })
        if styles.contains(3) || (styles.contains(2) && styles.count > 1) { e.looksLikeText = true }

        if let c = connectorAt, let connector = e.connector {
            let left = nameTokens.filter { $0 < c }.count
            let right = nameTokens.filter { $0 > c }.count
            if left == 0 || right == 0 { e.connector = nil; e.gender = nil }
            // Weak connectors need two tokens on each side unless the casing and vocabulary
            // already say "name" (spec §7 guard against English "bin").
            if weakConnectors.contains(connector), left < 2 || right < 2, e.looksLikeText { e.connector = nil; e.gender = nil }
        }
        if e.hasAlias {
            let at = folded.firstIndex(of: "@") ?? 0
            if !nameTokens.contains(where: { $0 < at }) || !nameTokens.contains(where: { $0 > at }) { e.hasAlias = false }
        }
        if let first = nameTokens.first {
            e.malayMarker = malayMarkers.contains(folded[first])
            // Surname first ("Tan Ah Kow") or after an English given name ("Jason Tan Ah Kow").
            for candidate in nameTokens.prefix(2) where chineseSurnames.contains(folded[candidate]) {
                let rest = nameTokens.filter { $0 > candidate }
                let beforeAlias = rest.filter { !e.hasAlias || $0 < (folded.firstIndex(of: "@") ?? folded.count) }
                if (1...3).contains(beforeAlias.count), beforeAlias.allSatisfy({ raw[$0].count <= 6 }) {
                    e.chineseSurnameFirst = true
                }
            }
        }
        return e
    }

    /// A name cell.
    ///
    /// - VALID: a connector with name tokens on both sides, an `@` alias, a title, a Malay
    ///   marker or a Chinese surname pattern, on text that does not read as English. The
    ///   connector's gender hint goes in the facts (bin/a/l/s/o male; binti/a/p/d/o female).
    /// - CONTEXT: two to six alphabetic tokens with no name marker (could be a name).
    /// - INVALID: anything else, including "Recycle bin emptied" (row 83).
    /// - Parameters:
    ///   - text: the cell.
    ///   - context: a name-typed column turns CONTEXT into VALID.
    /// - Returns: the detection. No canonical form is invented beyond collapsing spaces.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        let e = evidence(text)
        var facts = DerivedFacts()
        facts.gender = e.gender
        var notes: [String] = []
        if let c = e.connector { notes.append("connector \(c)") }
        if e.hasAlias { notes.append("alias") }
        switch verdict(e, context: context) {
        case .valid:
            let canonical = tokenize(text).joined(separator: " ")
            return Detection(type: .name, verdict: .valid, canonical: canonical, notes: notes, facts: facts)
        case .context: return Detection(type: .name, verdict: .context, notes: notes, facts: facts)
        default: return .invalid(.name)
        }
    }

    /// `detect(text, context:).verdict`, without the canonical form, notes and facts (column
    /// typing reads only the verdicts of 1,000 sampled cells a column).
    public static func verdict(_ text: String, context: CellContext = .untyped) -> Verdict {
        verdict(evidence(text), context: context)
    }

    private static func verdict(_ e: Evidence, context: CellContext) -> Verdict {
        if e.isName { return .valid }
        if !e.looksLikeText, (2...6).contains(e.nameTokenCount) {
            return context.columnType == .name ? .valid : .context
        }
        return .invalid
    }

    /// The §7 column rule: a name column when at least 30 % of non-empty cells hold a connector
    /// (with the guard) or start with a Chinese surname followed by 1–3 short tokens, and at
    /// most 10 % contain digits.
    /// - Parameter cells: a sample of the column.
    /// - Returns: whether the column holds names.
    public static func looksLikeNameColumn<S: Sequence>(cells: S) -> Bool where S.Element == String {
        var total = 0
        var marked = 0
        var withDigits = 0
        for cell in cells {
            let trimmed = cell.geoTrimmed
            if trimmed.isEmpty { continue }
            total += 1
            if trimmed.contains(where: { $0.isASCII && $0.isNumber }) { withDigits += 1; continue }
            let e = evidence(trimmed)
            if e.connector != nil || e.chineseSurnameFirst { marked += 1 }
        }
        guard total > 0 else { return false }
        return Double(marked) >= 0.30 * Double(total) && Double(withDigits) <= 0.10 * Double(total)
    }
}

extension String {
    /// Spaces around `@` so that "Ahmad@Mat" and "Ahmad @ Mat" tokenise alike; a cell with
    /// an `@` and no spaces at all is left alone (it is an email or handle, not an alias).
    fileprivate func replacingAt() -> String {
        guard contains("@"), contains(" ") else { return self }
        var out = ""
        for ch in self {
            if ch == "@" { out += " @ " } else { out.append(ch) }
        }
        return out
    }
}
