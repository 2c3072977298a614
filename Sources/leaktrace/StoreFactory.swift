import ArgumentParser
import Exposure
import Foundation
import LeakTraceCore
import Logging
import PostgresStore
import SQLiteStore

/// `--database` and `--key-file`, shared by every command that opens the breach index.
struct StoreOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp(
        "The breach index: a SQLite file (default leaktrace.sqlite in the current directory) or a postgres:// / postgresql:// URL (env DB_URL).",
        valueName: "path|url"
    ))
    var database: String?

    @Option(help: ArgumentHelp(
        "The index key file (64 hex digits, made by `leaktrace key init`); default: LEAKTRACE_INDEX_KEY, LEAKTRACE_INDEX_KEY_FILE, then ~/.config/leaktrace/index.key.",
        valueName: "file"
    ))
    var keyFile: String?
}

/// Opens the store a command names and binds the index key to it: the one place that knows the
/// adapters (STYLE §3: the CLI is the composition root).
enum StoreFactory {
    static let defaultDatabase = "leaktrace.sqlite"

    /// Whether `database` names a PostgreSQL database rather than a SQLite file.
    static func isPostgres(_ database: String) -> Bool {
        let d = database.lowercased()
        return d.hasPrefix("postgres://") || d.hasPrefix("postgresql://")
    }

    /// Opens the store (migrated, bound to the key's check value), runs `body`, and closes it.
    /// A PostgreSQL store's client runs for the duration of `body`.
    ///
    /// - Parameters:
    ///   - database: A SQLite path or a PostgreSQL URL; nil for `leaktrace.sqlite`.
    ///   - key: The index key; its check value must match the one the database was made with.
    /// - Throws: `StoreError` (`wrongKey` for a database indexed under another key), `LeakTraceError`.
    static func withStore<R: Sendable>(
        database: String?, key: IndexKey, logger: Logger,
        _ body: (any ExposureStore) async throws -> R
    ) async throws -> R {
        let database = database ?? defaultDatabase
        if isPostgres(database) {
            return try await PostgresStore.withStore(url: database, migrate: true, logger: logger) { store in
                try await store.bindKey(checkValue: key.checkValue)
                return try await body(store)
            }
        }
        let store = try SQLiteStore(path: database)
        try await store.migrate()
        try await store.bindKey(checkValue: key.checkValue)
        return try await body(store)
    }

    /// `withStore` with the options of a command: loads the key from `--key-file` (or its defaults).
    static func withStore<R: Sendable>(_ options: StoreOptions, logger: Logger, _ body: (any ExposureStore, IndexKey) async throws -> R) async throws -> R {
        let key = try IndexKey.load(keyFile: options.keyFile)
        return try await withStore(database: options.database, key: key, logger: logger) { try await body($0, key) }
    }

    /// A quiet logger for one-shot commands (warnings and errors on stderr).
    static func commandLogger() -> Logger {
        var logger = Logger(label: "leaktrace") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }
}
