import Foundation
import Incidents
import LeakTraceCore
import PostgresNIO

/// The incident store on PostgreSQL: documents in `incident_record`, the audit log in
/// `audit_entry` and `audit_checkpoint` (migrations 0006-0008, the tables `SQLiteStore` has).
/// `migrate()` is the one in `PostgresStore+Migrations.swift`, shared with `ExposureStore`.
extension PostgresStore: IncidentStore {}

// MARK: - Documents

extension PostgresStore {
    /// Inserts or replaces (kind, id); a replaced document keeps its `ord`, so its place in lists.
    /// An append-only kind (custody, drafts) is only ever inserted: replacing one is `.conflict`.
    public func putRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws {
        guard !kind.isAppendOnly else {
            try await insertRecord(kind, id: id, caseID: caseID, body: body)
            return
        }
        try await translating("save a \(kind.rawValue) record") {
            try await client.query(
                """
                INSERT INTO incident_record (kind, id, case_id, body) VALUES (\(kind.rawValue), \(id), \(caseID), \(body))
                ON CONFLICT (kind, id) DO UPDATE SET case_id = excluded.case_id, body = excluded.body
                """,
                logger: logger
            ).drain()
        }
    }

    public func insertRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws {
        let inserted = try await translating("insert a \(kind.rawValue) record") {
            try await rows(
                """
                INSERT INTO incident_record (kind, id, case_id, body) VALUES (\(kind.rawValue), \(id), \(caseID), \(body))
                ON CONFLICT (kind, id) DO NOTHING RETURNING ord
                """
            )
        }
        guard !inserted.isEmpty else {
            throw StoreError(.conflict, "cannot insert a \(kind.rawValue) record: one with that id exists")
        }
    }

    public func record(_ kind: IncidentRecordKind, id: String) async throws -> Data? {
        try await translating("read a \(kind.rawValue) record") {
            try await rows("SELECT body FROM incident_record WHERE kind = \(kind.rawValue) AND id = \(id)").first.map { try $0.decode(Data.self) }
        }
    }

    public func records(_ kind: IncidentRecordKind, caseID: String?) async throws -> [Data] {
        try await translating("list \(kind.rawValue) records") {
            let found: [PostgresRow]
            if let caseID {
                found = try await rows("SELECT body FROM incident_record WHERE kind = \(kind.rawValue) AND case_id = \(caseID) ORDER BY ord")
            } else {
                found = try await rows("SELECT body FROM incident_record WHERE kind = \(kind.rawValue) ORDER BY ord")
            }
            return try found.map { try $0.decode(Data.self) }
        }
    }

    public func deleteRecord(_ kind: IncidentRecordKind, id: String) async throws {
        guard !kind.isAppendOnly else {
            throw StoreError(.conflict, "cannot delete a \(kind.rawValue) record: the kind is append-only")
        }
        try await translating("delete a \(kind.rawValue) record") {
            try await client.query("DELETE FROM incident_record WHERE kind = \(kind.rawValue) AND id = \(id)", logger: logger).drain()
        }
    }
}

// MARK: - Audit log

extension PostgresStore {
    static let auditEntryColumns = "seq, time, actor, organisation_id, case_id, action, target, detail, prev, hash"

    public func appendAudit(_ entry: AuditEntry) async throws {
        let e = entry
        let appended = try await translating("append an audit entry") {
            try await rows(
                """
                INSERT INTO audit_entry (\(unescaped: Self.auditEntryColumns))
                VALUES (\(e.seq), \(e.time), \(e.actor), \(e.organisationID), \(e.caseID), \(e.action), \(e.target), \(e.detail),
                    \(e.prev), \(e.hash))
                ON CONFLICT (seq) DO NOTHING RETURNING seq
                """
            )
        }
        guard !appended.isEmpty else {
            throw StoreError(.conflict, "cannot append an audit entry: its seq is taken (another writer appended first)")
        }
    }

    public func auditEntries(from: Int, limit: Int?) async throws -> [AuditEntry] {
        // LIMIT NULL is LIMIT ALL.
        let limit = limit.map { max(0, $0) }
        return try await translating("read the audit log") {
            try await rows(
                "SELECT \(unescaped: Self.auditEntryColumns) FROM audit_entry WHERE seq >= \(from) ORDER BY seq LIMIT \(limit)"
            ).map(Self.auditEntry(from:))
        }
    }

    public func lastAuditEntry() async throws -> AuditEntry? {
        try await translating("read the audit log") {
            try await rows("SELECT \(unescaped: Self.auditEntryColumns) FROM audit_entry ORDER BY seq DESC LIMIT 1").first.map(Self.auditEntry(from:))
        }
    }

    public func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws {
        let c = checkpoint
        let added = try await translating("add an audit checkpoint") {
            try await rows(
                """
                INSERT INTO audit_checkpoint (size, head, time, key_id, public_key, signature)
                VALUES (\(c.size), \(c.head), \(c.time), \(c.keyID), \(c.publicKey), \(c.signature))
                ON CONFLICT (size) DO NOTHING RETURNING size
                """
            )
        }
        guard !added.isEmpty else {
            throw StoreError(.conflict, "cannot add an audit checkpoint: one of that size exists")
        }
    }

    public func auditCheckpoints() async throws -> [AuditCheckpoint] {
        try await translating("list audit checkpoints") {
            try await rows("SELECT size, head, time, key_id, public_key, signature FROM audit_checkpoint ORDER BY size").map { row in
                let (size, head, time, keyID, publicKey, signature) = try row.decode((Int, String, String, String, String, String).self)
                return AuditCheckpoint(size: size, head: head, time: time, keyID: keyID, publicKey: publicKey, signature: signature)
            }
        }
    }

    static func auditEntry(from row: PostgresRow) throws -> AuditEntry {
        let (seq, time, actor, organisationID, caseID, action, target, detail, prev, hash) = try row.decode(
            (Int, String, String, String, String?, String, String, String, String, String).self
        )
        return AuditEntry(
            seq: seq,
            time: time,
            actor: actor,
            organisationID: organisationID,
            caseID: caseID,
            action: action,
            target: target,
            detail: detail,
            prev: prev,
            hash: hash
        )
    }
}

extension IncidentRecordKind {
    /// Kinds whose records are only ever inserted: custody transfers and notification drafts.
    var isAppendOnly: Bool {
        self == .custody || self == .draft
    }
}
