/// One row of the pinned postcode list: a postcode, a town served by it and its state.
public struct PostcodeEntry: Sendable, Hashable {
    public var postcode: String
    /// The postcode dataset's city name (e.g. `Kangar`, `Tanah Rata`).
    public var town: String
    /// ISO 3166-2:MY state number `01`...`16` (§3.4).
    public var stateCode: String

    public init(postcode: String, town: String, stateCode: String) {
        self.postcode = postcode
        self.town = town
        self.stateCode = stateCode
    }
}

/// Malaysian postcodes (spec §6.1) against the pinned list in `PostcodeData.swift`.
public enum Postcode {
    /// Lookup structures, built once on first use from the generated string table.
    private struct Table: Sendable {
        var all: [PostcodeEntry] = []
        var byCode: [String: [PostcodeEntry]] = [:]
        var prefixesInUse: Set<String> = []
        var towns: Set<String> = []
        var townFirstWords: Set<String> = []
    }

    /// `static let` is initialised lazily and exactly once, thread-safely, by the runtime.
    private static let table: Table = {
        var t = Table()
        // Split as UTF-8 bytes: splitting the 58 KB string by `Character` (grapheme breaking)
        // took most of the 12 ms this table cost a scan's column typing.
        for line in postcodeTable.utf8.split(separator: 0x0A) {
            let parts = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let entry = PostcodeEntry(
                postcode: String(decoding: parts[0], as: UTF8.self), town: String(decoding: parts[1], as: UTF8.self),
                stateCode: String(decoding: parts[2], as: UTF8.self)
            )
            t.all.append(entry)
            t.byCode[entry.postcode, default: []].append(entry)
            t.prefixesInUse.insert(String(entry.postcode.prefix(2)))
            t.towns.insert(entry.town.lowercased())
        }
        t.townFirstWords = Set(t.towns.map { String($0.split(separator: " ", omittingEmptySubsequences: false)[0]) })
        return t
    }()

    /// Every (postcode, town) row of the pinned list, sorted by postcode.
    public static var all: [PostcodeEntry] { table.all }

    /// The first row for a 5-digit postcode, or `nil` if it is not in the pinned list.
    public static func lookup(_ code: String) -> PostcodeEntry? {
        table.byCode[code]?.first
    }

    /// All rows for a postcode (a few postcodes serve two towns, e.g. 86400).
    public static func entries(for code: String) -> [PostcodeEntry] {
        table.byCode[code] ?? []
    }

    /// Whether any listed postcode starts with these two digits.
    public static func isPrefixInUse(_ prefix: String) -> Bool {
        table.prefixesInUse.contains(prefix)
    }

    /// Case-folded town names of the dataset, for the address scorer (§6.3).
    public static var towns: Set<String> { table.towns }

    /// The first word (up to the first space) of every name in `towns`: words joined by single
    /// spaces are a town only if the first of them is one of these.
    static var townFirstWords: Set<String> { table.townFirstWords }

    /// Detects a postcode cell: `50450`, `50450 Kuala Lumpur`, or `1000` in a postcode column.
    ///
    /// - VALID: in the pinned list (facts: state and town).
    /// - VALID+WARN: a 4-digit value in a postcode-typed column that is listed once padded
    ///   (Excel dropped the leading zero of a Perlis/Kedah `0xxxx` code).
    /// - CONTEXT: the prefix is in use but the code is not listed ("plausible": new postcodes
    ///   keep appearing, e.g. 80888 in December 2025).
    /// - INVALID: anything else, including the unused prefixes `00 03 04 19 29 37 38 61 65 66
    ///   67 74 92 99`.
    /// - Parameters:
    ///   - text: the cell, normalised (§2.1).
    ///   - context: the padding repair needs `columnType == .postcode`.
    /// - Returns: the detection; notes never contain the value.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        // The common cell, five ASCII digits, is its own code: no trimming, no town, no padding.
        if text.utf8.count == 5, text.utf8.allSatisfy(CellNormalizer.isDigit) {
            return detect(code: text, town: "", notes: [])
        }
        let trimmed = text.geoTrimmed
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        let rest = trimmed.dropFirst(digits.count)
        // After the digits only a town name may follow ("50450 Kuala Lumpur").
        if !rest.isEmpty {
            guard rest.first == " ", rest.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "." }) else {
                return .invalid(.postcode)
            }
        }
        var code = String(digits)
        var notes: [String] = []
        if code.count == 4, rest.isEmpty, context.columnType == .postcode {
            code = "0" + code
            notes.append("left-padded")
        }
        guard code.count == 5 else { return .invalid(.postcode) }
        return detect(code: code, town: rest.geoTrimmed, notes: notes)
    }

    /// `detect` for a 5-digit `code`, the town written after it (or empty) and the notes so far
    /// (`left-padded` for a repaired 4-digit value).
    private static func detect(code: String, town: String, notes: [String]) -> Detection {
        let candidates = entries(for: code)
        if let entry = pick(candidates, town: town) {
            var facts = DerivedFacts()
            facts.stateCode = entry.stateCode
            facts.town = entry.town
            return Detection(type: .postcode, verdict: notes.isEmpty ? .valid : .validWarn, canonical: code, notes: notes, facts: facts)
        }
        if !notes.isEmpty { return .invalid(.postcode) }
        if isPrefixInUse(String(code.prefix(2))) {
            return Detection(type: .postcode, verdict: .context, notes: ["plausible: prefix in use, not in the pinned list"])
        }
        return .invalid(.postcode)
    }

    /// Prefers the row whose town matches the written town.
    private static func pick(_ entries: [PostcodeEntry], town: String) -> PostcodeEntry? {
        guard !town.isEmpty else { return entries.first }
        let folded = town.lowercased()
        return entries.first(where: { $0.town.lowercased() == folded }) ?? entries.first
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var geoTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
