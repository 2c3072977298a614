import Foundation
import Identifiers
import LeakTraceCore

/// What a column holds, as far as marking, canaries and canonical comparison are concerned.
public enum FieldKind: String, Sendable, Codable, CaseIterable {
    /// A phone number written nationally (`012-345 6789`).
    case phone
    /// A phone number written internationally (`60123456789`, `+60123456789`).
    case phoneInternational = "phone_international"
    case mykad
    case name
    case address
    case email
    /// Anything else: copied byte for byte, compared exactly.
    case other
}

/// One harmless presentation choice that carries one binary code symbol per row (spec §2.6, §3.7).
/// Every variant has the same canonical form as the source value.
public enum SlotKind: String, Sendable, Codable, CaseIterable {
    /// International phone: `60123456789` (0) or `+60123456789` (1).
    case phonePlus = "phone.plus"
    /// National phone: no hyphen after the prefix (0) or `012-…` (1).
    case phoneHyphen = "phone.hyphen"
    /// National phone: subscriber digits run together (0) or grouped `345 6789` (1).
    case phoneSpace = "phone.space"
    /// MyKad: 12 digits (0) or `YYMMDD-PB-###G` (1).
    case mykadDash = "mykad.dash"
    /// Name: capitals (0) or title case (1).
    case nameCase = "name.case"
    /// Address: street and area words in full (0) or abbreviated, `Jln`, `Tmn` (1).
    case addressAbbrev = "address.abbrev"
    /// Optional field: present (0) or left empty (1). Off unless asked for per column; the only
    /// slot that changes content, so the canonical check allows an empty value in such a column.
    case optionalBlank = "optional.blank"

    /// The slot kinds a column of this kind carries by default.
    public static func defaults(for kind: FieldKind) -> [SlotKind] {
        switch kind {
        case .phone: [.phoneHyphen, .phoneSpace]
        case .phoneInternational: [.phonePlus]
        case .mykad: [.mykadDash]
        case .name: [.nameCase]
        case .address: [.addressAbbrev]
        case .email, .other: []
        }
    }
}

/// Canonical forms for comparison and matching (spec §8.1 canonicaliser): E.164 phones, 12-digit
/// MyKad, case-folded whitespace-collapsed names, addresses with abbreviations expanded.
public enum FieldCanon {
    public static func canonical(_ text: String, kind: FieldKind) -> String? {
        let trimmed = TextTrim.trimmed(text, .whitespaces)
        if trimmed.isEmpty { return nil }
        switch kind {
        case .phone, .phoneInternational:
            return Phone.parse(trimmed, context: CellContext(columnType: .phoneMobile))?.e164
        case .mykad:
            let d = MyKad.detect(trimmed, context: CellContext(columnType: .mykad))
            return d.verdict.isValid ? d.canonical : nil
        case .name:
            return TextTrim.words(trimmed.lowercased()).joined(separator: " ")
        case .address:
            return TextTrim.words(trimmed).map { token -> String in
                let (core, tail) = AddressWords.split(token)
                let lower = core.lowercased()
                return (AddressWords.longForm[lower] ?? lower) + tail
            }.joined(separator: " ")
        case .email:
            let d = Email.detect(trimmed)
            return d.verdict.isValid ? d.canonical : trimmed
        case .other:
            return text
        }
    }
}

/// Street and area words with a common abbreviation (spec §8.1: `Jln↔Jalan`).
enum AddressWords {
    static let pairs: [(long: String, short: String)] = [
        ("jalan", "jln"), ("lorong", "lrg"), ("taman", "tmn"), ("kampung", "kg"), ("bandar", "bdr"),
        ("bukit", "bkt"), ("sungai", "sg"), ("persiaran", "psn"), ("lebuh", "lbh"), ("lingkaran", "lkr"),
        ("simpang", "spg"), ("medan", "mdn"), ("kawasan", "kaw"), ("pangsapuri", "p/puri"),
    ]
    static let longForm: [String: String] = {
        var m: [String: String] = [:]
        for p in pairs { m[p.short] = p.long; m[p.short + "."] = p.long }
        return m
    }()
    static let shortForm: [String: String] = {
        var m: [String: String] = [:]
        for p in pairs { m[p.long] = p.short }
        return m
    }()

    /// A token's word and its trailing commas (`Jln,` → `Jln`, `,`).
    static func split(_ token: Substring) -> (Substring, String) {
        var core = token
        var tail = ""
        while let last = core.last, last == "," { tail.append(last); core = core.dropLast() }
        return (core, tail)
    }

    /// Re-cases `word` after `model`: all capitals, or a capital first letter, or lower case.
    static func recase(_ word: String, like model: Substring) -> String {
        let letters = model.filter(\.isLetter)
        if !letters.isEmpty, letters.allSatisfy(\.isUppercase) { return word.uppercased() }
        if model.first?.isUppercase == true { return word.prefix(1).uppercased() + word.dropFirst() }
        return word
    }
}

/// Renders and reads the variants of one slot. Both sides work from the canonical value only, so
/// the reader needs nothing but the leaked cell; a cell matching neither variant is an erasure.
public enum SlotCodec {
    /// The two renderings of a slot for a canonical value, or nil when the slot does not apply to
    /// it (no distinct variants, or a variant that would not round-trip to the same canonical).
    public static func variants(_ slot: SlotKind, canonical c: String, kind: FieldKind, source: String) -> (String, String)? {
        let pair: (String, String)?
        switch slot {
        case .phonePlus:
            guard c.hasPrefix("+60") else { return nil }
            pair = (String(c.dropFirst()), c)
        case .phoneHyphen, .phoneSpace:
            return nil  // both bits together: see phoneVariant
        case .mykadDash:
            guard c.count == 12 else { return nil }
            let d = Array(c)
            pair = (c, String(d[0 ..< 6]) + "-" + String(d[6 ..< 8]) + "-" + String(d[8 ..< 12]))
        case .nameCase:
            pair = (c.uppercased(), titleCase(c))
        case .addressAbbrev:
            pair = addressVariants(source)
        case .optionalBlank:
            return source.isEmpty ? nil : (source, "")
        }
        guard let pair, pair.0 != pair.1 else { return nil }
        if slot != .optionalBlank {
            guard FieldCanon.canonical(pair.0, kind: kind) == c, FieldCanon.canonical(pair.1, kind: kind) == c else { return nil }
        }
        return pair
    }

    /// A national phone rendered with hyphen bit `h` and grouping bit `g`, or nil when the number
    /// has no national display with a prefix (foreign numbers).
    public static func phoneVariant(canonical c: String, hyphen h: Bool, space g: Bool) -> String? {
        guard let parts = nationalParts(c) else { return nil }
        return render(parts, hyphen: h, space: g)
    }

    static func nationalParts(_ c: String) -> (prefix: Substring, rest: Substring)? {
        guard let parsed = Phone.parse(c), let display = parsed.nationalDisplay,
              let dash = display.firstIndex(of: "-"), display.contains(" ") else { return nil }
        return (display[..<dash], display[display.index(after: dash)...])
    }

    static func render(_ parts: (prefix: Substring, rest: Substring), hyphen h: Bool, space g: Bool) -> String {
        String(parts.prefix) + (h ? "-" : "") + (g ? String(parts.rest) : parts.rest.filter { $0 != " " })
    }

    /// Reads the national phone bits (hyphen, space) from a raw cell; nil for an erasure.
    public static func readPhone(_ raw: String, canonical c: String) -> (hyphen: Bool, space: Bool)? {
        let cell = raw.trimmingCharacters(in: .whitespaces)
        guard let parts = nationalParts(c) else { return nil }
        for h in [false, true] {
            for g in [false, true] where render(parts, hyphen: h, space: g) == cell {
                return (h, g)
            }
        }
        return nil
    }

    /// Reads one slot's symbol from a raw cell: nil when it matches neither variant.
    public static func read(_ slot: SlotKind, raw: String, canonical c: String, kind: FieldKind) -> Bool? {
        if slot == .optionalBlank { return raw.isEmpty }
        let cell = kind == .other ? raw : raw.trimmingCharacters(in: .whitespaces)
        if slot == .addressAbbrev { return readAddress(cell) }
        guard let pair = variants(slot, canonical: c, kind: kind, source: cell) else { return nil }
        if cell == pair.0 { return false }
        if cell == pair.1 { return true }
        return nil
    }

    static func titleCase(_ lower: String) -> String {
        let keepLower: Set<String> = ["bin", "binti", "bt", "bte", "a/l", "a/p", "s/o", "d/o", "anak", "ak", "@"]
        return lower.split(separator: " ").map { token in
            keepLower.contains(String(token)) ? String(token) : token.prefix(1).uppercased() + token.dropFirst()
        }.joined(separator: " ")
    }

    /// All abbreviable words in full, or all abbreviated; nil when the address has none.
    static func addressVariants(_ source: String) -> (String, String)? {
        let tokens = source.split(whereSeparator: \.isWhitespace)
        var long: [String] = [], short: [String] = []
        var any = false
        for t in tokens {
            let (core, tail) = AddressWords.split(t)
            let lower = core.lowercased()
            if let full = AddressWords.longForm[lower] ?? (AddressWords.shortForm[lower] != nil ? lower : nil),
               let abbr = AddressWords.shortForm[full] {
                any = true
                long.append(AddressWords.recase(full, like: core) + tail)
                short.append(AddressWords.recase(abbr, like: core) + tail)
            } else {
                long.append(String(t)); short.append(String(t))
            }
        }
        return any ? (long.joined(separator: " "), short.joined(separator: " ")) : nil
    }

    /// 0 when every abbreviable word is in full, 1 when every one is abbreviated, else nil.
    static func readAddress(_ cell: String) -> Bool? {
        var sawLong = false, sawShort = false
        for t in cell.split(whereSeparator: \.isWhitespace) {
            let lower = AddressWords.split(t).0.lowercased()
            if AddressWords.shortForm[lower] != nil { sawLong = true }
            if AddressWords.longForm[lower] != nil { sawShort = true }
        }
        if sawLong == sawShort { return nil }
        return sawShort
    }
}
