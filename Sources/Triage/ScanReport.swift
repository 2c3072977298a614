import Dumps
import Identifiers
import LeakTraceCore

/// The triage report of one `scan`: schema `leaktrace.scan/1`, documented in docs/scan-report.md.
///
/// It holds counts, classes, masked examples and bounds; never a raw identifier.
public struct ScanReport: Sendable, Codable {
    public static let schemaId = "leaktrace.scan/1"

    public var schema = ScanReport.schemaId
    public var tool: ToolStamp
    public var generatedAt: String
    /// The as-of date used for MyKad centuries and ages, and how it was chosen.
    public var referenceDate: CivilDate
    public var referenceDateSource: String
    /// The limits the inputs were read under (bytes, levels, records), so a reader of the report
    /// knows what a "too long" or "too deep" warning meant.
    public var limits: [String: Int]
    /// Whether bad records were skipped and counted (`--keep-going`) or stopped the file.
    public var keepGoing: Bool
    public var files: [FileReport]
    public var totals: Totals
    public var dataClasses: [DataClass]
    public var sensitiveClasses: [SensitiveFinding]
    /// Mobile numbers by the operator their prefix was originally allocated to (portable).
    public var operators: [NamedCount]
    /// IMSIs by the network behind the MNC (the serving network when the dump was taken).
    public var networks: [NamedCount]
    /// Persons by state of residence (postcode or state column), else by MyKad birthplace.
    public var states: [NamedCount]
    public var stateBasis: String
    public var ageBands: [NamedCount]
    public var genders: [NamedCount]
    public var snapshot: SnapshotBounds
    public var severity: Severity

    public struct ToolStamp: Sendable, Codable {
        public var name: String
        public var version: String
        public var dataVersions: [String: String]
        public init(name: String, version: String, dataVersions: [String: String]) {
            self.name = name
            self.version = version
            self.dataVersions = dataVersions
        }
    }

    public struct Totals: Sendable, Codable {
        public var files: Int
        public var filesFailed: Int
        public var bytes: Int
        public var records: Int
        /// Same MyKad, else same phone, counts once; padding rows excluded.
        public var uniquePersons: Int
        public var personsWithMyKad: Int
        public var personsByPhoneOnly: Int
        /// Rows whose identifier cells are filled but none validates.
        public var invalidRows: Int
        /// Seller padding (`TEST`, placeholder MyKads, repeated filler), kept apart from persons.
        public var paddingRows: Int
        /// Rows with no value at all (blank lines).
        public var blankRows: Int
        public var warnings: Int
        /// Per type id: valid cells and distinct valid values (an estimate, standard error about 0.8 %).
        public var identifiers: [String: IdentifierCount]
    }

    public struct IdentifierCount: Sendable, Codable {
        public var occurrences: Int
        public var distinct: Int
    }

    public struct DataClass: Sendable, Codable {
        public var type: String
        public var columns: [String]
        public var occurrences: Int
    }

    public struct SensitiveFinding: Sendable, Codable {
        /// PDPA class id (health, religion, politics, offence, biometric) or a high-risk class.
        public var category: String
        public var statutory: Bool
        public var severity: String
        public var columns: [String]
        public var filledCells: Int
    }

    public struct NamedCount: Sendable, Codable, Equatable {
        public var name: String
        public var count: Int
        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    public struct SnapshotBounds: Sendable, Codable {
        /// The latest date found in date columns (activation, registration, update times).
        public var latestRecordDate: CivilDate?
        public var latestRecordDateColumn: String?
        /// The youngest birth date (MyKad or date-of-birth column).
        public var youngestBirthDate: CivilDate?
        /// The dump cannot have been taken before this day.
        public var notBefore: CivilDate?
        /// Dates later than the scan day, ignored as damage.
        public var futureDatesIgnored: Int
    }

    public struct Severity: Sendable, Codable {
        /// critical, high, medium or low.
        public var level: String
        public var reasons: [String]
    }
}

/// One input's section of the report.
public struct FileReport: Sendable, Codable {
    public var path: String
    /// The table, for inputs that hold several (SQL dumps, workbooks): each has its own section.
    public var table: String?
    /// `gzip` or `zip` when the input came out of a container (the path then names the entry).
    public var container: String?
    public var format: String?
    public var delimiter: String?
    public var encoding: String?
    public var formatDecision: String?
    public var hasHeader: Bool
    public var bytes: Int
    public var records: Int
    public var invalidRows: Int
    public var paddingRows: Int
    public var blankRows: Int
    public var invalidUTF8Cells: Int
    public var columns: [ColumnProfile]
    public var warnings: WarningLog
    /// Set when the file could not be scanned; the message names the place and what was expected.
    public var error: String?

    public static func failed(path: String, error: LeakTraceError) -> FileReport {
        FileReport(path: path, table: nil, container: nil, format: nil, delimiter: nil, encoding: nil, formatDecision: nil, hasHeader: false, bytes: 0, records: 0, invalidRows: 0, paddingRows: 0, blankRows: 0, invalidUTF8Cells: 0, columns: [], warnings: WarningLog(), error: error.description)
    }
}

/// What one column holds.
public struct ColumnProfile: Sendable, Codable {
    public var index: Int
    /// The header, or `column N` when the file has none.
    public var header: String
    /// Type id (`other` when the column is not personal data LeakTrace recognises).
    public var type: String
    /// `header`, `values`, `header+values` or `none`.
    public var decidedBy: String
    public var sensitiveCategory: String?
    /// A label for typed non-identifier columns (`tin`, `ssm`, `credential`, `timestamp`...).
    public var label: String?
    public var filled: Int
    public var fillRate: Double
    /// Share of filled cells that are VALID or VALID+WARN for the column's type.
    public var validRate: Double
    /// `sampled` when validity was measured on the typing sample only (text columns).
    public var validBasis: String
    public var verdicts: [String: Int]
    /// Distinct valid values (estimate).
    public var distinct: Int
    /// A masked example, e.g. `8501**-**-**79`.
    public var example: String?
    public var notes: [String]
}
