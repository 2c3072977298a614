import Exposure
import Foundation
import GRDB
import LeakTraceCore

extension SQLiteStore {
    /// Rows per multi-row upsert, largest first: a batch goes out in statements of these sizes,
    /// each prepared once per connection and cached. 3 bound parameters a row (the breach id is
    /// shared), far below SQLite's 32766.
    static let upsertChunks = [512, 32, 1]

    /// `INSERT ... VALUES (?2, ?1, ?3, ?4), (?5, ?1, ?6, ?7), ...` with the OR-merge upsert.
    static func upsertSQL(rows: Int) -> String {
        var sql = "INSERT INTO index_entry (hash, breach_id, person, classes) VALUES "
        sql.reserveCapacity(64 + rows * 24)
        for r in 0..<rows {
            let p = 2 + 3 * r
            sql += r == 0 ? "" : ", "
            sql += "(?\(p), ?1, ?\(p + 1), ?\(p + 2))"
        }
        // Re-writing an entry ORs its classes and keeps its first person.
        sql += " ON CONFLICT (hash, breach_id) DO UPDATE SET classes = classes | excluded.classes"
        return sql
    }

    public func writeEntries(_ entries: [IndexEntry], breachId: Int64, checkpoint: Int) async throws {
        try await run("write index entries") {
            try await writer.write { db in
                // First, so a batch of an unknown breach fails before any row is written.
                try db.execute(sql: "UPDATE breach SET checkpoint = ? WHERE id = ?", arguments: [checkpoint, breachId])
                guard db.changesCount == 1 else {
                    throw StoreError(.notFound, "sqlite: no breach with id \(breachId)")
                }
                try Self.upsert(entries, breachId: breachId, db)
            }
        }
    }

    static func upsert(_ entries: [IndexEntry], breachId: Int64, _ db: Database) throws {
        var start = 0
        var values: [DatabaseValue] = []
        for rows in upsertChunks where entries.count - start >= rows {
            let statement = try db.cachedStatement(sql: upsertSQL(rows: rows))
            values.reserveCapacity(1 + 3 * rows)
            while entries.count - start >= rows {
                values.removeAll(keepingCapacity: true)
                values.append(breachId.databaseValue)
                for e in entries[start..<start + rows] {
                    values.append(e.hash.blob.databaseValue)
                    values.append(e.person.databaseValue)
                    values.append(Int64(bitPattern: e.classes).databaseValue)
                }
                statement.setUncheckedArguments(StatementArguments(values))
                try statement.execute()
                start += rows
            }
        }
    }

    public func checkpoint(breachId: Int64) async throws -> Int {
        try await run("read an ingest checkpoint") {
            try await writer.read { db in
                try Int.fetchOne(db, BreachRow.select(BreachRow.Columns.checkpoint).filter(key: breachId)) ?? 0
            }
        }
    }

    /// Counted from the index: a scan of the table (there is no index on `breach_id`; it would
    /// cost more per identifier than the rest of the entry). Called once per ingest.
    public func counts(breachId: Int64) async throws -> (persons: Int, entries: Int) {
        try await run("count index entries") {
            try await writer.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT COUNT(DISTINCT person), COUNT(*) FROM index_entry WHERE breach_id = ?",
                        arguments: [breachId]
                    )
                else { return (persons: 0, entries: 0) }
                let persons: Int = row[0]
                let entries: Int = row[1]
                return (persons: persons, entries: entries)
            }
        }
    }

    /// Deletes the breach's entries and resets its checkpoint (no batch of it is committed any more).
    public func deleteEntries(breachId: Int64) async throws {
        try await run("delete index entries") {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM index_entry WHERE breach_id = ?", arguments: [breachId])
                try db.execute(sql: "UPDATE breach SET checkpoint = 0 WHERE id = ?", arguments: [breachId])
            }
        }
    }

    /// The lookup service's hot path. A synchronous read: one primary-key probe costs a few
    /// microseconds, less than GRDB's async hop to a reader queue and back would.
    public func lookup(_ hash: IdentifierHash) async throws -> [EntryHit] {
        try lookupNow(hash)
    }

    /// A primary-key probe on connections of its own: synchronous by design.
    public var synchronousLookup: (@Sendable (IdentifierHash) throws -> [EntryHit])? {
        { try self.lookupNow($0) }
    }

    static let lookupSQL = "SELECT breach_id, person, classes FROM index_entry WHERE hash = ?"

    /// `lookup` without suspension; safe from any thread.
    public func lookupNow(_ hash: IdentifierHash) throws -> [EntryHit] {
        try runNow("look up an identifier") {
            if let hits = try lookupConnections?.probe(hash) { return hits }
            // An in-memory store (tests), or every lookup connection in use: GRDB's readers.
            return try writer.unsafeRead { db in
                let statement = try db.cachedStatement(sql: Self.lookupSQL)
                return try Row.fetchAll(statement, arguments: [hash.blob]).map { row in
                    EntryHit(breachId: row[0], person: row[1], classes: UInt64(bitPattern: row[2] as Int64))
                }
            }
        }
    }
}

extension IdentifierHash {
    /// The stored form: `bytes`, 16 bytes big-endian.
    var blob: Data {
        var be = (high.bigEndian, low.bigEndian)
        return withUnsafeBytes(of: &be) { Data($0) }
    }
}
