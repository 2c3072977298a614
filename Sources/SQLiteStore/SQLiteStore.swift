import Exposure
import Foundation
import GRDB
import GRDBSQLite
import LeakTraceCore
import Synchronization

/// GRDB adapter of `ExposureStore`: the embedded default store, one SQLite file.
///
/// Wraps `any DatabaseWriter`: a `DatabasePool` (WAL, concurrent readers) for a file, an
/// in-memory `DatabaseQueue` for tests. The schema is in `Schema`. Driver errors come out as
/// `StoreError` (`SQLiteStore+Errors.swift`); bound values never appear in them
/// (`publicStatementArguments = false`).
public struct SQLiteStore: ExposureStore {
    let writer: any DatabaseWriter
    /// Read-only connections used only by the synchronous lookup (nil in memory). The lookup
    /// blocks its thread for a few microseconds; if it shared the pool's readers with async
    /// reads, lookups blocking every cooperative thread would wait for readers held by async
    /// reads that need one of those threads to finish: a deadlock seen under wrk load
    /// (2026-11-23). Connections that only synchronous code holds are always given back.
    let lookupConnections: LookupConnections?

    /// Page size of a new database file. On 10M random entries (Tests/StoreTests/IndexSizeReport.swift)
    /// 4096 and 8192 give the same size, 37.5 and 37.1 bytes per identifier (34 after a VACUUM);
    /// but a batch of random hashes dirties about one leaf page per entry, so smaller pages write
    /// less per batch (84 GB instead of 134 GB of WAL and checkpoint writes for 10M) and ingest faster.
    static let defaultPageSize = 4096

    /// Opens (or creates) the database file at `path`: a `DatabasePool` in WAL mode with
    /// `synchronous = NORMAL`, a 128 MiB page cache for the writer (32 MiB per reader, plus
    /// memory-mapped reads), a 256 MiB auto-checkpoint, and a 5 s busy timeout.
    /// Call `migrate()` before use.
    ///
    /// - Throws: `StoreError` (`.unavailable` if the file cannot be opened, `.wrongKey` if it is
    ///   not an SQLite database).
    public init(path: String) throws {
        try self.init(path: path, pageSize: Self.defaultPageSize)
    }

    /// - Parameter pageSize: applied only when the file is new (SQLite cannot change it in WAL mode).
    init(path: String, pageSize: Int) throws {
        var config = Self.configuration()
        config.prepareDatabase { db in
            // No-op on an existing file; on a new one it must come before the first table,
            // and before GRDB switches the file to WAL.
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            // Negative: KiB. Readers get less: they share the OS page cache through mmap.
            let cacheKiB = db.configuration.readonly ? 32 * 1024 : 128 * 1024
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            // Reads straight from the OS page cache; SQLite clamps it to its compile-time maximum.
            try db.execute(sql: "PRAGMA mmap_size = \(1 << 34)")
            if !db.configuration.readonly {
                // Checkpoint every 64Ki pages (256 MiB at 4 KiB) rather than SQLite's 1000: a batch
                // of random hashes rewrites thousands of pages, and a longer WAL copies each page
                // back once for several batches. 10M entries ingest 1.8x faster (38.5k rows/s
                // instead of 21.8k). The file is cut back to 64 MiB when the WAL restarts.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 65536")
                try db.execute(sql: "PRAGMA journal_size_limit = \(64 << 20)")
            }
        }
        do {
            writer = try DatabasePool(path: path, configuration: config)
            var readOnly = config
            readOnly.readonly = true
            lookupConnections = try LookupConnections(path: path, configuration: readOnly, count: 4)
        } catch {
            throw Self.translate(error, "open the database")
        }
    }

    init(writer: any DatabaseWriter) {
        self.writer = writer
        self.lookupConnections = nil
    }

    /// A fresh, empty in-memory database (a `DatabaseQueue`), for tests. Call `migrate()` before use.
    public static func inMemory() throws -> SQLiteStore {
        do {
            return SQLiteStore(writer: try DatabaseQueue(configuration: configuration()))
        } catch {
            throw translate(error, "open an in-memory database")
        }
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.label = "LeakTrace.SQLiteStore"
        // Bound values (hashes, breach metadata) stay out of errors and traces (STYLE §4.7).
        config.publicStatementArguments = false
        config.busyMode = .timeout(5)
        config.foreignKeysEnabled = true
        return config
    }

    // MARK: - Schema and key

    public func migrate() async throws {
        try await run("migrate") {
            // `asyncMigrate`: the sync `migrate` would block a thread of the cooperative pool.
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                Schema.migrator.asyncMigrate(writer) { result in
                    continuation.resume(with: result.map { _ in () })
                }
            }
        }
    }

    public func bindKey(checkValue: String) async throws {
        try await run("bind the index key") {
            try await writer.write { db in
                let stored = try String.fetchOne(
                    db,
                    sql: "SELECT value FROM setting WHERE name = ?",
                    arguments: [Schema.keyCheckSetting]
                )
                if let stored {
                    guard stored == checkValue else {
                        throw StoreError(.wrongKey, "this database was indexed with another key (its key check value differs)")
                    }
                } else {
                    try db.execute(
                        sql: "INSERT INTO setting (name, value) VALUES (?, ?)",
                        arguments: [Schema.keyCheckSetting, checkValue]
                    )
                }
            }
        }
    }
}

/// A few read-only connections for the synchronous lookup. GRDB opens them (configuration,
/// pragmas, busy timeout) and closes them; the probe itself runs on SQLite's own calls, on the
/// connection's handle and a statement prepared once per connection, without GRDB's queue.
///
/// A caller claims a connection with its bit in `busy` (one atomic operation) and is then its
/// only user, as SQLite's multi-thread mode, which GRDB opens connections in, requires; two
/// event loop threads take two different connections instead of queueing on one. When all are
/// in use (more threads than connections), the probe runs on GRDB's pool of readers instead.
final class LookupConnections: @unchecked Sendable {
    // @unchecked: `handles[i]` and `statements[i]` are touched only by the holder of bit i of
    // `busy` (and by deinit, when no lookup can be running).
    private let queues: [DatabaseQueue]
    private let handles: [SQLiteConnection]
    private let statements: UnsafeMutablePointer<SQLiteStatement?>
    /// Bit i set: connection i is in use by a lookup.
    private let busy = Atomic<UInt64>(0)

    init(path: String, configuration: Configuration, count: Int) throws {
        precondition(count > 0 && count <= 64)
        queues = try (0 ..< count).map { _ in try DatabaseQueue(path: path, configuration: configuration) }
        handles = try queues.map { q in
            try q.inDatabase { db in
                guard let h = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "closed connection") }
                return h
            }
        }
        statements = .allocate(capacity: count)
        statements.initialize(repeating: nil, count: count)
    }

    deinit {
        for i in handles.indices { sqlite3_finalize(statements[i]) }
        statements.deinitialize(count: handles.count)
        statements.deallocate()
    }

    /// The hits of `hash`, or nil when every connection is in use.
    func probe(_ hash: IdentifierHash) throws -> [EntryHit]? {
        for i in handles.indices {
            let bit = UInt64(1) << UInt64(i)
            let before = busy.bitwiseOr(bit, ordering: .acquiring).oldValue
            guard before & bit == 0 else { continue }
            defer { busy.bitwiseAnd(~bit, ordering: .releasing) }
            if statements[i] == nil {
                var s: SQLiteStatement?
                let rc = sqlite3_prepare_v3(handles[i], SQLiteStore.lookupSQL, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil)
                guard rc == SQLITE_OK, let s else { throw LookupConnections.error(rc, handles[i]) }
                statements[i] = s
            }
            return try LookupConnections.probe(hash, statement: statements[i]!, connection: handles[i])
        }
        return nil
    }

    /// One probe of the primary key on a prepared `SELECT breach_id, person, classes ... WHERE
    /// hash = ?`. A single SELECT is isolated by itself: no BEGIN/COMMIT around it.
    static func probe(_ hash: IdentifierHash, statement s: SQLiteStatement, connection: SQLiteConnection) throws -> [EntryHit] {
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        var be = (hash.high.bigEndian, hash.low.bigEndian)
        return try withUnsafeBytes(of: &be) { bytes in
            // SQLITE_STATIC (nil): the bytes outlive the statement's use of them (reset in defer).
            var rc = sqlite3_bind_blob(s, 1, bytes.baseAddress, Int32(bytes.count), nil)
            guard rc == SQLITE_OK else { throw error(rc, connection) }
            var hits: [EntryHit] = []
            while true {
                rc = sqlite3_step(s)
                guard rc == SQLITE_ROW else { break }
                hits.append(EntryHit(
                    breachId: sqlite3_column_int64(s, 0),
                    person: sqlite3_column_int64(s, 1),
                    classes: UInt64(bitPattern: sqlite3_column_int64(s, 2))
                ))
            }
            guard rc == SQLITE_DONE else { throw error(rc, connection) }
            return hits
        }
    }

    /// GRDB's error for a result code, so `SQLiteStore.translate` words it like any other.
    static func error(_ rc: CInt, _ connection: SQLiteConnection) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)), sql: SQLiteStore.lookupSQL)
    }
}
