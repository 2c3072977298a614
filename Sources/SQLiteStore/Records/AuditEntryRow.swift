import GRDB
import Incidents

/// A row of `audit_entry`: one column per `AuditEntry` field, stored as given (the hash covers
/// these exact strings).
///
/// Properties spell `Id` where the model spells `ID`: the snake_case strategies map
/// `organisation_id` back to `organisationId`, never to `organisationID`.
struct AuditEntryRow: Codable, Sendable {
    var seq: Int
    var time: String
    var actor: String
    var organisationId: String
    var caseId: String?
    var action: String
    var target: String
    var detail: String
    var prev: String
    var hash: String

    enum Columns {
        static let seq = Column("seq")
    }
}

extension AuditEntryRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_entry"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

extension DerivableRequest<AuditEntryRow> {
    /// The log in order: by `seq`.
    func orderedBySeq() -> Self {
        order(AuditEntryRow.Columns.seq)
    }
}

extension AuditEntryRow {
    init(_ e: AuditEntry) {
        seq = e.seq
        time = e.time
        actor = e.actor
        organisationId = e.organisationID
        caseId = e.caseID
        action = e.action
        target = e.target
        detail = e.detail
        prev = e.prev
        hash = e.hash
    }

    var entry: AuditEntry {
        AuditEntry(
            seq: seq,
            time: time,
            actor: actor,
            organisationID: organisationId,
            caseID: caseId,
            action: action,
            target: target,
            detail: detail,
            prev: prev,
            hash: hash
        )
    }
}
