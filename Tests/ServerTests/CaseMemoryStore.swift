import Foundation
import Incidents
import LeakTraceCore
import Synchronization

/// Temporary: an in-memory IncidentStore until SQLiteStore conforms (branch `stores`).
final class CaseMemoryStore: IncidentStore {
    struct Row { var kind: IncidentRecordKind; var id: String; var caseID: String?; var body: Data }
    let rows = Mutex<[Row]>([])
    let audit = Mutex<[AuditEntry]>([])
    let checkpoints = Mutex<[AuditCheckpoint]>([])

    func migrate() async throws {}
    func putRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws {
        rows.withLock { r in
            if let i = r.firstIndex(where: { $0.kind == kind && $0.id == id }) { r[i].body = body; r[i].caseID = caseID } else { r.append(Row(kind: kind, id: id, caseID: caseID, body: body)) }
        }
    }
    func insertRecord(_ kind: IncidentRecordKind, id: String, caseID: String?, body: Data) async throws {
        try rows.withLock { r in
            if r.contains(where: { $0.kind == kind && $0.id == id }) { throw StoreError(.conflict, "exists") }
            r.append(Row(kind: kind, id: id, caseID: caseID, body: body))
        }
    }
    func record(_ kind: IncidentRecordKind, id: String) async throws -> Data? {
        rows.withLock { $0.first { $0.kind == kind && $0.id == id }?.body }
    }
    func records(_ kind: IncidentRecordKind, caseID: String?) async throws -> [Data] {
        rows.withLock { $0.filter { $0.kind == kind && (caseID == nil || $0.caseID == caseID) }.map(\.body) }
    }
    func deleteRecord(_ kind: IncidentRecordKind, id: String) async throws {
        rows.withLock { $0.removeAll { $0.kind == kind && $0.id == id } }
    }
    func appendAudit(_ entry: AuditEntry) async throws {
        try audit.withLock { a in
            if a.contains(where: { $0.seq == entry.seq }) { throw StoreError(.conflict, "seq") }
            a.append(entry)
        }
    }
    func auditEntries(from: Int, limit: Int?) async throws -> [AuditEntry] {
        let all = audit.withLock { $0.filter { $0.seq >= from } }
        return limit.map { Array(all.prefix($0)) } ?? all
    }
    func lastAuditEntry() async throws -> AuditEntry? { audit.withLock { $0.last } }
    func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws { checkpoints.withLock { $0.append(checkpoint) } }
    func auditCheckpoints() async throws -> [AuditCheckpoint] { checkpoints.withLock { $0 } }
}
