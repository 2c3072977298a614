/// The 13 states and 3 federal territories (spec §3.4, §6.2). Raw values are ISO 3166-2:MY numbers.
public enum MalaysianState: String, Sendable, CaseIterable, Codable {
    case johor = "01"
    case kedah = "02"
    case kelantan = "03"
    case melaka = "04"
    case negeriSembilan = "05"
    case pahang = "06"
    case pulauPinang = "07"
    case perak = "08"
    case perlis = "09"
    case selangor = "10"
    case terengganu = "11"
    case sabah = "12"
    case sarawak = "13"
    case kualaLumpur = "14"
    case labuan = "15"
    case putrajaya = "16"

    /// ISO 3166-2:MY number, `01`...`16`.
    public var isoCode: String { rawValue }

    /// The canonical name for an ISO number (`"10"` → `Selangor`), for reports.
    public static func displayName(forCode code: String) -> String? {
        MalaysianState(rawValue: code)?.canonicalName
    }

    /// The canonical Malay name.
    public var canonicalName: String {
        switch self {
        case .johor: return "Johor"
        case .kedah: return "Kedah"
        case .kelantan: return "Kelantan"
        case .melaka: return "Melaka"
        case .negeriSembilan: return "Negeri Sembilan"
        case .pahang: return "Pahang"
        case .pulauPinang: return "Pulau Pinang"
        case .perak: return "Perak"
        case .perlis: return "Perlis"
        case .selangor: return "Selangor"
        case .terengganu: return "Terengganu"
        case .sabah: return "Sabah"
        case .sarawak: return "Sarawak"
        case .kualaLumpur: return "Wilayah Persekutuan Kuala Lumpur"
        case .labuan: return "Wilayah Persekutuan Labuan"
        case .putrajaya: return "Wilayah Persekutuan Putrajaya"
        }
    }

    /// The 3-letter code of §6.2 (⚠ unverified source).
    public var abbreviation: String {
        switch self {
        case .johor: return "JHR"
        case .kedah: return "KDH"
        case .kelantan: return "KTN"
        case .melaka: return "MLK"
        case .negeriSembilan: return "NSN"
        case .pahang: return "PHG"
        case .pulauPinang: return "PNG"
        case .perak: return "PRK"
        case .perlis: return "PLS"
        case .selangor: return "SGR"
        case .terengganu: return "TRG"
        case .sabah: return "SBH"
        case .sarawak: return "SWK"
        case .kualaLumpur: return "KUL"
        case .labuan: return "LBN"
        case .putrajaya: return "PJY"
        }
    }

    /// The honorific suffix seen after the name in addresses ("Selangor Darul Ehsan").
    public var honorific: String? {
        switch self {
        case .johor: return "Darul Ta'zim"
        case .kedah: return "Darul Aman"
        case .kelantan: return "Darul Naim"
        case .negeriSembilan: return "Darul Khusus"
        case .pahang: return "Darul Makmur"
        case .perak: return "Darul Ridzuan"
        case .perlis: return "Indera Kayangan"
        case .selangor: return "Darul Ehsan"
        case .terengganu: return "Darul Iman"
        default: return nil
        }
    }

    /// Spellings seen in data (§6.2), before normalisation. Federal territories are listed
    /// without the optional W.P./Wilayah Persekutuan/Federal Territory prefix.
    public var variants: [String] {
        switch self {
        case .johor: return ["Johor", "Johore", "JHR"]
        case .kedah: return ["Kedah", "KDH"]
        case .kelantan: return ["Kelantan", "KTN", "KLN"]
        case .melaka: return ["Melaka", "Malacca", "MLK"]
        case .negeriSembilan: return ["Negeri Sembilan", "N. Sembilan", "N Sembilan", "N.S.", "NS", "N9", "NSN", "Negri Sembilan"]
        case .pahang: return ["Pahang", "PHG"]
        case .pulauPinang: return ["Pulau Pinang", "Penang", "P. Pinang", "PPinang", "PNG", "Pinang"]
        case .perak: return ["Perak", "PRK"]
        case .perlis: return ["Perlis", "PLS"]
        case .selangor: return ["Selangor", "SGR", "SEL"]
        case .terengganu: return ["Terengganu", "Trengganu", "TRG", "TGG"]
        case .sabah: return ["Sabah", "SBH"]
        case .sarawak: return ["Sarawak", "SWK"]
        case .kualaLumpur: return ["Kuala Lumpur", "KL", "K.L.", "WPKL", "KUL"]
        case .labuan: return ["Labuan", "LBN"]
        case .putrajaya: return ["Putrajaya", "PJY"]
        }
    }

    // MARK: - Matching

    /// Case-folds, drops dots and apostrophes, and collapses spaces.
    static func fold(_ text: String) -> [String] {
        foldASCII(text) ?? foldCharacters(text)
    }

    /// `fold` for any text, `Character` by `Character`.
    static func foldCharacters(_ text: String) -> [String] {
        var cleaned = ""
        for ch in text.lowercased() {
            if ch == "." || ch == "'" || ch == "’" { continue }
            if ch == "," || ch == "\t" || ch == "(" || ch == ")" { cleaned.append(" "); continue }
            cleaned.append(ch)
        }
        return cleaned.split(separator: " ").map(String.init)
    }

    /// `fold` for ASCII text, byte by byte: the same tokens (ASCII lower-casing is the whole of
    /// `lowercased()` there, and no ASCII pair but CR LF forms one `Character`, which `fold`
    /// keeps whole as it keeps both bytes). Nil for other text.
    private static func foldASCII(_ text: String) -> [String]? {
        var tokens: [String] = []
        var ascii = true
        var text = text
        text.withUTF8 { bytes in
            var token: [UInt8] = []
            for byte in bytes {
                guard byte < 0x80 else {
                    ascii = false
                    return
                }
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "'"): continue
                case UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: "("), UInt8(ascii: ")"):
                    if !token.isEmpty {
                        tokens.append(String(decoding: token, as: UTF8.self))
                        token.removeAll(keepingCapacity: true)
                    }
                default:
                    token.append(CellBytes.lowercased(byte))
                }
            }
            if !token.isEmpty { tokens.append(String(decoding: token, as: UTF8.self)) }
        }
        return ascii ? tokens : nil
    }

    private static let prefixes: [[String]] = [
        ["wilayah", "persekutuan"], ["federal", "territory", "of"], ["federal", "territory"], ["wp"], ["w", "p"],
    ]

    /// Folded variant → state; built once.
    private static let lookupTable: [String: MalaysianState] = {
        var table: [String: MalaysianState] = [:]
        for state in allCases {
            for v in state.variants + [state.canonicalName, state.abbreviation] {
                table[fold(v).joined(separator: " ")] = state
            }
        }
        return table
    }()

    /// Every token a match can start with: the first token of a table entry or of a prefix.
    /// `match(tokens:)` strips a prefix only from the front and an honorific only from the back,
    /// so tokens that start with none of these match nothing.
    private static let firstTokens: Set<String> = {
        var first = Set(lookupTable.keys.compactMap { $0.split(separator: " ").first.map(String.init) })
        for p in prefixes { first.insert(p[0]) }
        return first
    }()

    /// Folded honorific suffixes, longest first.
    private static let honorifics: [[String]] = allCases.compactMap { $0.honorific.map(fold) }

    /// Matches a whole cell against the state names, variants and 3-letter codes.
    ///
    /// Case-insensitive, ignoring dots, with `W.P.`/`WP`/`Wilayah Persekutuan`/`Federal
    /// Territory (of)` as optional prefixes and the §6.2 honorific suffix as optional suffix.
    /// - Parameter text: the cell (`"Selangor Darul Ehsan"`, `"W.P. Kuala Lumpur"`, `"N9"`).
    /// - Returns: the state, or `nil`.
    public static func match(_ text: String) -> MalaysianState? {
        match(tokens: fold(text))
    }

    static func match(tokens input: [String]) -> MalaysianState? {
        var tokens = input
        for p in prefixes where tokens.count > p.count && Array(tokens.prefix(p.count)) == p {
            tokens.removeFirst(p.count)
            break
        }
        for h in honorifics where tokens.count > h.count && Array(tokens.suffix(h.count)) == h {
            tokens.removeLast(h.count)
            break
        }
        guard !tokens.isEmpty else { return nil }
        return lookupTable[tokens.joined(separator: " ")]
    }

    /// Finds a state name inside a longer text such as an address, preferring the longest
    /// match and the last one (states close an address).
    ///
    /// Two-letter codes (`KL`, `NS`, `N9`) count only as the last token, where an address puts
    /// its state; elsewhere they are too easily initials or unit codes.
    /// - Parameter text: free text.
    /// - Returns: the state and the number of tokens it used, or `nil`.
    public static func find(in text: String) -> MalaysianState? {
        let tokens = fold(text)
        var best: (state: MalaysianState, end: Int, length: Int)?
        for start in tokens.indices where firstTokens.contains(tokens[start]) {
            for length in stride(from: min(6, tokens.count - start), through: 1, by: -1) {
                let slice = Array(tokens[start..<(start + length)])
                let end = start + length
                if length == 1, slice[0].count <= 2, end != tokens.count { continue }
                if let state = match(tokens: slice) {
                    if best == nil || end > best!.end || (end == best!.end && length > best!.length) {
                        best = (state, end, length)
                    }
                    break
                }
            }
        }
        return best?.state
    }

    /// A state cell: VALID with the canonical name and the ISO number in the facts.
    /// - Parameters:
    ///   - text: the cell.
    ///   - context: unused; a state name is recognisable alone (it is a low-risk quasi-identifier).
    /// - Returns: the detection.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        guard let state = match(text) else { return .invalid(.state) }
        var facts = DerivedFacts()
        facts.stateCode = state.isoCode
        return Detection(type: .state, verdict: .valid, canonical: state.canonicalName, facts: facts)
    }
}
