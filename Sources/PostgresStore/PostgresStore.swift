import Exposure
import Foundation
import LeakTraceCore
import Logging
import PostgresNIO

/// PostgresNIO adapter of `ExposureStore`: the breach index in a PostgreSQL database, for a
/// multi-user server. The schema and its migration ids are those of `SQLiteStore`.
///
/// It owns a `PostgresClient`, a connection pool that is a swift-service-lifecycle `Service`: it
/// serves queries only while `run()` (or `client.run()`) is running. A server adds `client` to its
/// `ServiceGroup` (`app.addServices(store.client)`); a one-shot command uses
/// `PostgresStore.withStore(url:logger:_:)`, which runs it around a closure.
///
/// SQL is built only with `PostgresQuery` interpolation, which binds values; the one identifier
/// spliced into SQL, an optional schema name, is checked against `[a-z_][a-z0-9_]*` first. Driver
/// errors are translated to `StoreError` codes whose messages and causes hold no value and no
/// server message text (STYLE §4.6, §4.9).
public final class PostgresStore: ExposureStore {
    /// The connection pool; a `Service` to run for as long as the store is used.
    public let client: PostgresClient
    /// The schema the tables live in (`search_path`), or nil for the server's default (`public`).
    public let schema: String?
    let endpoint: PostgresEndpoint
    let logger: Logger

    /// Opens a store on a PostgreSQL URL. Connects lazily: nothing is sent until `run()` runs and
    /// a method is called.
    ///
    /// - Parameters:
    ///   - url: `postgres://user:password@host:port/database` (or `postgresql://`). Query items:
    ///     `sslmode=disable|prefer|require` (default `prefer`; `verify-ca` and `verify-full` are
    ///     `require`, which verifies the certificate) and `host=/dir` for a Unix socket
    ///     (`/dir/.s.PGSQL.PORT`), as libpq reads them.
    ///   - schema: A schema to keep the tables in (created by `migrate()`); nil for `public`.
    ///   - logger: Lifecycle and per-statement logging. Trace output of the driver (which dumps
    ///     wire messages) is never enabled, whatever the level.
    /// - Throws: `LeakTraceError.invalidArgument` for a URL or schema name that cannot be used;
    ///   the message never repeats the URL (it may hold a password).
    public init(url: String, schema: String? = nil, logger: Logger) throws {
        var endpoint = try PostgresEndpoint(url: url)
        if let schema {
            guard PostgresStore.isPlainIdentifier(schema) else {
                throw LeakTraceError(
                    .invalidArgument,
                    "a PostgreSQL schema name for LeakTrace is lower-case letters, digits and _, not starting with a digit, at most 63 characters"
                )
            }
            endpoint.startupParameters.append(("search_path", schema))
        }
        var driverLogger = logger
        if driverLogger.logLevel < .debug { driverLogger.logLevel = .debug }
        self.endpoint = endpoint
        self.client = PostgresClient(configuration: endpoint.clientConfiguration(), backgroundLogger: driverLogger)
        self.schema = schema
        self.logger = driverLogger
    }

    /// Connects once, outside the pool, and closes: fails at once with the reason (refused,
    /// login, no such database) where the pool would retry a failing server for a minute before
    /// giving up. `withStore` calls it first; a server may call it before starting its services.
    ///
    /// - Throws: `StoreError.Code.unavailable`.
    public func checkConnection() async throws {
        try await translating("connect to PostgreSQL at \(endpoint.location)") {
            let connection = try await PostgresConnection.connect(configuration: endpoint.connectionConfiguration(), id: 0, logger: logger)
            do {
                try await connection.query("SELECT 1", logger: logger).drain()
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        }
    }

    /// Runs the connection pool until the task is cancelled (or, under a `ServiceGroup`, until
    /// graceful shutdown). Call it once, in a task of its own, before using the store.
    public func run() async {
        await client.run()
    }

    /// Opens a store, runs its pool for the duration of `body`, then shuts it down: for commands
    /// that are not servers. It connects once first (`checkConnection()`), so an unreachable
    /// server or a refused login fails at once.
    ///
    /// - Parameters:
    ///   - url: See `init(url:schema:logger:)`.
    ///   - schema: See `init(url:schema:logger:)`.
    ///   - migrate: Whether to run `migrate()` before `body` (default true).
    ///   - logger: See `init(url:schema:logger:)`.
    ///   - body: Works with the store; its result is returned.
    /// - Throws: What `init` or `body` throws; `StoreError` for database failures.
    public static func withStore<Result: Sendable>(
        url: String,
        schema: String? = nil,
        migrate: Bool = true,
        logger: Logger,
        _ body: (PostgresStore) async throws -> Result
    ) async throws -> Result {
        let store = try PostgresStore(url: url, schema: schema, logger: logger)
        try await store.checkConnection()
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            // The pool warns about leases taken before run(); wait until the task is entering it.
            let (entering, entered) = AsyncStream<Void>.makeStream()
            group.addTask {
                entered.finish()
                await store.run()
            }
            for await _ in entering {}
            defer { group.cancelAll() }
            if migrate { try await store.migrate() }
            return try await body(store)
        }
    }

    // MARK: - URL

    /// The client configuration for a `postgres://` or `postgresql://` URL (see `init(url:schema:logger:)`).
    ///
    /// - Throws: `LeakTraceError.invalidArgument`, naming what is wrong but never the URL itself.
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        try PostgresEndpoint(url: url).clientConfiguration()
    }

    /// Whether a name can be spliced into SQL unquoted: `[a-z_][a-z0-9_]*`, at most 63 bytes.
    static func isPlainIdentifier(_ name: String) -> Bool {
        let u = Array(name.utf8)
        guard (1...63).contains(u.count), !(0x30...0x39).contains(u[0]) else { return false }
        return u.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }
}
