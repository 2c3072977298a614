import Exposure
import Foundation
import LeakTraceCore
// For the tests' own SQL (dumping tables, dropping schemas) and `Logger`; PostgresStore's
// dependency, built with it.
import PostgresNIO
@testable import PostgresStore
import Testing

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
        "lt_test_" + Hex.encode((0 ..< 8).map { _ in UInt8.random(in: 0 ... 255) })
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

@Suite struct PostgresURLTests {
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

@Suite(.enabled(if: PostgresTestDatabase.url != nil, PostgresTestDatabase.skipReason))
struct PostgresStoreTests {
    static func breach(_ name: String, title: String? = nil) -> Breach {
        Breach(name: name, title: title, domain: "example.test", breachDate: "2024-05-01", addedDate: "2024-06-01T00:00:00Z", description: "Synthetic <b>test</b> breach", dataClasses: ["Email addresses", "Phone numbers"])
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
                let ids = try await first.client.query("SELECT id FROM \(unescaped: schema).schema_migration ORDER BY id", logger: PostgresTestDatabase.logger)
                    .collect().map { try $0.decode(String.self) }
                #expect(ids == PostgresStore.migrations.map(\.id))
                _ = try await second.insertBreach(Self.breach("Concurrent"))
                #expect(try await first.breach(named: "Concurrent") != nil)
            }
            try await PostgresTestDatabase.drop(schema, with: first)
        }
    }

    @Test func keyIsBoundOnFirstUseAndAnotherIsRefused() async throws {
        try await PostgresTestDatabase.withStore { store in
            try await store.bindKey(checkValue: "00112233aabbccdd")
            try await store.bindKey(checkValue: "00112233aabbccdd")
            await #expect {
                try await store.bindKey(checkValue: "ffffffffffffffff")
            } throws: { ($0 as? StoreError)?.code == .wrongKey }
        }
    }

    @Test func breachRoundTripsEveryField() async throws {
        try await PostgresTestDatabase.withStore { store in
            var b = Self.breach("TelcoLeak2024", title: "Telco \"Leak\" 2024")
            b.isVerified = false
            b.isSensitive = true
            b.isStealerLog = true
            b.logoPath = "/logos/telco.png"
            b.sourceOrganisation = "Telco Sdn Bhd"
            b.snapshotEarliest = "2024-01-01"
            b.snapshotLatest = "2024-04-30"
            b.reportId = String(repeating: "ab", count: 32)
            b.fileSHA256 = String(repeating: "cd", count: 32)
            b.records = 1_234_567
            b.pwnCount = 1_000_001
            let stored = try await store.insertBreach(b)
            let id = try #require(stored.id)
            var expected = b
            expected.id = id
            #expect(stored == expected)
            #expect(try await store.breach(id: id) == expected)
            #expect(try await store.breach(named: "TelcoLeak2024") == expected)
            #expect(try await store.breach(named: "Nope") == nil)
            #expect(try await store.breach(id: id + 1000) == nil)

            expected.status = .ready
            expected.dataClasses = []
            expected.sourceOrganisation = nil
            expected.modifiedDate = "2024-07-01T12:00:00Z"
            try await store.updateBreach(expected)
            #expect(try await store.breach(id: id) == expected)
        }
    }

    @Test func breachNamesAreUniqueAndListedByTitle() async throws {
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

    @Test func entriesMergeClassesKeepTheFirstPersonAndCarryTheCheckpoint() async throws {
        try await PostgresTestDatabase.withStore { store in
            let one = try #require(try await store.insertBreach(Self.breach("One")).id)
            let two = try #require(try await store.insertBreach(Self.breach("Two")).id)
            let h = Self.hash(7)
            #expect(try await store.checkpoint(breachId: one) == 0)
            try await store.writeEntries([IndexEntry(hash: h, person: 100, classes: 0b0011), IndexEntry(hash: Self.hash(8), person: 100, classes: 1)].sorted { $0.hash < $1.hash }, breachId: one, checkpoint: 1)
            try await store.writeEntries([IndexEntry(hash: h, person: 200, classes: 0b0100)], breachId: one, checkpoint: 2)
            try await store.writeEntries([IndexEntry(hash: h, person: 300, classes: 0b1000)], breachId: two, checkpoint: 5)
            #expect(try await store.checkpoint(breachId: one) == 2)
            #expect(try await store.checkpoint(breachId: two) == 5)
            #expect(try await store.lookup(h) == [
                EntryHit(breachId: one, person: 100, classes: 0b0111),
                EntryHit(breachId: two, person: 300, classes: 0b1000),
            ])
            #expect(try await store.lookup(Self.hash(9)) == [])
            let counts = try await store.counts(breachId: one)
            #expect(counts.persons == 1 && counts.entries == 2)

            // The high bit of classes and of the hash survive the signed columns.
            let edge = IdentifierHash(high: .max, low: 1 << 63)
            try await store.writeEntries([IndexEntry(hash: edge, person: -5, classes: 1 << 63 | 1)], breachId: two, checkpoint: 6)
            #expect(try await store.lookup(edge) == [EntryHit(breachId: two, person: -5, classes: 1 << 63 | 1)])

            try await store.deleteEntries(breachId: one)
            #expect(try await store.lookup(h) == [EntryHit(breachId: two, person: 300, classes: 0b1000)])
            #expect(try await store.breach(id: one) != nil)

            #expect(try await store.deleteBreach(named: "Two"))
            #expect(try await !store.deleteBreach(named: "Two"))
            #expect(try await store.lookup(h) == [])
            #expect(try await store.checkpoint(breachId: two) == 0)

            await #expect {
                try await store.writeEntries([IndexEntry(hash: h, person: 1, classes: 1)], breachId: two, checkpoint: 1)
            } throws: { ($0 as? StoreError)?.code == .notFound }
            #expect(try await store.lookup(h) == [])
        }
    }

    @Test func unsortedBatchesWithRepeatsAreMerged() async throws {
        try await PostgresTestDatabase.withStore { store in
            let id = try #require(try await store.insertBreach(Self.breach("Messy")).id)
            let entries = (0 ..< 100).map { IndexEntry(hash: Self.hash(UInt64($0 % 10)), person: Int64($0), classes: 1 << UInt64($0 % 7)) }
            try await store.writeEntries(entries, breachId: id, checkpoint: 1)
            let counts = try await store.counts(breachId: id)
            #expect(counts.entries == 10 && counts.persons == 10)
            // Hash 3 came with n = 3, 13, ..., 93: the first person, the classes of all ten.
            let classes = (0 ..< 10).reduce(UInt64(0)) { $0 | 1 << UInt64((3 + 10 * $1) % 7) }
            #expect(try await store.lookup(Self.hash(3)) == [EntryHit(breachId: id, person: 3, classes: classes)])
        }
    }

    @Test func apiKeysRoundTripAndRevokeOnce() async throws {
        try await PostgresTestDatabase.withStore { store in
            let k1 = APIKeyRecord(id: "lt_0000000a", keyHash: String(repeating: "1", count: 64), label: "Bank", rpm: 60, createdAt: "2024-06-01T00:00:00Z")
            let k2 = APIKeyRecord(id: "lt_0000000b", keyHash: String(repeating: "2", count: 64), label: "Telco", rpm: 10, createdAt: "2024-06-02T00:00:00Z")
            try await store.insertAPIKey(k2)
            try await store.insertAPIKey(k1)
            await #expect {
                try await store.insertAPIKey(k1)
            } throws: { ($0 as? StoreError)?.code == .conflict }
            #expect(try await store.apiKeys() == [k1, k2])
            #expect(try await store.apiKey(keyHash: k2.keyHash) == k2)
            #expect(try await store.apiKey(keyHash: "nope") == nil)
            #expect(try await store.revokeAPIKey(id: k1.id, at: "2024-07-01T00:00:00Z"))
            #expect(try await !store.revokeAPIKey(id: k1.id, at: "2024-07-02T00:00:00Z"))
            #expect(try await !store.revokeAPIKey(id: "lt_ffffffff", at: "2024-07-02T00:00:00Z"))
            #expect(try await store.apiKey(keyHash: k1.keyHash)?.revokedAt == "2024-07-01T00:00:00Z")
        }
    }

    @Test func challengesCountAttemptsAndExpire() async throws {
        try await PostgresTestDatabase.withStore { store in
            let c1 = OwnershipChallenge(id: "c1", contactHash: String(repeating: "a", count: 32), contactType: .email, codeHash: "h1", expiresAt: 1_000)
            let c2 = OwnershipChallenge(id: "c2", contactHash: String(repeating: "b", count: 32), contactType: .phone, codeHash: "h2", expiresAt: 2_000, attempts: 2)
            try await store.insertChallenge(c1)
            try await store.insertChallenge(c2)
            #expect(try await store.challenge(id: "c1") == c1)
            #expect(try await store.challenge(id: "c2") == c2)
            #expect(try await store.challenge(id: "c3") == nil)
            #expect(try await store.recordFailedAttempt(challengeId: "c2") == 3)
            #expect(try await store.recordFailedAttempt(challengeId: "c2") == 4)
            try await store.purgeChallenges(before: 1_500)
            #expect(try await store.challenge(id: "c1") == nil)
            #expect(try await store.challenge(id: "c2")?.attempts == 4)
            try await store.deleteChallenge(id: "c2")
            #expect(try await store.challenge(id: "c2") == nil)
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
            let key = try IndexKey(secret: (0 ..< 32).map { UInt8($0) })
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
                "SELECT table_name FROM information_schema.tables WHERE table_schema = \(schema) ORDER BY 1", logger: PostgresTestDatabase.logger
            ).collect().map { try $0.decode(String.self) }
            #expect(Set(tables).isSuperset(of: ["breach", "index_entry", "api_key", "ownership_challenge", "setting", "schema_migration"]))
            var dump = ""
            for table in tables {
                // Names read from the catalogue of a schema this test made: all plain identifiers.
                let rows = try await store.client.query(
                    "SELECT t::text FROM \(unescaped: schema).\(unescaped: table) t", logger: PostgresTestDatabase.logger
                ).collect()
                for row in rows {
                    dump += try row.decode(String.self) + "\n"
                }
            }
            #expect(dump.contains("PlainCheck"))
            let hashes = try await store.client.query("SELECT string_agg(hash, ''::bytea) FROM \(unescaped: schema).index_entry", logger: PostgresTestDatabase.logger)
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

    /// Measures the batch upsert and the lookup (figures printed; no threshold: the machine is shared).
    @Test func upsertAndLookupSpeed() async throws {
        try await PostgresTestDatabase.withStore { store in
            let id = try #require(try await store.insertBreach(Self.breach("Speed")).id)
            let batch = 25_000
            let batches = 8
            let clock = ContinuousClock()
            var written = 0
            let elapsed = try await clock.measure {
                for b in 0 ..< batches {
                    let entries = (0 ..< batch).map { i in
                        IndexEntry(hash: Self.hash(UInt64(b * batch + i)), person: Int64(i / 3), classes: 1 << UInt64(i % 5))
                    }.sorted { $0.hash < $1.hash }
                    try await store.writeEntries(entries, breachId: id, checkpoint: b + 1)
                    written += entries.count
                }
            }
            // The same batch again: every row conflicts, classes unchanged.
            let again = (0 ..< batch).map { i in IndexEntry(hash: Self.hash(UInt64(i)), person: 0, classes: 1 << UInt64(i % 5)) }.sorted { $0.hash < $1.hash }
            let rewrite = try await clock.measure { try await store.writeEntries(again, breachId: id, checkpoint: batches) }
            #expect(try await store.counts(breachId: id).entries == written)

            let lookups = 2_000
            let lookupTime = try await clock.measure {
                for i in 0 ..< lookups {
                    _ = try await store.lookup(Self.hash(UInt64(i * 97 % written)))
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let rewriteSeconds = Double(rewrite.components.seconds) + Double(rewrite.components.attoseconds) / 1e18
            let lookupSeconds = Double(lookupTime.components.seconds) + Double(lookupTime.components.attoseconds) / 1e18
            print("PostgresStore speed: upsert \(Int(Double(written) / seconds)) rows/s (\(batches) x \(batch) new rows), re-upsert \(Int(Double(batch) / rewriteSeconds)) rows/s, lookup \(Int(lookupSeconds / Double(lookups) * 1e6)) µs each over \(written) rows")
        }
    }
}
