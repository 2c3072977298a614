import Foundation
import GRDB
import Incidents
import LeakTraceCore

/// The incident store on SQLite: documents in `incident_record`, the audit log in `audit_entry`
/// and `audit_checkpoint` (migrations 0006-0008 in `Schema`). `migrate()` is the one in
/// `SQLiteStore.swift`, shared with `ExposureStore`.
extension SQLiteStore: IncidentStore {}

// MARK: - Documents

extension SQLiteStore {
    /// Inserts or replaces (kind, id); a replaced document keeps its `ord`, so its place in lists.
    /// An append-only kind (custody, drafts) is only ever inserted: replacing one is `.conflict`.
    public func putRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws {
        guard !kind.isAppendOnly else {
            try await insertRecord(kind, id: id, caseID: caseID, body: body)
            return
        }
        try await run("save a \(kind.rawValue) record") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO incident_record (kind, id, case_id, body) VALUES (?, ?, ?, ?)
                        ON CONFLICT (kind, id) DO UPDATE SET case_id = excluded.case_id, body = excluded.body
                        """,
                    arguments: [kind.rawValue, id, caseID, body]
                )
            }
        }
    }

    public func insertRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws {
        let inserted = try await run("insert a \(kind.rawValue) record") {
            try await writer.write { db in
                try db.execute(
                    sql: "INSERT INTO incident_record (kind, id, case_id, body) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO NOTHING",
                    arguments: [kind.rawValue, id, caseID, body]
                )
                return db.changesCount > 0
            }
        }
        guard inserted else {
            throw StoreError(.conflict, "sqlite: cannot insert a \(kind.rawValue) record: one with that id exists")
        }
    }

    public func record(_ kind: IncidentRecordKind, id: String) async throws -> Data? {
        try await run("read a \(kind.rawValue) record") {
            try await writer.read { db in
                try Data.fetchOne(db, sql: "SELECT body FROM incident_record WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            }
        }
    }

    public func records(_ kind: IncidentRecordKind, caseID: String?) async throws -> [Data] {
        try await run("list \(kind.rawValue) records") {
            try await writer.read { db in
                if let caseID {
                    return try Data.fetchAll(
                        db,
                        sql: "SELECT body FROM incident_record WHERE kind = ? AND case_id = ? ORDER BY ord",
                        arguments: [kind.rawValue, caseID]
                    )
                }
                return try Data.fetchAll(db, sql: "SELECT body FROM incident_record WHERE kind = ? ORDER BY ord", arguments: [kind.rawValue])
            }
        }
    }

    public func deleteRecord(_ kind: IncidentRecordKind, id: String) async throws {
        guard !kind.isAppendOnly else {
            throw StoreError(.conflict, "sqlite: cannot delete a \(kind.rawValue) record: the kind is append-only")
        }
        try await run("delete a \(kind.rawValue) record") {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM incident_record WHERE kind = ? AND id = ?", arguments: [kind.rawValue, id])
            }
        }
    }
}

// MARK: - Audit log

extension SQLiteStore {
    public func appendAudit(_ entry: AuditEntry) async throws {
        let appended = try await run("append an audit entry") {
            try await writer.write { db in
                try AuditEntryRow(entry).insert(db, onConflict: .ignore)
                return db.changesCount > 0
            }
        }
        guard appended else {
            throw StoreError(.conflict, "sqlite: cannot append an audit entry: its seq is taken (another writer appended first)")
        }
    }

    public func auditEntries(from: Int, limit: Int?) async throws -> [AuditEntry] {
        try await run("read the audit log") {
            try await writer.read { db in
                var request = AuditEntryRow.filter(AuditEntryRow.Columns.seq >= from).orderedBySeq()
                if let limit { request = request.limit(max(0, limit)) }
                return try request.fetchAll(db).map(\.entry)
            }
        }
    }

    public func lastAuditEntry() async throws -> AuditEntry? {
        try await run("read the audit log") {
            try await writer.read { db in
                try AuditEntryRow.order(AuditEntryRow.Columns.seq.desc).fetchOne(db)?.entry
            }
        }
    }

    public func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws {
        let added = try await run("add an audit checkpoint") {
            try await writer.write { db in
                try AuditCheckpointRow(checkpoint).insert(db, onConflict: .ignore)
                return db.changesCount > 0
            }
        }
        guard added else {
            throw StoreError(.conflict, "sqlite: cannot add an audit checkpoint: one of that size exists")
        }
    }

    public func auditCheckpoints() async throws -> [AuditCheckpoint] {
        try await run("list audit checkpoints") {
            try await writer.read { db in
                try AuditCheckpointRow.order(AuditCheckpointRow.Columns.size).fetchAll(db).map(\.checkpoint)
            }
        }
    }
}

extension IncidentRecordKind {
    /// Kinds whose records are only ever inserted: custody transfers and notification drafts.
    var isAppendOnly: Bool {
        self == .custody || self == .draft
    }
}
