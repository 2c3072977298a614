/// PDPA 2010 classes of spec §9: the statutory "sensitive personal data" of s. 4 (plus biometric
/// data since the 2024 Amendment), and the high-risk classes this tool also escalates although
/// the Act does not list them.
public enum SensitiveClass: String, Sendable, CaseIterable, Codable {
    // Statutory (s. 4 and the 2024 Amendment).
    case health
    case religion
    case politics
    case offence
    case biometric
    // High-risk, not statutory-sensitive (§9 "Not statutory-sensitive, yet high-risk").
    case raceEthnicity = "race_ethnicity"
    case credentials
    case simSecrets = "sim_secrets"
    case financial

    /// Scanner severity of spec §9's table.
    public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
        case low, medium, high, critical

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Whether PDPA s. 4 (as amended in 2024) names this class as sensitive personal data.
    public var isStatutory: Bool {
        switch self {
        case .health, .religion, .politics, .offence, .biometric: return true
        case .raceEthnicity, .credentials, .simSecrets, .financial: return false
        }
    }

    /// The §9 severity. Financial data is High: §9 rates only "card numbers with CVV" Critical,
    /// and that combination is decided by the payment-card detector, not by this class.
    public var severity: Severity {
        switch self {
        case .health, .religion, .politics, .offence, .biometric: return .critical
        case .credentials, .simSecrets: return .critical
        case .financial: return .high
        case .raceEthnicity: return .medium
        }
    }

    // MARK: - Religion values

    /// Canonical religion labels keyed by the case-folded spellings of spec §9.
    private static let religionValues: [String: String] = [
        "islam": "islam", "muslim": "islam",
        "buddha": "buddhism", "buddhism": "buddhism", "buddhist": "buddhism", "budha": "buddhism",
        "kristian": "christianity", "christian": "christianity", "christianity": "christianity",
        "hindu": "hinduism", "hinduism": "hinduism",
        "sikh": "sikhism", "sikhism": "sikhism",
        "tao": "taoism", "taoism": "taoism", "taoist": "taoism",
        "konfusianisme": "confucianism", "confucianism": "confucianism",
        "tiada": "none", "none": "none", "tiada agama": "none",
        "lain-lain": "other", "lain lain": "other", "lain2": "other", "others": "other", "other": "other",
    ]

    /// Matches a whole cell against the §9 religion values.
    ///
    /// This looks only at a value in a religion-typed column. Religion is never inferred from a
    /// name ("bin"/"binti" says nothing the scanner may report; spec §7).
    /// - Returns: the canonical label (`islam`, `buddhism`, ..., `none`, `other`) or `nil`.
    public static func religionValue(_ text: String) -> String? {
        let folded = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return religionValues[folded]
    }

    /// A religion cell: VALID in a column whose header said religion, CONTEXT alone (a bare
    /// "Islam" or "None" is too generic to report without the header).
    /// - Parameters:
    ///   - text: the cell.
    ///   - religionHeader: whether the column header classified as ``SensitiveClass/religion``.
    /// - Returns: a detection of type `.other` with notes `religion`; the canonical label, never
    ///   the raw cell.
    public static func detectReligion(_ text: String, religionHeader: Bool) -> Detection {
        guard let label = religionValue(text) else { return .invalid(.other) }
        if religionHeader {
            return Detection(type: .other, verdict: .valid, canonical: label, notes: ["religion", "sensitive:religion"])
        }
        return Detection(type: .other, verdict: .context, notes: ["religion"])
    }
}
