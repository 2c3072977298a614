import Identifiers
import LeakTraceCore

/// Receives, batch by batch, what each kept record says about its person: the identifiers a
/// lookup can be made with (canonical forms, wrapped in `Sensitive`) and the classes of data the
/// record holds. The breach index (`Exposure`) is built from it.
///
/// `accept` is called from the scan's workers, concurrently and out of order; `ordinal` numbers
/// every batch of the scan (all files and tables) from 0 without gaps, so a consumer can commit
/// in order. Records are numbered too, from 0 over the whole scan in reading order: that number
/// does not depend on batch sizes or worker counts, so a consumer can resume after a kill by
/// skipping the records it already committed. A batch with no kept record is still handed over
/// (with no rows) so the numbering has no holes. `accept` may block: that slows the
/// scan to the consumer's pace, which keeps memory bounded.
public protocol IdentitySink: AnyObject, Sendable {
    func accept(_ batch: IdentityBatch)
}

/// The identifier types a person can be looked up by.
public enum LookupType: UInt8, Sendable, CaseIterable, Codable {
    case mykad = 1
    case phone = 2
    case email = 3

    public init?(_ type: IdentifierType) {
        switch type {
        case .mykad: self = .mykad
        case .phoneMobile, .phoneFixed: self = .phone
        case .email: self = .email
        default: return nil
        }
    }
}

/// One lookup identifier of a record, in canonical form (12-digit MyKad, E.164 phone, lower-case email).
public struct RecordIdentifier: Sendable {
    public var type: LookupType
    public var canonical: Sensitive<String>

    public init(type: LookupType, canonical: Sensitive<String>) {
        self.type = type
        self.canonical = canonical
    }
}

/// What one kept record (not padding, not blank) says about its person.
public struct RecordIdentities: Sendable {
    /// Lookup identifiers in column order; the first MyKad (else phone, else email) names the person.
    public var identifiers: [RecordIdentifier]
    /// Bit `IdentifierType.ordinal` set for each type with a filled (and, where every cell is
    /// validated, valid) cell in this record.
    public var types: UInt32
    /// Bit `SensitiveClass` index (`SensitiveClass.allCases`) set for each sensitive column filled in this record.
    public var sensitive: UInt16
    /// The record's position in its batch (its number in the scan is `firstRecord + record`).
    public var record: Int32
    /// Only when `ScanOptions.identityDateColumns` names columns: the record's date in each of
    /// them, as days since 1970-01-01, `RecordIdentities.noDate` where empty or invalid.
    public var dates: [Int32]
    /// Only when `ScanOptions.identityDateColumns` is not empty: the record's first valid ICCID
    /// (canonical digits), the SIM that versions its phone number.
    public var iccid: Sensitive<String>?

    /// The value of `dates` for an empty or invalid cell.
    public static let noDate = Int32.min

    public init(identifiers: [RecordIdentifier], types: UInt32, sensitive: UInt16, record: Int32 = 0, dates: [Int32] = [], iccid: Sensitive<String>? = nil) {
        self.identifiers = identifiers
        self.types = types
        self.sensitive = sensitive
        self.record = record
        self.dates = dates
        self.iccid = iccid
    }
}

public struct IdentityBatch: Sendable {
    /// The batch's number within the whole scan: 0, 1, 2, ... without gaps.
    public var ordinal: Int
    /// The scan-wide number of the batch's first record (a header row included).
    public var firstRecord: Int
    /// Records in this batch, kept or not (a header row included): the next batch starts at
    /// `firstRecord + recordCount`.
    public var recordCount: Int
    public var rows: [RecordIdentities]

    public init(ordinal: Int, firstRecord: Int, recordCount: Int, rows: [RecordIdentities]) {
        self.ordinal = ordinal
        self.firstRecord = firstRecord
        self.recordCount = recordCount
        self.rows = rows
    }
}
