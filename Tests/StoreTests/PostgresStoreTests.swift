import Exposure
import Foundation
import Incidents
import LeakTraceCore
// For the tests' own SQL (dumping tables, dropping schemas) and `Logger`; PostgresStore's
// dependency, built with it.
import PostgresNIO
import Testing

@testable import PostgresStore

/// The database the PostgreSQL suites run against: `POSTGRES_URL`, which scripts/with-postgres
/// sets to a throwaway server (scripts/test runs the tests inside it). Each test gets a schema of
/// its own, made by `migrate()` and dropped at the end, so tests running in parallel never see
/// one another's rows.
enum PostgresTestDatabase {
    static var url: String? {
        ProcessInfo.processInfo.environment["POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let skipReason: Comment = "POSTGRES_URL is not set: run under scripts/with-postgres (scripts/test does) to test the PostgreSQL store"

    static let logger = Logger(label: "leaktrace.tests.postgres")

    static func freshSchemaName() -> String {
        "lt_test_" + Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
    }

    /// Runs `body` with a migrated store in a new schema, then drops the schema.
    static func withStore<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        let url = try #require(url)
        let schema = freshSchemaName()
        return try await PostgresStore.withStore(url: url, schema: schema, logger: logger) { store in
            let result: T
            do {
                result = try await body(store)
            } catch {
                try? await drop(schema, with: store)
                throw error
            }
            try await drop(schema, with: store)
            return result
        }
    }

    static func drop(_ schema: String, with store: PostgresStore) async throws {
        // A generated name (freshSchemaName): identifiers cannot be bound.
        try await store.client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger).drain()
    }
}

// MARK: - URL parsing (no server needed)

@Suite("PostgresStore URL and batch preparation") struct PostgresURLTests {
    @Test func parsesUserPasswordHostPortDatabase() throws {
        let c = try PostgresStore.configuration(url: "postgres://leak%40trace:p%2Fss@db.example:6543/leaktrace?sslmode=disable")
        #expect(c.host == "db.example")
        #expect(c.port == 6543)
        #expect(c.username == "leak@trace")
        #expect(c.password == "p/ss")
        #expect(c.database == "leaktrace")
        #expect(c.unixSocketPath == nil)
    }

    @Test func defaultsAndPostgresqlScheme() throws {
        let c = try PostgresStore.configuration(url: "postgresql://alice@localhost/")
        #expect(c.host == "localhost")
        #expect(c.port == 5432)
        #expect(c.username == "alice")
        #expect(c.password == nil)
        #expect(c.database == "alice")
    }

    @Test func unixSocketFromHostQueryItem() throws {
        let c = try PostgresStore.configuration(url: "postgres://bob@/cases?host=/var/run/postgresql&port=5433")
        #expect(c.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5433")
        #expect(c.database == "cases")
        #expect(c.username == "bob")
    }

    @Test(arguments: ["mysql://u:p@h/db", "postgres://u:secretpw@h:99999/db", "postgres://u:secretpw@h/db?sslmode=sometimes", "not a url at all"])
    func refusesUnusableURLsWithoutRepeatingThem(_ url: String) {
        do {
            _ = try PostgresStore.configuration(url: url)
            Issue.record("accepted an unusable URL")
        } catch {
            #expect(!"\(error)".contains("secretpw"))
            #expect(!"\(error)".contains(url))
        }
    }

    @Test func unreachableServerFailsAtOnceAsUnavailable() async throws {
        // No time bound: with the whole test run on two cores, a wait says nothing. The message
        // says which path failed.
        do {
            // Port 1 on loopback: refused at once, where the pool would retry for a minute.
            try await PostgresStore.withStore(url: "postgres://u:secretpw@127.0.0.1:1/db?sslmode=disable", logger: PostgresTestDatabase.logger) { _ in
            }
            Issue.record("connected to nothing")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            // From checkConnection(), not from the pool, which gives up only after 60 s.
            #expect(error.message.contains("connect to PostgreSQL at 127.0.0.1:1"))
            #expect(!"\(error) \(String(reflecting: error))".contains("secretpw"))
        }

    }

    @Test func refusesSchemaNamesThatWouldNeedQuoting() {
        #expect(throws: LeakTraceError.self) {
            _ = try PostgresStore(url: "postgres://u@localhost/db", schema: "x; DROP TABLE breach", logger: PostgresTestDatabase.logger)
        }
        #expect(PostgresStore.isPlainIdentifier("lt_test_0a"))
        #expect(!PostgresStore.isPlainIdentifier("9lives"))
        #expect(!PostgresStore.isPlainIdentifier("Mixed"))
    }

    @Test func batchesAreMergedByHashKeepingTheFirstPerson() {
        let a = IdentifierHash(high: 1, low: 2)
        let b = IdentifierHash(high: 1, low: 1)
        let merged = PostgresStore.mergedByHash([
            IndexEntry(hash: a, person: 10, classes: 0b001),
            IndexEntry(hash: b, person: 20, classes: 0b010),
            IndexEntry(hash: a, person: 30, classes: 0b100),
        ])
        #expect(merged == [IndexEntry(hash: b, person: 20, classes: 0b010), IndexEntry(hash: a, person: 10, classes: 0b101)])
        let sorted = [IndexEntry(hash: b, person: 1, classes: 1), IndexEntry(hash: a, person: 2, classes: 2)]
        #expect(PostgresStore.mergedByHash(sorted) == sorted)
    }
}

// MARK: - Against a server

@Suite("PostgresStore", .enabled(if: PostgresTestDatabase.url != nil, PostgresTestDatabase.skipReason))
struct PostgresStoreTests {
    @Test("contract", arguments: StoreContract.Check.allCases)
    func contract(_ check: StoreContract.Check) async throws {
        try await PostgresTestDatabase.withStore { store in
            try await check.run { store }
        }
    }

    @Test("incident contract", arguments: IncidentStoreContract.Check.allCases)
    func incidentContract(_ check: IncidentStoreContract.Check) async throws {
        try await PostgresTestDatabase.withStore { store in
            try await check.run { store }
        }
    }

    @Test func auditColumnsChangedInTheDatabaseAreReadAsChanged() async throws {
        try await PostgresTestDatabase.withStore { store in
            let entry = IncidentStoreContract.entry(1)
            try await store.appendAudit(entry)
            try await store.addAuditCheckpoint(IncidentStoreContract.checkpoint(1))
            let detail = "status: open → dome (a)"
            let logger = PostgresTestDatabase.logger
            try await store.client.query("UPDATE audit_entry SET detail = \(detail), case_id = NULL WHERE seq = 1", logger: logger).drain()
            try await store.client.query("UPDATE audit_checkpoint SET head = upper(head) WHERE size = 1", logger: logger).drain()
            var tampered = entry
            tampered.detail = detail
            tampered.caseID = nil
            #expect(try await store.auditEntries(from: 1, limit: nil) == [tampered])
            #expect(try await store.lastAuditEntry() == tampered)
            #expect(try await store.auditCheckpoints().map(\.head) == [String(repeating: "1F", count: 32)])
        }
    }

    static func breach(_ name: String, title: String? = nil) -> Breach {
        Breach(
            name: name,
            title: title,
            domain: "example.test",
            breachDate: "2024-05-01",
            addedDate: "2024-06-01T00:00:00Z",
            description: "Synthetic <b>test</b> breach",
            dataClasses: ["Email addresses", "Phone numbers"]
        )
    }

    static func hash(_ n: UInt64) -> IdentifierHash {
        IdentifierHash(high: n &* 0x9E37_79B9_7F4A_7C15, low: ~n)
    }

    @Test func migrateTwiceAndConcurrently() async throws {
        let url = try #require(PostgresTestDatabase.url)
        let schema = PostgresTestDatabase.freshSchemaName()
        try await PostgresStore.withStore(url: url, schema: schema, migrate: false, logger: PostgresTestDatabase.logger) { first in
            try await PostgresStore.withStore(url: url, schema: schema, migrate: false, logger: PostgresTestDatabase.logger) { second in
                // Two processes' stores racing on a schema that does not exist yet.
                async let a: Void = first.migrate()
                async let b: Void = second.migrate()
                _ = try await (a, b)
                try await first.migrate()
                let ids = try await first.client.query(
                    "SELECT id FROM \(unescaped: schema).schema_migration ORDER BY id",
                    logger: PostgresTestDatabase.logger
                )
                .collect().map { try $0.decode(String.self) }
                #expect(ids == PostgresStore.migrations.map(\.id))
                _ = try await second.insertBreach(Self.breach("Concurrent"))
                #expect(try await first.breach(named: "Concurrent") != nil)
            }
            try await PostgresTestDatabase.drop(schema, with: first)
        }
    }

    @Test func wrongPasswordIsALoginErrorNotAHang() async throws {
        let url = try #require(PostgresTestDatabase.url)
        var components = try #require(URLComponents(string: url))
        guard components.password != nil else { return }  // a server without passwords: nothing to check
        components.password = "not-the-password"
        let wrong = try #require(components.string)
        do {
            try await PostgresStore.withStore(url: wrong, logger: PostgresTestDatabase.logger) { _ in }
            Issue.record("logged in with a wrong password")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("refused the login"))
            #expect(!"\(error) \(String(reflecting: error))".contains("not-the-password"))
        }
    }

    @Test func breachesAreListedInByteOrderOfTitleAsInSQLite() async throws {
        try await PostgresTestDatabase.withStore { store in
            _ = try await store.insertBreach(Self.breach("Zeta", title: "b title"))
            _ = try await store.insertBreach(Self.breach("Alpha", title: "C title"))
            _ = try await store.insertBreach(Self.breach("Mid", title: "a title"))
            await #expect {
                _ = try await store.insertBreach(Self.breach("Zeta"))
            } throws: { ($0 as? StoreError)?.code == .conflict }
            // Byte order, as SQLite's BINARY collation: upper case first.
            #expect(try await store.breaches().map(\.name) == ["Alpha", "Mid", "Zeta"])

            var ghost = Self.breach("Ghost")
            ghost.id = 987_654
            await #expect {
                try await store.updateBreach(ghost)
            } throws: { ($0 as? StoreError)?.code == .notFound }
        }
    }

    @Test func unsortedBatchesWithRepeatsAreMerged() async throws {
        try await PostgresTestDatabase.withStore { store in
            let id = try #require(try await store.insertBreach(Self.breach("Messy")).id)
            let entries = (0..<100).map { IndexEntry(hash: Self.hash(UInt64($0 % 10)), person: Int64($0), classes: 1 << UInt64($0 % 7)) }
            try await store.writeEntries(entries, breachId: id, checkpoint: 1)
            let counts = try await store.counts(breachId: id)
            #expect(counts.entries == 10 && counts.persons == 10)
            // Hash 3 came with n = 3, 13, ..., 93: the first person, the classes of all ten.
            let classes = (0..<10).reduce(UInt64(0)) { $0 | 1 << UInt64((3 + 10 * $1) % 7) }
            #expect(try await store.lookup(Self.hash(3)) == [EntryHit(breachId: id, person: 3, classes: classes)])
        }
    }

    @Test func errorsNeverCarryValuesOrServerText() async throws {
        try await PostgresTestDatabase.withStore { store in
            let secret = "DuplicateNameSecret"
            _ = try await store.insertAPIKey(APIKeyRecord(id: "lt_1", keyHash: secret, label: "x", rpm: 1, createdAt: "t"))
            do {
                try await store.insertAPIKey(APIKeyRecord(id: "lt_2", keyHash: secret, label: "x", rpm: 1, createdAt: "t"))
                Issue.record("a duplicate key hash was accepted")
            } catch let error as StoreError {
                #expect(error.code == .conflict)
                let text = "\(error) \(String(reflecting: error)) \(error.cause.map { "\($0) \(String(reflecting: $0))" } ?? "")"
                #expect(!text.contains(secret))
                #expect(!text.contains("Key ("))
            }
        }
    }

    @Test func noTableHoldsAnIndexedValue() async throws {
        try await PostgresTestDatabase.withStore { store in
            let key = try IndexKey(secret: (0..<32).map { UInt8($0) })
            let accounts = try ["880524-14-5123", "012-345 6789", "Siti.Aminah@Example.com"].map { try #require(Account.parse($0)) }
            let canonical = accounts.map(\.canonical.value)
            #expect(Set(accounts.map { "\($0.type)" }).count == 3)
            try await store.bindKey(checkValue: key.checkValue)
            let id = try #require(try await store.insertBreach(Self.breach("PlainCheck")).id)
            let person = key.hash(accounts[0].type, canonical: accounts[0].canonical).personId
            let entries = accounts.map { IndexEntry(hash: key.hash($0.type, canonical: $0.canonical), person: person, classes: 0b111) }
                .sorted { $0.hash < $1.hash }
            try await store.writeEntries(entries, breachId: id, checkpoint: 1)
            #expect(try await store.lookup(entries[0].hash).count == 1)

            // Every row of every table of the schema as text (bytea as hex), and the hashes as raw bytes.
            let schema = try #require(store.schema)
            let tables = try await store.client.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = \(schema) ORDER BY 1",
                logger: PostgresTestDatabase.logger
            ).collect().map { try $0.decode(String.self) }
            #expect(Set(tables).isSuperset(of: ["breach", "index_entry", "api_key", "ownership_challenge", "setting", "schema_migration"]))
            var dump = ""
            for table in tables {
                // Names read from the catalogue of a schema this test made: all plain identifiers.
                let rows = try await store.client.query(
                    "SELECT t::text FROM \(unescaped: schema).\(unescaped: table) t",
                    logger: PostgresTestDatabase.logger
                ).collect()
                for row in rows {
                    dump += try row.decode(String.self) + "\n"
                }
            }
            #expect(dump.contains("PlainCheck"))
            let hashes = try await store.client.query(
                "SELECT string_agg(hash, ''::bytea) FROM \(unescaped: schema).index_entry",
                logger: PostgresTestDatabase.logger
            )
            .collect().map { try $0.decode(ByteBuffer.self) }
            let raw = try #require(hashes.first)
            #expect(raw.readableBytes == 48)
            for value in canonical {
                #expect(!dump.contains(value), "a table holds an indexed value in plain text")
                #expect(!dump.lowercased().contains(value.lowercased()))
                let digits = value.filter(\.isNumber)
                if digits.count >= 9 { #expect(!dump.contains(digits)) }
                #expect(raw.readableBytesView.firstRange(of: Array(value.utf8)) == nil)
            }
        }
    }

    /// Measures the batch upsert and the lookup; prints the figures (no threshold: the machine is
    /// shared). `LEAKTRACE_PG_SPEED_BATCHES` (default 4) batches of 25,000 new entries. Only with
    /// `LEAKTRACE_PG_SPEED=1`: its allocations would disturb the suites that watch the process's
    /// resident memory, and debug-build figures are a report, not a check.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LEAKTRACE_PG_SPEED"] == "1", "a report: set LEAKTRACE_PG_SPEED=1"))
    func upsertAndLookupSpeed() async throws {
        let batches = Int(ProcessInfo.processInfo.environment["LEAKTRACE_PG_SPEED_BATCHES"] ?? "") ?? 4
        let batch = 25_000
        let data = (0..<batches).map { b in
            (0..<batch).map { i in
                IndexEntry(hash: Self.hash(UInt64(b * batch + i)), person: Int64(i / 3), classes: 1 << UInt64(i % 5))
            }.sorted { $0.hash < $1.hash }
        }
        try await PostgresTestDatabase.withStore { store in
            let id = try #require(try await store.insertBreach(Self.breach("Speed")).id)
            let clock = ContinuousClock()
            var perBatch: [Duration] = []
            for (b, entries) in data.enumerated() {
                perBatch.append(try await clock.measure { try await store.writeEntries(entries, breachId: id, checkpoint: b + 1) })
            }
            // The first batch again: every row conflicts, classes unchanged (a resumed ingest).
            let rewrite = try await clock.measure { try await store.writeEntries(data[0], breachId: id, checkpoint: batches) }
            let written = batches * batch
            #expect(try await store.counts(breachId: id).entries == written)

            let lookups = 2_000
            let probes = (0..<lookups).map { data[$0 % batches][$0 * 97 % batch].hash }
            var hits = 0
            let lookupTime = try await clock.measure {
                for h in probes { hits += try await store.lookup(h).count }
            }
            #expect(hits == lookups)
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            let total = perBatch.reduce(Duration.zero, +)
            print(
                """
                PostgresStore speed: upsert \(Int(Double(written) / seconds(total))) rows/s (\(batches) x \(batch) new rows; \
                fastest batch \(Int(Double(batch) / seconds(perBatch.min() ?? total))) rows/s), re-upsert \(Int(Double(batch) / seconds(rewrite))) rows/s, \
                lookup \(Int(seconds(lookupTime) / Double(lookups) * 1e6)) µs each over \(written) rows
                """
            )
        }
    }
}
