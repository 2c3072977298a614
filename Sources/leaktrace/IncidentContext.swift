import ArgumentParser
import Crypto
import Foundation
import Incidents
import LeakTraceCore
import Logging
import PostgresStore
import SQLiteStore

/// `--database`, `--vault`, `--audit-key`, `--playbooks` and `--as`: what every incident command
/// needs to open the case service.
struct IncidentOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp(
        "The case database: a SQLite file (default leaktrace.sqlite) or a postgres:// URL (env DB_URL).",
        valueName: "path|url"
    ))
    var database: String?

    @Option(help: ArgumentHelp(
        "The evidence vault directory (default leaktrace-evidence beside the database; env LEAKTRACE_VAULT).",
        valueName: "dir"
    ))
    var vault: String?

    @Option(help: ArgumentHelp(
        "The audit signing key (Ed25519, kept outside the database; default LEAKTRACE_AUDIT_KEY_FILE, then ~/.config/leaktrace/audit.key; created on first use).",
        valueName: "file"
    ))
    var auditKey: String?

    @Option(help: ArgumentHelp("A directory of extra playbook JSON files.", valueName: "dir"))
    var playbooks: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who acts: a username (env LEAKTRACE_USER).", valueName: "username"))
    var actingAs: String?
}

/// Opens the incident store and the case service: the composition root for incident commands.
enum IncidentContext {
    static func databasePath(_ options: IncidentOptions) -> String {
        options.database ?? ProcessInfo.processInfo.environment["DB_URL"] ?? StoreFactory.defaultDatabase
    }

    static func vaultPath(_ options: IncidentOptions) -> String {
        if let v = options.vault ?? ProcessInfo.processInfo.environment["LEAKTRACE_VAULT"] { return v }
        let db = databasePath(options)
        if StoreFactory.isPostgres(db) { return "leaktrace-evidence" }
        let dir = (db as NSString).deletingLastPathComponent
        return dir.isEmpty ? "leaktrace-evidence" : dir + "/leaktrace-evidence"
    }

    static func auditKeyPath(_ options: IncidentOptions) -> String {
        if let k = options.auditKey ?? ProcessInfo.processInfo.environment["LEAKTRACE_AUDIT_KEY_FILE"] { return k }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "."
        return home + "/.config/leaktrace/audit.key"
    }

    /// Loads the audit signing key, creating it (0600) if the file does not exist yet.
    static func signingKey(path: String) throws -> Curve25519.Signing.PrivateKey {
        if !FileManager.default.fileExists(atPath: path) {
            let key = Curve25519.Signing.PrivateKey()
            try SecretFile.create(at: path, contents: Hex.encode(Array(key.rawRepresentation)) + "\n", refusal: "the audit key is never overwritten")
            Console.status("created the audit signing key \(path) (keep it; its public key \(AuditChain.keyID(key.publicKey)) checks the audit log)")
            return key
        }
        let text = try SecretFile.read(path, what: "the audit signing key", hint: "it is created by the first incident command").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Hex.decode(text), raw.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw LeakTraceError(.invalidArgument, "\(path): expected 64 hex digits (an Ed25519 private key)", at: InputLocation(file: path))
        }
        return key
    }

    /// Opens the store and service, runs `body`, closes the store.
    static func withService<R: Sendable>(_ options: IncidentOptions, _ body: (CaseService) async throws -> R) async throws -> R {
        let logger = StoreFactory.commandLogger()
        let key = try signingKey(path: auditKeyPath(options))
        let catalog = try PlaybookCatalog.load(userDirectory: options.playbooks)
        let vault = EvidenceVault(root: vaultPath(options))
        let db = databasePath(options)
        if StoreFactory.isPostgres(db) {
            return try await PostgresStore.withStore(url: db, migrate: true, logger: logger) { store in
                try await body(CaseService(store: store, vault: vault, playbooks: catalog, signer: key))
            }
        }
        let store = try SQLiteStore(path: db)
        try await store.migrate()
        return try await body(CaseService(store: store, vault: vault, playbooks: catalog, signer: key))
    }

    /// `withService`, acting as the person named by `--as` or LEAKTRACE_USER.
    static func withActor<R: Sendable>(_ options: IncidentOptions, _ body: (CaseService, Person) async throws -> R) async throws -> R {
        try await withService(options) { service in try await body(service, try await actor(options, service)) }
    }

    /// The person named by `--as` or LEAKTRACE_USER.
    static func actor(_ options: IncidentOptions, _ service: CaseService) async throws -> Person {
        guard let name = options.actingAs ?? ProcessInfo.processInfo.environment["LEAKTRACE_USER"] else {
            throw ValidationError("say who acts: --as USERNAME (or LEAKTRACE_USER)")
        }
        guard let p = try await service.person(username: name) else { throw CLIError("no user \(name); add one with `leaktrace user add`") }
        return p
    }

    /// `--as` when given (for administration after the first account).
    static func optionalActor(_ options: IncidentOptions, _ service: CaseService) async throws -> Person? {
        guard options.actingAs ?? ProcessInfo.processInfo.environment["LEAKTRACE_USER"] != nil else { return nil }
        return try await actor(options, service)
    }

    /// JSON for `--json` output: sorted keys, ISO 8601 dates.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}

/// Parses a time given on the command line: ISO 8601 with an offset (`2026-03-02T19:00:00+08:00`,
/// `...Z`), or a local `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM` read in `timeZone`.
enum TimeArgument {
    static func parse(_ text: String, timeZone: String, field: String) throws -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        guard let tz = TimeZone(identifier: timeZone) else { throw ValidationError("\(field): unknown time zone \(timeZone)") }
        let t = text.replacingOccurrences(of: "T", with: " ")
        let parts = t.split(separator: " ")
        let ymd = parts.first.map { $0.split(separator: "-").compactMap { Int($0) } } ?? []
        let hms = parts.count > 1 ? parts[1].split(separator: ":").compactMap { Int($0) } : [0, 0]
        guard ymd.count == 3, (2 ... 3).contains(hms.count) else {
            throw ValidationError("\(field): expected 2026-03-02T19:00:00+08:00, or 2026-03-02 19:00 in the case's time zone")
        }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = tz
        let comps = DateComponents(year: ymd[0], month: ymd[1], day: ymd[2], hour: hms[0], minute: hms[1], second: hms.count > 2 ? hms[2] : 0)
        guard let d = cal.date(from: comps), cal.component(.day, from: d) == ymd[2] else { throw ValidationError("\(field): not a real date and time") }
        return d
    }

    /// `2026-03-05 19:00 +08` in the zone.
    static func local(_ date: Date, _ timeZone: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        f.dateFormat = "yyyy-MM-dd HH:mm xxx"
        return f.string(from: date)
    }
}
