import Foundation
import LeakTraceCore

/// The kinds of record an incident store keeps. Each is a JSON document addressed by (kind, id),
/// optionally filed under a case, listed in insertion order.
public enum IncidentRecordKind: String, Sendable, CaseIterable {
    case organisation
    case person
    case credential
    case incidentCase = "case"
    case share
    case task
    case event
    case observable
    case evidence
    /// Append-only: written with `insertRecord`, never replaced.
    case custody
    /// Notification drafts; every version is its own record (append-only).
    case draft
    /// Web sessions, keyed by the SHA-256 of the session token.
    case session
    /// Small settings: the audit public key, case number counters.
    case setting
}

/// What the incident service needs from a database: JSON documents by kind and id, and the audit
/// log with its checkpoints. Implemented by `SQLiteStore` (GRDB, the embedded default) and
/// `PostgresStore` (PostgresNIO); one contract suite (Tests/StoreTests) runs on both.
///
/// Documents are small (a case, a task, an evidence record); the evidence files themselves live
/// in an `EvidenceVault` on disk. Errors are `StoreError` with driver errors translated; messages
/// never hold a stored value.
public protocol IncidentStore: Sendable {
    /// Creates or upgrades the schema (shared with the other protocols the adapter implements).
    func migrate() async throws

    /// Inserts or replaces the document (kind, id). Keeps its original insertion position.
    func putRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws

    /// Inserts a new document; `StoreError.Code.conflict` if (kind, id) exists.
    func insertRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws

    /// The document (kind, id), or nil.
    func record(_ kind: IncidentRecordKind, id: String) async throws -> Data?

    /// Every document of `kind` (filed under `caseID` when given), in insertion order.
    func records(_ kind: IncidentRecordKind, caseID: String?) async throws -> [Data]

    /// Deletes (kind, id) if present. Refused (`.conflict`) for the append-only kinds.
    func deleteRecord(_ kind: IncidentRecordKind, id: String) async throws

    /// Appends an audit entry; `.conflict` if its `seq` exists (another writer appended first).
    func appendAudit(_ entry: AuditEntry) async throws

    /// Audit entries with `seq >= from`, in order, at most `limit` (all when nil).
    func auditEntries(from: Int, limit: Int?) async throws -> [AuditEntry]

    /// The entry with the highest `seq`, or nil for an empty log.
    func lastAuditEntry() async throws -> AuditEntry?

    /// Stores a signed checkpoint (`.conflict` if one of that size exists).
    func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws

    /// Every checkpoint, by size.
    func auditCheckpoints() async throws -> [AuditCheckpoint]
}

extension IncidentStore {
    /// Dates are stored as `Date`'s own number (seconds since 2001, Foundation's default
    /// strategy), which round-trips exactly; seconds since 1970 would not (the conversion rounds
    /// in the last place about two times in three).
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .deferredToDate
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .deferredToDate
        return d
    }

    /// Saves a typed document (upsert).
    public func put<T: Encodable>(_ kind: IncidentRecordKind, id: String, caseID: String?, _ value: T) async throws {
        try await putRecord(kind, id: id, caseID: caseID, body: Self.encoder.encode(value))
    }

    /// Inserts a typed document; `.conflict` if it exists.
    public func insert<T: Encodable>(_ kind: IncidentRecordKind, id: String, caseID: String?, _ value: T) async throws {
        try await insertRecord(kind, id: id, caseID: caseID, body: Self.encoder.encode(value))
    }

    /// Loads a typed document.
    public func get<T: Decodable>(_ kind: IncidentRecordKind, id: String, as type: T.Type) async throws -> T? {
        guard let data = try await record(kind, id: id) else { return nil }
        return try Self.decode(type, data, kind: kind)
    }

    /// Loads every typed document of a kind (under a case).
    public func list<T: Decodable>(_ kind: IncidentRecordKind, caseID: String?, as type: T.Type) async throws -> [T] {
        try await records(kind, caseID: caseID).map { try Self.decode(type, $0, kind: kind) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, kind: IncidentRecordKind) throws -> T {
        do { return try decoder.decode(type, from: data) } catch {
            throw StoreError(.unavailable, "a stored \(kind.rawValue) record does not decode (\(type)); the database was written by another version or edited")
        }
    }
}
