import ArgumentParser
import Exposure
import Foundation
import Hummingbird
import Incidents
import Logging
import Server

extension LeakTrace {
    /// `leaktrace serve`: the HIBP v3-compatible lookup API, the citizen page, `/openapi.json`
    /// and `/metrics`, over the breach index.
    ///
    /// Settings come from, in order of precedence: flags, the environment, a configuration file
    /// (`--config`, JSON with nested or dotted keys, or `.env`-style `KEY=value` lines), defaults.
    /// Keys (environment name in brackets):
    /// - `http.host` [HTTP_HOST] (127.0.0.1), `http.port` [HTTP_PORT] (8080)
    /// - `db.url` [DB_URL] (leaktrace.sqlite), `key.file` [KEY_FILE] (see `--key-file`)
    /// - `limits.keyRPM` [LIMITS_KEY_RPM] (10): per-key limit for keys stored without one
    /// - `limits.publicRPM` [LIMITS_PUBLIC_RPM] (120): per address, endpoints without a key
    /// - `limits.ownershipPerHour` [LIMITS_OWNERSHIP_PER_HOUR] (20): per address, ownership endpoints
    /// - `proxy.trusted` [PROXY_TRUSTED] (none): comma-separated proxy addresses whose
    ///   X-Forwarded-For is believed; `*` for any peer
    /// - `cache.apiKeySeconds` [CACHE_API_KEY_SECONDS] (5): a revoked key works at most this long
    /// - `metrics.enabled` [METRICS_ENABLED] (true)
    /// - `log.level` [LOG_LEVEL] (info)
    /// - `smtp.host` [SMTP_HOST], `smtp.port` [SMTP_PORT] (587), `smtp.from` [SMTP_FROM],
    ///   `smtp.username` [SMTP_USERNAME], `smtp.password` [SMTP_PASSWORD] (secret: environment or
    ///   file only, never a flag)
    /// - `sms.outbox` [SMS_OUTBOX]: directory of SMS codes for a gateway daemon
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the HIBP v3-compatible lookup API (and the citizen page) over the breach index.",
            discussion: """
            Endpoints: GET /api/v3/breaches, /breach/{name}, /latestbreach, /dataclasses, \
            /breachedaccount/{account} (hibp-api-key), POST /api/v3/breachedaccount, \
            /ownership/challenge, /ownership/verify; GET /openapi.json, /metrics.

            Settings: flags > environment > --config file > defaults. The file is JSON (nested or \
            dotted keys) or .env-style KEY=value lines. Keys [environment]: http.host [HTTP_HOST], \
            http.port [HTTP_PORT], db.url [DB_URL], key.file [KEY_FILE], limits.keyRPM \
            [LIMITS_KEY_RPM], limits.publicRPM [LIMITS_PUBLIC_RPM], limits.ownershipPerHour \
            [LIMITS_OWNERSHIP_PER_HOUR], proxy.trusted [PROXY_TRUSTED], cache.apiKeySeconds \
            [CACHE_API_KEY_SECONDS], metrics.enabled [METRICS_ENABLED], log.level [LOG_LEVEL], \
            smtp.host [SMTP_HOST], smtp.port [SMTP_PORT], smtp.from [SMTP_FROM], smtp.username \
            [SMTP_USERNAME], smtp.password [SMTP_PASSWORD] (secret: environment or file only), \
            sms.outbox [SMS_OUTBOX]. Ownership codes go to emails by SMTP and to phones through the \
            SMS outbox; without either, the ownership endpoints answer 503.

            Stops gracefully on SIGTERM or SIGINT.
            """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Address to bind (default 127.0.0.1).")
        var host: String?

        @Option(help: "Port (default 8080; 0 picks a free one).")
        var port: Int?

        @Option(help: ArgumentHelp("A configuration file (JSON or .env).", valueName: "file"))
        var config: String?

        @Option(help: "Requests per minute of a key stored without its own limit (default 10).")
        var keyRPM: Int?

        @Option(help: "Requests per minute per client address on endpoints without a key (default 120).")
        var publicRPM: Int?

        @Option(help: "Ownership requests per client address per hour (default 20).")
        var ownershipPerHour: Int?

        @Option(help: ArgumentHelp("Comma-separated reverse-proxy addresses whose X-Forwarded-For is trusted; * for any.", valueName: "addresses"))
        var trustedProxies: String?

        @Option(help: "Event loop threads (default: one per core).")
        var threads: Int?

        @Option(help: "Answer the common account lookup on the event loop, before the router: true (default) or false.")
        var fastPath: Bool?

        @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
        var logLevel: String?

        @Option(help: "SMTP server for ownership codes.")
        var smtpHost: String?

        @Option(help: "SMTP port (default 587).")
        var smtpPort: Int?

        @Option(help: "Sender address of code emails.")
        var smtpFrom: String?

        @Option(help: "SMTP user name (the password only from SMTP_PASSWORD or the file).")
        var smtpUsername: String?

        @Option(help: ArgumentHelp("Directory where SMS codes are spooled as JSON files for an SMS gateway daemon.", valueName: "dir"))
        var smsOutbox: String?

        @Flag(help: "Serve only the lookup API and citizen page: no case web UI (/signin, /cases) or case API (/api/cases).")
        var noCases = false

        @Option(help: ArgumentHelp("The evidence vault of the case UI (default leaktrace-evidence beside the database; env LEAKTRACE_VAULT).", valueName: "dir"))
        var vault: String?

        @Option(help: ArgumentHelp("The audit signing key of the case UI (default LEAKTRACE_AUDIT_KEY_FILE, then ~/.config/leaktrace/audit.key).", valueName: "file"))
        var auditKey: String?

        @Option(help: ArgumentHelp("A directory of extra playbook JSON files.", valueName: "dir"))
        var playbooks: String?

        @Option(help: ArgumentHelp("A directory of extra regime JSON files (regulatory clocks).", valueName: "dir"))
        var regimes: String?

        @Option(help: "Mark the session cookie Secure: true, false (default: when the request came over https).")
        var secureCookie: Bool?

        @Option(help: "The bcrypt cost accounts are hashed with (default 12), so an unknown user name takes as long to refuse as a wrong password.")
        var bcryptCost: UInt8?

        func run() async throws {
            if ProcessInfo.processInfo.environment["LEAKTRACE_COOPERATIVE_POOL"] == nil {
                ServerRuntime.runConcurrencyOnEventLoops(threads: threads)
            }
            let settings = try Settings.load(flags: flagValues(), file: config, environment: ProcessInfo.processInfo.environment)
            var configuration = ServerConfiguration()
            configuration.host = settings["http.host"] ?? configuration.host
            configuration.port = try settings.int("http.port") ?? configuration.port
            configuration.defaultKeyRPM = try settings.int("limits.keyRPM") ?? configuration.defaultKeyRPM
            configuration.publicRPM = try settings.int("limits.publicRPM") ?? configuration.publicRPM
            configuration.ownershipPerAddressPerHour = try settings.int("limits.ownershipPerHour") ?? configuration.ownershipPerAddressPerHour
            configuration.trustedProxies = (settings["proxy.trusted"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            configuration.apiKeyCacheSeconds = try settings.double("cache.apiKeySeconds") ?? configuration.apiKeyCacheSeconds
            configuration.metricsEnabled = try settings.bool("metrics.enabled") ?? true
            configuration.lookupFastPath = try settings.bool("http.fastPath") ?? true
            let level = try settings["log.level"].map { raw in
                guard let l = Logger.Level(rawValue: raw.lowercased()) else { throw ValidationError("log.level: unknown level \(raw)") }
                return l
            } ?? .info

            let key = try IndexKey.load(keyFile: settings["key.file"])
            let database = settings["db.url"]
            let sender = try Serve.codeSender(settings)

            LoggingSystem.bootstrap { label in TextLogHandler(label: label, level: level) }
            var logger = Logger(label: "leaktrace.server")
            logger.logLevel = level

            let casesEnabled = try !noCases && (settings.bool("cases.enabled") ?? true)
            try await StoreFactory.withStore(database: database, key: key, logger: logger) { store in
                var cases: CaseWeb?
                if casesEnabled, let incidents = store as? any IncidentStore {
                    cases = try caseWeb(incidents, settings: settings, database: database)
                }
                let app = buildApplication(
                    ServerDependencies(configuration: configuration, store: store, key: key, sender: sender, cases: cases),
                    logger: logger
                )
                try await app.runService()
            }
        }

        /// The case UI's service over the same database, with the vault, audit key and playbooks
        /// the incident commands use (`IncidentContext`), so the CLI and the server share cases.
        func caseWeb(_ store: any IncidentStore, settings: Settings, database: String?) throws -> CaseWeb {
            var options = IncidentOptions()
            options.database = database
            options.vault = settings["cases.vault"]
            options.auditKey = settings["cases.auditKey"]
            options.playbooks = settings["cases.playbooks"]
            let service = CaseService(
                store: store, vault: EvidenceVault(root: IncidentContext.vaultPath(options)),
                playbooks: try PlaybookCatalog.load(userDirectory: options.playbooks),
                signer: try IncidentContext.signingKey(path: IncidentContext.auditKeyPath(options))
            )
            let engine = ClockEngine(catalog: try RegimeCatalog.load(userDirectory: settings["cases.regimes"]))
            var web = CaseWeb.Settings()
            web.secureCookie = try settings.bool("cases.secureCookie")
            if let cost = try settings.int("cases.bcryptCost") {
                guard (4 ... 31).contains(cost) else { throw ValidationError("cases.bcryptCost: expected 4 to 31") }
                web.bcryptCost = UInt8(cost)
            }
            if let max = try settings.int("cases.maxUploadBytes") { web.maxUploadBytes = Int64(max) }
            return CaseWeb(service: service, clocks: engine, settings: web)
        }

        /// Emails through SMTP (`smtp.*`), phones through the SMS outbox (`sms.outbox`); nil
        /// when neither is configured (the ownership endpoints then answer 503).
        static func codeSender(_ settings: Settings) throws -> (any CodeSender)? {
            var email: (any CodeSender)?
            if let host = settings["smtp.host"] {
                guard let from = settings["smtp.from"] else { throw ValidationError("smtp.from (--smtp-from, SMTP_FROM) is required with smtp.host") }
                email = SMTPSender(configuration: .init(
                    host: host, port: try settings.int("smtp.port") ?? 587, from: from,
                    username: settings["smtp.username"], password: settings["smtp.password"]
                ))
            }
            let phone: (any CodeSender)? = settings["sms.outbox"].map { SMSCodeSender(gateway: OutboxSMSGateway(directory: $0)) }
            if email == nil && phone == nil { return nil }
            return RoutingCodeSender(email: email, phone: phone)
        }

        private func flagValues() -> [String: String] {
            var f: [String: String] = [:]
            f["db.url"] = store.database
            f["key.file"] = store.keyFile
            f["http.host"] = host
            f["http.port"] = port.map(String.init)
            f["limits.keyRPM"] = keyRPM.map(String.init)
            f["limits.publicRPM"] = publicRPM.map(String.init)
            f["limits.ownershipPerHour"] = ownershipPerHour.map(String.init)
            f["proxy.trusted"] = trustedProxies
            f["log.level"] = logLevel
            f["http.fastPath"] = fastPath.map { String($0) }
            f["smtp.host"] = smtpHost
            f["smtp.port"] = smtpPort.map(String.init)
            f["smtp.from"] = smtpFrom
            f["smtp.username"] = smtpUsername
            f["sms.outbox"] = smsOutbox
            f["cases.vault"] = vault
            f["cases.auditKey"] = auditKey
            f["cases.playbooks"] = playbooks
            f["cases.regimes"] = regimes
            f["cases.secureCookie"] = secureCookie.map { String($0) }
            f["cases.bcryptCost"] = bcryptCost.map { String($0) }
            return f
        }
    }
}

/// `serve`'s settings by dotted key, merged flags > environment > file.
struct Settings {
    /// Dotted key → environment name.
    static let keys: [String: String] = [
        "http.host": "HTTP_HOST", "http.port": "HTTP_PORT", "http.fastPath": "HTTP_FAST_PATH", "db.url": "DB_URL", "key.file": "KEY_FILE",
        "limits.keyRPM": "LIMITS_KEY_RPM", "limits.publicRPM": "LIMITS_PUBLIC_RPM",
        "limits.ownershipPerHour": "LIMITS_OWNERSHIP_PER_HOUR", "proxy.trusted": "PROXY_TRUSTED",
        "cache.apiKeySeconds": "CACHE_API_KEY_SECONDS", "metrics.enabled": "METRICS_ENABLED", "log.level": "LOG_LEVEL",
        "smtp.host": "SMTP_HOST", "smtp.port": "SMTP_PORT", "smtp.from": "SMTP_FROM",
        "smtp.username": "SMTP_USERNAME", "smtp.password": "SMTP_PASSWORD", "sms.outbox": "SMS_OUTBOX",
        "cases.enabled": "CASES_ENABLED", "cases.vault": "LEAKTRACE_VAULT", "cases.auditKey": "LEAKTRACE_AUDIT_KEY_FILE",
        "cases.playbooks": "CASES_PLAYBOOKS", "cases.regimes": "CASES_REGIMES", "cases.secureCookie": "CASES_SECURE_COOKIE",
        "cases.bcryptCost": "CASES_BCRYPT_COST", "cases.maxUploadBytes": "CASES_MAX_UPLOAD_BYTES",
    ]

    var values: [String: String]

    subscript(key: String) -> String? { values[key] }

    func int(_ key: String) throws -> Int? {
        try values[key].map { v in
            guard let i = Int(v.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("\(key): not an integer") }
            return i
        }
    }

    func double(_ key: String) throws -> Double? {
        try values[key].map { v in
            guard let d = Double(v.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("\(key): not a number") }
            return d
        }
    }

    func bool(_ key: String) throws -> Bool? {
        try values[key].map { v in
            switch v.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: throw ValidationError("\(key): not true or false")
            }
        }
    }

    static func load(flags: [String: String], file: String?, environment: [String: String]) throws -> Settings {
        var merged = try file.map(readFile) ?? [:]
        for (dotted, env) in keys { if let v = environment[env], !v.isEmpty { merged[dotted] = v } }
        for (k, v) in flags { merged[k] = v }
        return Settings(values: merged)
    }

    /// A JSON file (nested objects or dotted keys) or `.env` lines (`KEY=value` or `dotted.key=value`, `#` comments).
    static func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read the configuration file \(path)") }
        let byEnv = Dictionary(uniqueKeysWithValues: keys.map { ($1, $0) })
        var out: [String: String] = [:]
        func put(_ k: String, _ v: String) throws {
            if keys[k] != nil { out[k] = v } else if let d = byEnv[k] { out[d] = v } else { throw ValidationError("\(path): unknown setting \(k)") }
        }
        if path.lowercased().hasSuffix(".json") {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ValidationError("\(path): not a JSON object")
            }
            func walk(_ o: [String: Any], _ prefix: String) throws {
                for (k, v) in o {
                    let name = prefix.isEmpty ? k : prefix + "." + k
                    switch v {
                    case let d as [String: Any]: try walk(d, name)
                    case let s as String: try put(name, s)
                    case let n as NSNumber: try put(name, n.stringValue)
                    case let a as [Any]: try put(name, a.map { "\($0)" }.joined(separator: ","))
                    default: throw ValidationError("\(path): \(name) has an unsupported value")
                    }
                }
            }
            try walk(object, "")
        } else {
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.isEmpty || t.hasPrefix("#") { continue }
                guard let eq = t.firstIndex(of: "=") else { throw ValidationError("\(path): expected KEY=value") }
                var k = t[..<eq].trimmingCharacters(in: .whitespaces)
                if k.hasPrefix("export ") { k = String(k.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
                var v = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f { v = String(v.dropFirst().dropLast()) }
                try put(k, v)
            }
        }
        return out
    }
}
