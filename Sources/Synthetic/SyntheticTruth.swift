import LeakTraceCore

/// The ground truth of one synthetic dump, written by `leaktrace synth --truth FILE`.
///
/// Counts are exact, computed while generating (in constant memory: every identifier is unique
/// by construction, so "distinct" is "emitted at least once in a recoverable cell").
public struct SyntheticTruth: Sendable, Equatable, Codable {
    /// Distinct identifiers per type, keyed like `IdentifierType` raw values.
    public struct PerType: Sendable, Equatable, Codable {
        public var mykad = 0
        public var passport = 0
        public var phoneMobile = 0
        public var imsi = 0
        public var iccid = 0
        public var imei = 0
        public var email = 0

        enum CodingKeys: String, CodingKey {
            case mykad, passport, imsi, iccid, imei, email
            case phoneMobile = "phone_mobile"
        }
    }

    /// Cells damaged by a spreadsheet round trip, by kind.
    public struct ExcelDamage: Sendable, Equatable, Codable {
        public var apostrophe = 0
        public var floatSuffix = 0
        public var lostLeadingZero = 0
        public var scientific = 0

        enum CodingKeys: String, CodingKey {
            case apostrophe, scientific
            case floatSuffix = "float_suffix"
            case lostLeadingZero = "lost_leading_zero"
        }
    }

    public var generator = "leaktrace synth"
    /// Bumped when the meaning of a field changes.
    public var truthVersion = 1
    public var seed: UInt64
    public var format: SyntheticFormat
    public var referenceDate: CivilDate
    public var columns: [String] = SyntheticColumn.headers
    /// Header lines before the first data row (1 for CSV/TSV, 0 for NDJSON).
    public var headerLines: Int
    /// Data rows (records), not counting the header.
    public var rows = 0
    /// Distinct synthetic persons with at least one row (padding rows have no person).
    public var persons = 0
    /// Persons with a passport-like number instead of a MyKad.
    public var foreignPersons = 0
    /// Rows per kind.
    public var subscriberRows = 0
    public var duplicateRows = 0
    public var paddingRows = 0
    public var canaryRows = 0
    /// Rows holding one deliberately invalid identifier (duplicates of them included).
    public var invalidRows = 0
    /// Distinct MyKads in a recoverable cell (clean, alternative spelling or repairable damage).
    public var uniqueMyKads = 0
    /// Distinct mobile numbers in a recoverable cell of `msisdn` or `no_tel`.
    public var uniquePhones = 0
    /// Distinct valid identifiers per type (recoverable cells only).
    public var validDistinct = PerType()
    /// Deliberately invalid cells, by kind (``SyntheticInvalidKind`` raw values).
    public var invalidCells: [String: Int] = [:]
    public var excelDamage = ExcelDamage()
    /// Empty data cells in the whole dump.
    public var emptyCells = 0
    /// First address lines split over two lines.
    public var multilineAddresses = 0
    public var noise: SyntheticNoise

    public init(configuration: SyntheticConfiguration) {
        seed = configuration.seed
        format = configuration.format
        referenceDate = configuration.referenceDate
        headerLines = configuration.format == .ndjson ? 0 : 1
        noise = configuration.noise
        for kind in SyntheticInvalidKind.allCases { invalidCells[kind.rawValue] = 0 }
    }
}
