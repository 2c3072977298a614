import Foundation

/// One breach: HIBP's v3 breach fields plus LeakTrace's own.
///
/// The HIBP fields keep HIBP's meaning (spec/lookup-services.md §1.1): `Name` is the stable
/// Pascal-case id, `Title` the display name, `BreachDate` a date only, `AddedDate` and
/// `ModifiedDate` ISO 8601 instants, `DataClasses` alphabetical, `Description` HTML.
public struct Breach: Sendable, Codable, Equatable {
    /// Store row id; nil until the store assigns it.
    public var id: Int64?
    public var name: String
    public var title: String
    public var domain: String
    /// `yyyy-MM-dd`.
    public var breachDate: String
    /// ISO 8601 with seconds and `Z`.
    public var addedDate: String
    public var modifiedDate: String
    public var pwnCount: Int
    public var description: String
    public var dataClasses: [String]
    public var isVerified: Bool
    public var isFabricated: Bool
    public var isSensitive: Bool
    public var isRetired: Bool
    public var isSpamList: Bool
    public var isMalware: Bool
    public var isSubscriptionFree: Bool
    public var isStealerLog: Bool
    public var logoPath: String

    // MARK: LeakTrace's own

    /// The organisation the data came from, if known (attribution).
    public var sourceOrganisation: String?
    /// Bounds of the snapshot date estimated by the scan (`yyyy-MM-dd`).
    public var snapshotEarliest: String?
    public var snapshotLatest: String?
    /// SHA-256 (hex) of the triage report written at ingest.
    public var reportId: String?
    /// SHA-256 (hex) of the ingested file: the evidence hash, and the resume check.
    public var fileSHA256: String?
    /// Records read by the ingest (all rows, not only those with a lookup identifier).
    public var records: Int
    public var status: Status

    public enum Status: String, Sendable, Codable {
        /// Ingest under way or interrupted: not served.
        case indexing
        /// Indexed and served.
        case ready
        /// Identifiers deleted for good; the record stays (HIBP's IsRetired).
        case retired
    }

    public init(name: String, title: String? = nil, domain: String = "", breachDate: String, addedDate: String, pwnCount: Int = 0, description: String = "", dataClasses: [String] = []) {
        self.id = nil
        self.name = name
        self.title = title ?? name
        self.domain = domain
        self.breachDate = breachDate
        self.addedDate = addedDate
        self.modifiedDate = addedDate
        self.pwnCount = pwnCount
        self.description = description
        self.dataClasses = dataClasses
        self.isVerified = true
        self.isFabricated = false
        self.isSensitive = false
        self.isRetired = false
        self.isSpamList = false
        self.isMalware = false
        self.isSubscriptionFree = false
        self.isStealerLog = false
        self.logoPath = ""
        self.sourceOrganisation = nil
        self.snapshotEarliest = nil
        self.snapshotLatest = nil
        self.reportId = nil
        self.fileSHA256 = nil
        self.records = 0
        self.status = .indexing
    }

    /// Whether a breach name is a stable HIBP-style id: Pascal-case letters and digits, 1-64.
    public static func isValidName(_ name: String) -> Bool {
        guard (1 ... 64).contains(name.utf8.count), let first = name.utf8.first, (0x41 ... 0x5A).contains(first) else { return false }
        return name.utf8.allSatisfy { (0x30 ... 0x39).contains($0) || (0x41 ... 0x5A).contains($0) || (0x61 ... 0x7A).contains($0) }
    }

    /// ISO 8601 instant as HIBP writes it (`2017-10-19T00:00:00Z`).
    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
