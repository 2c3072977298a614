/// One MyKad place-of-birth (PB) code: a Malaysian state or a country group (spec §3.4).
public struct PlaceOfBirthEntry: Sendable, Equatable {
    /// The two-digit code as a number (`1` for `01`).
    public let code: Int
    /// The state, or the country or group, as the JPN-derived table names it.
    public let name: String
    /// ISO 3166-2:MY state number (`01`...`16`) for Malaysian states, else `nil`.
    public let stateCode: String?
    /// Born outside Malaysia (PB 60 and above, except 82).
    public let bornAbroad: Bool
    /// `stateCode` as a number, for `DerivedFacts`.
    let stateNumber: Int?

    public init(code: Int, name: String, stateCode: String?, bornAbroad: Bool) {
        self.code = code
        self.name = name
        self.stateCode = stateCode
        self.bornAbroad = bornAbroad
        self.stateNumber = stateCode.flatMap { $0.utf8.count == 2 ? Int($0) : nil }
    }
}

/// The MyKad place-of-birth table (spec §3.4).
///
/// Written from the spec's table (facts derived from JPN pages via python-stdnum 2.2
/// `stdnum/my/bp.dat`); the stdnum file itself is LGPL and is not copied. Folklore such as
/// "88 = police, 99 = army" is deliberately absent.
public enum PlaceOfBirth {
    /// Codes that do not exist and make a MyKad invalid.
    public static let rejected: Set<Int> = [0, 17, 18, 19, 20, 69, 70, 73, 80, 81, 94, 95, 96, 97]

    /// Every valid code, in code order.
    public static let all: [PlaceOfBirthEntry] = {
        var entries: [PlaceOfBirthEntry] = []
        let states: [(String, String, [Int])] = [
            ("01", "Johor", [1, 21, 22, 23, 24]),
            ("02", "Kedah", [2, 25, 26, 27]),
            ("03", "Kelantan", [3, 28, 29]),
            ("04", "Melaka", [4, 30]),
            ("05", "Negeri Sembilan", [5, 31, 59]),
            ("06", "Pahang", [6, 32, 33]),
            ("07", "Pulau Pinang", [7, 34, 35]),
            ("08", "Perak", [8, 36, 37, 38, 39]),
            ("09", "Perlis", [9, 40]),
            ("10", "Selangor", [10, 41, 42, 43, 44]),
            ("11", "Terengganu", [11, 45, 46]),
            ("12", "Sabah", [12, 47, 48, 49]),
            ("13", "Sarawak", [13, 50, 51, 52, 53]),
            ("14", "WP Kuala Lumpur", [14, 54, 55, 56, 57]),
            ("15", "WP Labuan", [15, 58]),
            ("16", "WP Putrajaya", [16]),
        ]
        for (state, name, codes) in states {
            for code in codes { entries.append(PlaceOfBirthEntry(code: code, name: name, stateCode: state, bornAbroad: false)) }
        }
        entries.append(PlaceOfBirthEntry(code: 82, name: "Malaysia, state unknown", stateCode: nil, bornAbroad: false))
        let abroad: [(Int, String)] = [
            (60, "Brunei"),
            (61, "Indonesia"),
            (62, "Cambodia"),
            (63, "Laos"),
            (64, "Myanmar"),
            (65, "Philippines"),
            (66, "Singapore"),
            (67, "Thailand"),
            (68, "Vietnam"),
            (71, "Abroad (Luar Negara, legacy)"),
            (72, "Abroad (Luar Negara, legacy)"),
            (74, "China"),
            (75, "India"),
            (76, "Pakistan"),
            (77, "Saudi Arabia"),
            (78, "Sri Lanka"),
            (79, "Bangladesh"),
            (83, "Asia-Pacific and Oceania"),
            (84, "South America"),
            (85, "Africa"),
            (86, "Continental Europe"),
            (87, "Britain and Ireland"),
            (88, "Middle East"),
            (89, "Far East"),
            (90, "Caribbean and Central America"),
            (91, "North America"),
            (92, "Eastern Europe and former USSR"),
            (93, "Other countries"),
            (98, "Stateless"),
            (99, "Unspecified nationality or refugee"),
        ]
        for (code, name) in abroad { entries.append(PlaceOfBirthEntry(code: code, name: name, stateCode: nil, bornAbroad: true)) }
        return entries.sorted { $0.code < $1.code }
    }()

    /// Index by code for constant-time lookup on the hot path.
    private static let table: [PlaceOfBirthEntry?] = {
        var table = [PlaceOfBirthEntry?](repeating: nil, count: 100)
        for entry in all { table[entry.code] = entry }
        return table
    }()

    /// The entry for a two-digit code, or `nil` when the code does not exist.
    public static func lookup(_ code: Int) -> PlaceOfBirthEntry? {
        guard code >= 0, code < 100 else { return nil }
        return table[code]
    }

    /// Descriptions built once, so that a detection only retains a shared string.
    static let descriptions: [String] = (0..<100).map { code in
        guard let entry = table[code] else { return "" }
        return "\(code / 10)\(code % 10) \(entry.name)"
    }

    /// The code with its meaning, as reported in `DerivedFacts.placeOfBirth` (`"14 WP Kuala Lumpur"`).
    public static func describe(_ entry: PlaceOfBirthEntry) -> String {
        descriptions[entry.code]
    }
}
