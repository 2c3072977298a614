import GRDB
import Incidents

/// A row of `audit_checkpoint`: a signed size and head of the audit log.
struct AuditCheckpointRow: Codable, Sendable {
    var size: Int
    var head: String
    var time: String
    var keyId: String
    var publicKey: String
    var signature: String

    enum Columns {
        static let size = Column("size")
    }
}

extension AuditCheckpointRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_checkpoint"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

extension AuditCheckpointRow {
    init(_ c: AuditCheckpoint) {
        size = c.size
        head = c.head
        time = c.time
        keyId = c.keyID
        publicKey = c.publicKey
        signature = c.signature
    }

    var checkpoint: AuditCheckpoint {
        AuditCheckpoint(size: size, head: head, time: time, keyID: keyId, publicKey: publicKey, signature: signature)
    }
}
