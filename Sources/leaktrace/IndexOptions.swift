import ArgumentParser
import Exposure
import Foundation
import LeakTraceCore
import SQLiteStore

/// Where the breach index lives and the key it is hashed with: options every index command shares.
struct IndexOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The index database: a SQLite file (default leaktrace.sqlite) or a postgres:// URL.", valueName: "path|url"))
    var database: String = "leaktrace.sqlite"

    @Option(help: ArgumentHelp("The index key file (default: LEAKTRACE_INDEX_KEY, LEAKTRACE_INDEX_KEY_FILE, then ~/.config/leaktrace/index.key).", valueName: "file"))
    var keyFile: String?

    func loadKey() throws -> IndexKey {
        do {
            return try IndexKey.load(keyFile: keyFile)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Opens the store, migrates it, binds the key, runs `body`, and closes the store.
    func withStore<R>(_ body: (any ExposureStore, IndexKey) async throws -> R) async throws -> R {
        let key = try loadKey()
        let store: any ExposureStore
        do {
            store = try SQLiteStore(path: database)
            try await store.migrate()
            try await store.bindKey(checkValue: key.checkValue)
        } catch let e as StoreError {
            throw CLIError("\(database): \(e.message)")
        }
        return try await body(store, key)
    }
}
