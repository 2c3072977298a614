import Exposure
import GRDB

// MARK: - Maintenance (SQLite only)

extension SQLiteStore {
    /// Copies the write-ahead log into the database file and truncates it: after a large
    /// ingest, so the file's size is the index's size and readers stop scanning a long WAL.
    public func checkpointWAL() async throws {
        try await run("checkpoint the write-ahead log") {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }

    /// Rewrites the file with full pages. Random inserts leave B-tree pages about 2/3 full; this
    /// packs them, at the cost of a full copy of the file (time, and free disk of its size).
    public func vacuum() async throws {
        try await run("vacuum the database") {
            try await writer.vacuum()
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}

// MARK: - For tests and measurements

extension SQLiteStore {
    /// The value of a read-only pragma (`page_size`, `journal_mode`, ...).
    func pragma(_ name: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "PRAGMA \(name)")
        }
    }

    /// Pages of a table or index (`dbstat`), if this SQLite has it.
    func pageCount(of name: String) async throws -> Int? {
        try? await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dbstat WHERE name = ?", arguments: [name])
        }
    }

    /// `lookup` through a read transaction (`read` rather than `unsafeRead`); returns the hit count.
    func lookupInTransaction(_ hash: IdentifierHash) throws -> Int {
        try writer.read { db in
            try Self.hitCount(db, hash)
        }
    }

    /// `lookup` through GRDB's async read (a hop to a reader queue); returns the hit count.
    func lookupAsyncRead(_ hash: IdentifierHash) async throws -> Int {
        try await writer.read { db in
            try Self.hitCount(db, hash)
        }
    }

    private static func hitCount(_ db: Database, _ hash: IdentifierHash) throws -> Int {
        let statement = try db.cachedStatement(sql: "SELECT breach_id, person, classes FROM index_entry WHERE hash = ?")
        return try Row.fetchAll(statement, arguments: [hash.blob]).count
    }
}
