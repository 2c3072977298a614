import Exposure
import GRDB

/// A row of `breach`. `checkpoint` is not here: only `writeEntries` and `deleteEntries` set it,
/// so updating a breach's metadata never moves it.
struct BreachRow: Codable, Sendable {
    var id: Int64?
    var name: String
    var title: String
    var domain: String
    var breachDate: String
    var addedDate: String
    var modifiedDate: String
    var pwnCount: Int
    var description: String
    /// JSON text (GRDB stores nested containers as JSON).
    var dataClasses: [String]
    var isVerified: Bool
    var isFabricated: Bool
    var isSensitive: Bool
    var isRetired: Bool
    var isSpamList: Bool
    var isMalware: Bool
    var isSubscriptionFree: Bool
    var isStealerLog: Bool
    var logoPath: String
    var sourceOrganisation: String?
    var snapshotEarliest: String?
    var snapshotLatest: String?
    var reportId: String?
    /// `file_sha256` (spelled so that the snake_case strategies round-trip it).
    var fileSha256: String?
    var records: Int
    var status: Breach.Status

    enum Columns {
        static let id = Column("id")
        static let name = Column("name")
        static let title = Column("title")
        static let checkpoint = Column("checkpoint")
    }
}

extension BreachRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "breach"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension DerivableRequest<BreachRow> {
    /// Breaches as the protocol lists them: by title, then name.
    func orderedByTitle() -> Self {
        order(BreachRow.Columns.title, BreachRow.Columns.name)
    }
}

extension BreachRow {
    init(_ b: Breach) {
        id = b.id
        name = b.name
        title = b.title
        domain = b.domain
        breachDate = b.breachDate
        addedDate = b.addedDate
        modifiedDate = b.modifiedDate
        pwnCount = b.pwnCount
        description = b.description
        dataClasses = b.dataClasses
        isVerified = b.isVerified
        isFabricated = b.isFabricated
        isSensitive = b.isSensitive
        isRetired = b.isRetired
        isSpamList = b.isSpamList
        isMalware = b.isMalware
        isSubscriptionFree = b.isSubscriptionFree
        isStealerLog = b.isStealerLog
        logoPath = b.logoPath
        sourceOrganisation = b.sourceOrganisation
        snapshotEarliest = b.snapshotEarliest
        snapshotLatest = b.snapshotLatest
        reportId = b.reportId
        fileSha256 = b.fileSHA256
        records = b.records
        status = b.status
    }

    var breach: Breach {
        var b = Breach(
            name: name,
            title: title,
            domain: domain,
            breachDate: breachDate,
            addedDate: addedDate,
            pwnCount: pwnCount,
            description: description,
            dataClasses: dataClasses
        )
        b.id = id
        b.modifiedDate = modifiedDate
        b.isVerified = isVerified
        b.isFabricated = isFabricated
        b.isSensitive = isSensitive
        b.isRetired = isRetired
        b.isSpamList = isSpamList
        b.isMalware = isMalware
        b.isSubscriptionFree = isSubscriptionFree
        b.isStealerLog = isStealerLog
        b.logoPath = logoPath
        b.sourceOrganisation = sourceOrganisation
        b.snapshotEarliest = snapshotEarliest
        b.snapshotLatest = snapshotLatest
        b.reportId = reportId
        b.fileSHA256 = fileSha256
        b.records = records
        b.status = status
        return b
    }
}
