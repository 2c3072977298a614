import Exposure
import GRDB

/// A row of `api_key`: the key's keyed hash, never the key.
struct APIKeyRow: Codable, Sendable {
    var id: String
    var keyHash: String
    var label: String
    var rpm: Int
    var createdAt: String
    var revokedAt: String?

    enum Columns {
        static let id = Column("id")
        static let keyHash = Column("key_hash")
        static let createdAt = Column("created_at")
        static let revokedAt = Column("revoked_at")
    }
}

extension APIKeyRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "api_key"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

extension DerivableRequest<APIKeyRow> {
    /// Keys as listed: oldest first.
    func orderedByCreation() -> Self {
        order(APIKeyRow.Columns.createdAt, APIKeyRow.Columns.id)
    }
}

extension APIKeyRow {
    init(_ k: APIKeyRecord) {
        id = k.id
        keyHash = k.keyHash
        label = k.label
        rpm = k.rpm
        createdAt = k.createdAt
        revokedAt = k.revokedAt
    }

    var record: APIKeyRecord {
        APIKeyRecord(id: id, keyHash: keyHash, label: label, rpm: rpm, createdAt: createdAt, revokedAt: revokedAt)
    }
}
