import Exposure
import GRDB

/// A row of `ownership_challenge`: hashes of the contact and of the code, never either.
struct ChallengeRow: Codable, Sendable {
    var id: String
    var contactHash: String
    var contactType: LookupTypeName
    var codeHash: String
    var expiresAt: Int64
    var attempts: Int

    enum Columns {
        static let id = Column("id")
        static let expiresAt = Column("expires_at")
        static let attempts = Column("attempts")
    }
}

extension ChallengeRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "ownership_challenge"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

extension ChallengeRow {
    init(_ c: OwnershipChallenge) {
        id = c.id
        contactHash = c.contactHash
        contactType = c.contactType
        codeHash = c.codeHash
        expiresAt = c.expiresAt
        attempts = c.attempts
    }

    var challenge: OwnershipChallenge {
        OwnershipChallenge(id: id, contactHash: contactHash, contactType: contactType, codeHash: codeHash, expiresAt: expiresAt, attempts: attempts)
    }
}
