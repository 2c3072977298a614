import Foundation
import LeakTraceCore
import PostgresNIO

/// Where and as whom to connect, read from a `postgres://` URL: the pool's configuration and a
/// single connection's are both made from it.
struct PostgresEndpoint: Sendable {
    enum Address: Sendable {
        case tcp(host: String, port: Int)
        /// The socket file itself (`/dir/.s.PGSQL.PORT`).
        case unixSocket(path: String)
    }

    enum TLSMode: String, Sendable {
        case disable
        case prefer
        /// Verifies the certificate against the system's roots and the host name.
        case require
    }

    var address: Address
    var username: String
    var password: String?
    var database: String
    var tls: TLSMode
    /// Startup parameters (`search_path`).
    var startupParameters: [(String, String)] = []

    /// Parses `postgres://user:password@host:port/database` (or `postgresql://`), with the query
    /// items libpq reads for these: `sslmode`, `host` (a directory: a Unix socket), `port`, `user`,
    /// `password`, `dbname`.
    ///
    /// - Throws: `LeakTraceError.invalidArgument`, naming what is wrong but never the URL itself
    ///   (it may hold a password).
    init(url: String) throws {
        func invalid(_ why: String) -> LeakTraceError {
            LeakTraceError(.invalidArgument, "the PostgreSQL URL is not usable: \(why) (expected postgres://user:password@host:port/database)")
        }
        guard let components = URLComponents(string: url) else { throw invalid("it does not parse as a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme is not postgres:// or postgresql://")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            query[item.name] = item.value ?? ""
        }
        username = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? query["user"] ?? "postgres"
        password = components.password ?? query["password"]
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        database = database.removingPercentEncoding ?? database
        if database.isEmpty { database = query["dbname"] ?? username }
        guard !database.contains("/") else { throw invalid("the database name holds a '/'") }
        self.database = database
        let port = components.port ?? query["port"].flatMap { Int($0) } ?? 5432
        guard (1...65535).contains(port) else { throw invalid("the port is out of range") }

        switch query["sslmode"] ?? "prefer" {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw invalid("sslmode is not one of disable, prefer, require, verify-ca, verify-full")
        }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 } ?? query["host"] ?? ""
        if host.hasPrefix("/") {
            address = .unixSocket(path: host + "/.s.PGSQL.\(port)")
            tls = .disable
        } else {
            guard !host.isEmpty else { throw invalid("it names no host") }
            // IPv6 literals come bracketed from URLComponents on some platforms.
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            address = .tcp(host: bare, port: port)
        }
    }

    /// For the `PostgresClient` pool.
    func clientConfiguration() -> PostgresClient.Configuration {
        var c: PostgresClient.Configuration
        switch address {
        case let .tcp(host, port):
            let tls: PostgresClient.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            c = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        case let .unixSocket(path):
            c = PostgresClient.Configuration(unixSocketPath: path, username: username, password: password, database: database)
        }
        c.options.additionalStartupParameters = startupParameters
        return c
    }

    /// For one connection outside the pool (`PostgresStore.checkConnection()`).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var c: PostgresConnection.Configuration
        switch address {
        case let .tcp(host, port):
            let tls: PostgresConnection.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            c = PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        case let .unixSocket(path):
            c = PostgresConnection.Configuration(unixSocketPath: path, username: username, password: password, database: database)
        }
        c.options.additionalStartupParameters = startupParameters
        return c
    }

    /// Where, for messages: host and port or socket path (never the user or the password).
    var location: String {
        switch address {
        case let .tcp(host, port): "\(host):\(port)"
        case let .unixSocket(path): path
        }
    }
}
