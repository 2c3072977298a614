import LeakTraceCore

/// The output encodings of a synthetic dump.
public enum SyntheticFormat: String, Sendable, CaseIterable, Codable {
    /// RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote,
    /// CR or LF (addresses hold commas), quotes doubled.
    case csv
    /// Tab-separated with the same quoting rule as CSV (as Excel's "Text (Tab delimited)" export
    /// does) and LF line ends.
    case tsv
    /// One JSON object per line, keys in column order, every value a string ("" for an empty cell).
    case ndjson
}

/// Rates of noise and damage, each a probability per row (0 gives a clean dump).
///
/// Every rate acts on a whole row or on one cell of a row, so that the ground truth can say
/// exactly which identifiers survive in a recoverable form.
public struct SyntheticNoise: Sendable, Equatable, Codable {
    /// A subscriber row with one deliberately invalid identifier (bad PB code, impossible date,
    /// short phone, Luhn-failing IMEI, truncated ICCID, unknown IMSI network).
    public var invalidRowRate: Double
    /// A seller padding row (`TEST`, `000000-00-0000`, `xxxxxxxx`) instead of a subscriber.
    public var paddingRowRate: Double
    /// An exact copy of a recent subscriber row (dumps merged from several sources).
    public var duplicateRowRate: Double
    /// One identifier cell damaged by a spreadsheet round trip: `'` prefix, `.0` suffix, lost
    /// leading zero, or scientific notation (`9.00101E+11`, which loses the digits).
    public var excelDamageRate: Double
    /// One optional cell emptied (date of birth, gender, handset, IMEI, MyKad, contact number...).
    public var emptyCellRate: Double
    /// The first address line split over two lines (a CR-free LF inside a quoted field).
    public var multilineAddressRate: Double
    /// Share of new persons who are foreigners with a passport-like number instead of a MyKad.
    public var foreignerRate: Double

    public init(
        invalidRowRate: Double = 0.005,
        paddingRowRate: Double = 0.002,
        duplicateRowRate: Double = 0.005,
        excelDamageRate: Double = 0.01,
        emptyCellRate: Double = 0.02,
        multilineAddressRate: Double = 0.001,
        foreignerRate: Double = 0.04
    ) {
        self.invalidRowRate = invalidRowRate
        self.paddingRowRate = paddingRowRate
        self.duplicateRowRate = duplicateRowRate
        self.excelDamageRate = excelDamageRate
        self.emptyCellRate = emptyCellRate
        self.multilineAddressRate = multilineAddressRate
        self.foreignerRate = foreignerRate
    }

    /// The defaults: small rates, as seen in real dumps.
    public static let realistic = SyntheticNoise()

    /// No damage at all (foreigners are kept: they are part of a realistic population).
    public static let clean = SyntheticNoise(
        invalidRowRate: 0, paddingRowRate: 0, duplicateRowRate: 0, excelDamageRate: 0,
        emptyCellRate: 0, multilineAddressRate: 0, foreignerRate: 0.04)
}

/// Everything that determines a synthetic dump. Two dumps with equal configurations are
/// byte-identical.
public struct SyntheticConfiguration: Sendable, Equatable {
    /// Data rows, not counting the header line.
    public var rows: Int
    public var seed: UInt64
    public var format: SyntheticFormat
    /// The dump's as-of date: every activation date is before it, and every holder is 12 to 90
    /// years old on it (spec §1: 2014-07-31 for the telco dump).
    public var referenceDate: CivilDate
    public var noise: SyntheticNoise
    /// Marked canary rows (name `CANARY LEAKTRACE`), spread evenly through the dump.
    public var canaryRows: Int

    public init(
        rows: Int = 1000,
        seed: UInt64 = 1,
        format: SyntheticFormat = .csv,
        referenceDate: CivilDate = SyntheticConfiguration.defaultReferenceDate,
        noise: SyntheticNoise = .realistic,
        canaryRows: Int = 0
    ) {
        self.rows = rows
        self.seed = seed
        self.format = format
        self.referenceDate = referenceDate
        self.noise = noise
        self.canaryRows = canaryRows
    }

    /// The largest dump the generator makes (identifier spaces stay far from exhausted).
    public static let maxRows = 100_000_000

    /// 2014-07-31, the telco dump's as-of date (spec §1).
    public static let defaultReferenceDate = CivilDate(year: 2014, month: 7, day: 31)!

    /// Checks the ranges the generator relies on.
    ///
    /// - Throws: `LeakTraceError` (`.invalidArgument`) naming the bad setting.
    public func validate() throws {
        guard rows >= 0 else { throw LeakTraceError(.invalidArgument, "rows must be zero or more") }
        // 100M rows: twice the 46.2M-row telco dump, and well inside the number blocks (about
        // 113M mobile numbers) and the other identifier spaces, so values stay unique.
        guard rows <= SyntheticConfiguration.maxRows else {
            throw LeakTraceError(.invalidArgument, "rows must be at most \(SyntheticConfiguration.maxRows)")
        }
        guard canaryRows >= 0, canaryRows <= rows else {
            throw LeakTraceError(.invalidArgument, "canary rows must be between 0 and the number of rows")
        }
        guard (1900...2100).contains(referenceDate.year) else {
            throw LeakTraceError(.invalidArgument, "the reference date must be between 1900 and 2100")
        }
        let rates = [
            noise.invalidRowRate, noise.paddingRowRate, noise.duplicateRowRate, noise.excelDamageRate,
            noise.emptyCellRate, noise.multilineAddressRate, noise.foreignerRate,
        ]
        guard rates.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw LeakTraceError(.invalidArgument, "noise rates must be between 0 and 1")
        }
        guard noise.paddingRowRate + noise.duplicateRowRate <= 1 else {
            throw LeakTraceError(.invalidArgument, "padding and duplicate rates must add up to at most 1")
        }
    }
}
