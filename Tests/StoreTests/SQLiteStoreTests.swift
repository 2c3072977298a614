import Exposure
import Foundation
import GRDB
import Incidents
import LeakTraceCore
import Synchronization
import Testing

@testable import PostgresStore
@testable import SQLiteStore

/// A directory under the system's temporary directory, removed when the body returns.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let dir = NSTemporaryDirectory() + "leaktrace-store-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try await body(dir)
}

@Suite("SQLiteStore")
struct SQLiteStoreTests {
    @Test("contract, in memory", arguments: StoreContract.Check.allCases)
    func contractInMemory(_ check: StoreContract.Check) async throws {
        try await check.run {
            let store = try SQLiteStore.inMemory()
            try await store.migrate()
            return store
        }
    }

    @Test("contract, file", arguments: StoreContract.Check.allCases)
    func contractFile(_ check: StoreContract.Check) async throws {
        try await withTemporaryDirectory { dir in
            try await check.run {
                let store = try SQLiteStore(path: dir + "/index.sqlite")
                try await store.migrate()
                return store
            }
        }
    }

    @Test("incident contract, in memory", arguments: IncidentStoreContract.Check.allCases)
    func incidentContractInMemory(_ check: IncidentStoreContract.Check) async throws {
        try await check.run {
            let store = try SQLiteStore.inMemory()
            try await store.migrate()
            return store
        }
    }

    @Test("incident contract, file", arguments: IncidentStoreContract.Check.allCases)
    func incidentContractFile(_ check: IncidentStoreContract.Check) async throws {
        try await withTemporaryDirectory { dir in
            try await check.run {
                let store = try SQLiteStore(path: dir + "/incidents.sqlite")
                try await store.migrate()
                return store
            }
        }
    }

    @Test("both engines register the same migrations, in the same order")
    func sameMigrationsAsPostgres() {
        #expect(Schema.migrator.migrations == PostgresStore.migrations.map(\.id))
        #expect(Schema.migrator.migrations.suffix(3) == ["0006_create_incident_record", "0007_create_audit_entry", "0008_create_audit_checkpoint"])
    }

    @Test("an audit column changed in the file is read back as changed")
    func auditColumnsAreReadAsStored() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let entry = IncidentStoreContract.entry(1)
        try await store.appendAudit(entry)
        try await store.addAuditCheckpoint(IncidentStoreContract.checkpoint(1))
        // One character of one column each, as someone editing the file would.
        let detail = "status: open → dome (a)"
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE audit_entry SET detail = ?, case_id = NULL WHERE seq = 1", arguments: [detail])
            try db.execute(sql: "UPDATE audit_checkpoint SET head = upper(head) WHERE size = 1")
        }
        var tampered = entry
        tampered.detail = detail
        tampered.caseID = nil
        #expect(try await store.auditEntries(from: 1, limit: nil) == [tampered])
        #expect(try await store.lastAuditEntry() == tampered)
        #expect(try await store.auditCheckpoints().map(\.head) == [String(repeating: "1F", count: 32)])
    }

    @Test("a file keeps its data and page size across openings")
    func reopen() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/index.sqlite"
            let entries = StoreContract.randomEntries(1000)
            let id: Int64
            do {
                let store = try SQLiteStore(path: path)
                try await store.migrate()
                try await store.bindKey(checkValue: "0011223344556677")
                id = try await StoreContract.inserted(store, "Reopened")
                try await store.writeEntries(entries, breachId: id, checkpoint: 1)
            }
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            await StoreContract.expectStoreError(.wrongKey) { try await store.bindKey(checkValue: "7766554433221100") }
            #expect(try await store.checkpoint(breachId: id) == 1)
            #expect(try await store.lookup(entries[500].hash) == [EntryHit(breachId: id, person: entries[500].person, classes: entries[500].classes)])
            #expect(try await store.pragma("page_size") == String(SQLiteStore.defaultPageSize))
            #expect(try await store.pragma("journal_mode") == "wal")
        }
    }

    @Test("lookups from more threads than lookup connections all get their exact hits, and see later writes")
    func concurrentLookups() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore(path: dir + "/index.sqlite")
            try await store.migrate()
            let id = try await StoreContract.inserted(store, "Concurrent")
            let entries = StoreContract.randomEntries(2000)
            try await store.writeEntries(entries, breachId: id, checkpoint: 1)
            // 16 threads against 4 connections: some probes find every connection taken and
            // take GRDB's readers; each must still see exactly its own entry, or nothing.
            let wrong = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 16) { t in
                for k in 0 ..< 500 {
                    let e = entries[(t * 131 + k * 7) % entries.count]
                    let absent = IdentifierHash(high: UInt64(t), low: UInt64(k))
                    let hits = try? store.lookupNow(e.hash)
                    let none = try? store.lookupNow(absent)
                    if hits != [EntryHit(breachId: id, person: e.person, classes: e.classes)] || none != [] {
                        wrong.add(1, ordering: .relaxed)
                    }
                }
            }
            #expect(wrong.load(ordering: .relaxed) == 0)
            // A write after the connections have been used is seen by the next lookup.
            let later = StoreContract.randomEntries(1)[0]
            try await store.writeEntries([later], breachId: id, checkpoint: 2)
            #expect(try store.lookupNow(later.hash) == [EntryHit(breachId: id, person: later.person, classes: later.classes)])
        }
    }

    @Test("a file that is not SQLite is refused as a wrong database")
    func notADatabase() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/index.sqlite"
            try Data(String(repeating: "not a database, only text. ", count: 200).utf8).write(to: URL(fileURLWithPath: path))
            await StoreContract.expectStoreError(.wrongKey) {
                let store = try SQLiteStore(path: path)
                try await store.migrate()
            }
        }
    }

    @Test("errors carry no bound value")
    func errorsCarryNoValue() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let secret = "d3adb33fd3adb33fd3adb33fd3adb33f"
        let key = APIKeyRecord(id: "lt_00000001", keyHash: secret, label: "x", rpm: 1, createdAt: "2024-01-01T00:00:00Z")
        try await store.insertAPIKey(key)
        do {
            try await store.insertAPIKey(key)
            Issue.record("a duplicate key was accepted")
        } catch let e as StoreError {
            #expect(e.code == .conflict)
            #expect(!"\(e)".contains(secret))
            #expect(!"\(e.message)".contains(secret))
            #expect(!(e.cause.map { "\($0)" } ?? "").contains(secret))
        }
    }

    @Test("the file holds keyed hashes, never the identifier")
    func noPlainIdentifierInFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/index.sqlite"
            let key = try IndexKey(hex: IndexKey.generateHex(), source: "test")
            let canonical = "850101145678"
            // The MyKad as a lookup reads it: `key.hash(.mykad, canonical: Sensitive(canonical))`.
            let account = try #require(Account.parse(canonical))
            #expect(account.canonical == Sensitive(canonical))
            #expect(account.masked != canonical)
            let h = key.hash(account.type, canonical: account.canonical)
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            try await store.bindKey(checkValue: key.checkValue)
            let id = try await StoreContract.inserted(store, "LeakCheck")
            var entries = StoreContract.randomEntries(200)
            entries.append(IndexEntry(hash: h, person: h.personId, classes: DataClass.governmentIDs.bit))
            entries.sort { $0.hash < $1.hash }
            try await store.writeEntries(entries, breachId: id, checkpoint: 1)
            #expect(try await store.lookup(key.hash(account.type, canonical: Sensitive(canonical))).map(\.breachId) == [id])
            // Scan the database and its WAL as they are, then after a checkpoint.
            let needle = Data(canonical.utf8)
            func scan() throws -> Int {
                var scanned = 0
                for file in try FileManager.default.contentsOfDirectory(atPath: dir) {
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
                    #expect(bytes.range(of: needle) == nil, "\(file) holds the identifier")
                    scanned += bytes.count
                }
                return scanned
            }
            #expect(try scan() > 0)
            try await store.checkpointWAL()
            #expect(try scan() > 0)
        }
    }

    @Test("upsert statements have the expected shape")
    func upsertSQL() {
        #expect(
            SQLiteStore.upsertSQL(rows: 2)
                == "INSERT INTO index_entry (hash, breach_id, person, classes) VALUES (?2, ?1, ?3, ?4), (?5, ?1, ?6, ?7) ON CONFLICT (hash, breach_id) DO UPDATE SET classes = classes | excluded.classes"
        )
        // Within SQLite's limit of 32766 variables.
        #expect(1 + 3 * (SQLiteStore.upsertChunks.max() ?? 0) < 32766)
        #expect(SQLiteStore.upsertChunks.last == 1)
    }
}
