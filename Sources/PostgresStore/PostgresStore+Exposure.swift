import Exposure
import Foundation
import LeakTraceCore
import PostgresNIO

// MARK: - Key

extension PostgresStore {
    /// The `setting` row holding the index key's check value.
    static let keyCheckSetting = "key_check"

    public func bindKey(checkValue: String) async throws {
        let stored: String? = try await translating("check the index key") {
            try await client.withTransaction(logger: logger) { conn in
                try await conn.query(
                    "INSERT INTO setting (name, value) VALUES (\(Self.keyCheckSetting), \(checkValue)) ON CONFLICT (name) DO NOTHING",
                    logger: logger
                ).drain()
                var value: String?
                for try await v in try await conn.query("SELECT value FROM setting WHERE name = \(Self.keyCheckSetting)", logger: logger).decode(
                    String.self
                ) {
                    value = v
                }
                return value
            }
        }
        guard stored == checkValue else {
            throw StoreError(
                .wrongKey,
                "this database was indexed with another index key (or is not a LeakTrace database); use the key it was made with"
            )
        }
    }
}

// MARK: - Breaches

extension PostgresStore {
    /// Every column of `breach`, in the order `breach(from:)` reads them by name.
    static let breachColumns = """
        id, name, title, domain, breach_date, added_date, modified_date, pwn_count, description, data_classes, \
        is_verified, is_fabricated, is_sensitive, is_retired, is_spam_list, is_malware, is_subscription_free, \
        is_stealer_log, logo_path, source_organisation, snapshot_earliest, snapshot_latest, report_id, \
        file_sha256, records, status, checkpoint
        """

    public func breaches() async throws -> [Breach] {
        try await translating("list breaches") {
            try await rows("SELECT \(unescaped: Self.breachColumns) FROM breach ORDER BY title COLLATE \"C\", id").map(Self.breach(from:))
        }
    }

    public func breach(named name: String) async throws -> Breach? {
        try await translating("read a breach") {
            try await rows("SELECT \(unescaped: Self.breachColumns) FROM breach WHERE name = \(name)").first.map(Self.breach(from:))
        }
    }

    public func breach(id: Int64) async throws -> Breach? {
        try await translating("read a breach") {
            try await rows("SELECT \(unescaped: Self.breachColumns) FROM breach WHERE id = \(id)").first.map(Self.breach(from:))
        }
    }

    public func insertBreach(_ breach: Breach) async throws -> Breach {
        guard breach.id == nil else {
            throw StoreError(.conflict, "cannot insert breach \(breach.name): it already has an id (update it instead)")
        }
        let classes = try Self.json(breach.dataClasses)
        let inserted = try await translating("insert a breach") {
            try await rows(
                """
                INSERT INTO breach (name, title, domain, breach_date, added_date, modified_date, pwn_count, description,
                    data_classes, is_verified, is_fabricated, is_sensitive, is_retired, is_spam_list, is_malware,
                    is_subscription_free, is_stealer_log, logo_path, source_organisation, snapshot_earliest,
                    snapshot_latest, report_id, file_sha256, records, status)
                VALUES (\(breach.name), \(breach.title), \(breach.domain), \(breach.breachDate), \(breach.addedDate),
                    \(breach.modifiedDate), \(breach.pwnCount), \(breach.description), \(classes), \(breach.isVerified),
                    \(breach.isFabricated), \(breach.isSensitive), \(breach.isRetired), \(breach.isSpamList),
                    \(breach.isMalware), \(breach.isSubscriptionFree), \(breach.isStealerLog), \(breach.logoPath),
                    \(breach.sourceOrganisation), \(breach.snapshotEarliest), \(breach.snapshotLatest), \(breach.reportId),
                    \(breach.fileSHA256), \(breach.records), \(breach.status.rawValue))
                ON CONFLICT (name) DO NOTHING
                RETURNING id
                """
            )
        }
        guard let row = inserted.first else {
            throw StoreError(.conflict, "a breach named \(breach.name) exists")
        }
        var stored = breach
        stored.id = try await translating("insert a breach") { try row.decode(Int64.self) }
        return stored
    }

    public func updateBreach(_ breach: Breach) async throws {
        guard let id = breach.id else {
            throw StoreError(.notFound, "cannot update breach \(breach.name): it has no id (insert it first)")
        }
        let classes = try Self.json(breach.dataClasses)
        let updated = try await translating("update a breach") {
            try await rows(
                """
                UPDATE breach SET name = \(breach.name), title = \(breach.title), domain = \(breach.domain),
                    breach_date = \(breach.breachDate), added_date = \(breach.addedDate), modified_date = \(breach.modifiedDate),
                    pwn_count = \(breach.pwnCount), description = \(breach.description), data_classes = \(classes),
                    is_verified = \(breach.isVerified), is_fabricated = \(breach.isFabricated), is_sensitive = \(breach.isSensitive),
                    is_retired = \(breach.isRetired), is_spam_list = \(breach.isSpamList), is_malware = \(breach.isMalware),
                    is_subscription_free = \(breach.isSubscriptionFree), is_stealer_log = \(breach.isStealerLog),
                    logo_path = \(breach.logoPath), source_organisation = \(breach.sourceOrganisation),
                    snapshot_earliest = \(breach.snapshotEarliest), snapshot_latest = \(breach.snapshotLatest),
                    report_id = \(breach.reportId), file_sha256 = \(breach.fileSHA256), records = \(breach.records),
                    status = \(breach.status.rawValue)
                WHERE id = \(id)
                RETURNING id
                """
            )
        }
        guard !updated.isEmpty else {
            throw StoreError(.notFound, "no breach with id \(id)")
        }
    }

    public func deleteBreach(named name: String) async throws -> Bool {
        try await translating("delete a breach") {
            try await client.withTransaction(logger: logger) { conn in
                var deleted: Int64?
                for try await id in try await conn.query("DELETE FROM breach WHERE name = \(name) RETURNING id", logger: logger).decode(Int64.self) {
                    deleted = id
                }
                guard let deleted else { return false }
                try await conn.query("DELETE FROM index_entry WHERE breach_id = \(deleted)", logger: logger).drain()
                return true
            }
        }
    }

    static func breach(from row: PostgresRow) throws -> Breach {
        let r = row.makeRandomAccess()
        let classesText = try r["data_classes"].decode(String.self)
        guard let classes = try? JSONDecoder().decode([String].self, from: Data(classesText.utf8)) else {
            throw StoreError(.unavailable, "a breach's data_classes column is not a JSON array of strings")
        }
        let statusText = try r["status"].decode(String.self)
        guard let status = Breach.Status(rawValue: statusText) else {
            throw StoreError(.unavailable, "a breach has an unknown status")
        }
        var b = Breach(
            name: try r["name"].decode(String.self),
            title: try r["title"].decode(String.self),
            domain: try r["domain"].decode(String.self),
            breachDate: try r["breach_date"].decode(String.self),
            addedDate: try r["added_date"].decode(String.self),
            pwnCount: try r["pwn_count"].decode(Int.self),
            description: try r["description"].decode(String.self),
            dataClasses: classes
        )
        b.id = try r["id"].decode(Int64.self)
        b.modifiedDate = try r["modified_date"].decode(String.self)
        b.isVerified = try r["is_verified"].decode(Bool.self)
        b.isFabricated = try r["is_fabricated"].decode(Bool.self)
        b.isSensitive = try r["is_sensitive"].decode(Bool.self)
        b.isRetired = try r["is_retired"].decode(Bool.self)
        b.isSpamList = try r["is_spam_list"].decode(Bool.self)
        b.isMalware = try r["is_malware"].decode(Bool.self)
        b.isSubscriptionFree = try r["is_subscription_free"].decode(Bool.self)
        b.isStealerLog = try r["is_stealer_log"].decode(Bool.self)
        b.logoPath = try r["logo_path"].decode(String.self)
        b.sourceOrganisation = try r["source_organisation"].decode(String?.self)
        b.snapshotEarliest = try r["snapshot_earliest"].decode(String?.self)
        b.snapshotLatest = try r["snapshot_latest"].decode(String?.self)
        b.reportId = try r["report_id"].decode(String?.self)
        b.fileSHA256 = try r["file_sha256"].decode(String?.self)
        b.records = try r["records"].decode(Int.self)
        b.status = status
        return b
    }

    static func json(_ strings: [String]) throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
        } catch {
            throw StoreError(.unavailable, "cannot encode data classes as JSON")
        }
    }
}

// MARK: - Index

extension PostgresStore {
    /// Upserts one batch with a single statement over four bound arrays (`UNNEST`), then moves the
    /// checkpoint, in one transaction. The checkpoint goes first: it locks the breach row (a
    /// concurrent `deleteBreach` waits) and fails with `notFound` before anything is written.
    ///
    /// Hashes travel as two `int8` arrays (high and low halves) and are put together as
    /// `int8send(high) || int8send(low)`, the same 16 big-endian bytes as `IdentifierHash.bytes`,
    /// without a buffer per row. A re-written entry ORs its classes and keeps its person; an entry
    /// whose classes would not change is not rewritten (no dead row on resume).
    public func writeEntries(_ entries: [IndexEntry], breachId: Int64, checkpoint: Int) async throws {
        let batch = Self.mergedByHash(entries)
        var highs: [Int64] = []
        var lows: [Int64] = []
        var persons: [Int64] = []
        var classes: [Int64] = []
        highs.reserveCapacity(batch.count)
        lows.reserveCapacity(batch.count)
        persons.reserveCapacity(batch.count)
        classes.reserveCapacity(batch.count)
        for e in batch {
            highs.append(Int64(bitPattern: e.hash.high))
            lows.append(Int64(bitPattern: e.hash.low))
            persons.append(e.person)
            classes.append(Int64(bitPattern: e.classes))
        }
        try await translating("write index entries") {
            try await client.withTransaction(logger: logger) { conn in
                var found = false
                for try await _ in try await conn.query(
                    "UPDATE breach SET checkpoint = \(checkpoint) WHERE id = \(breachId) RETURNING id",
                    logger: logger
                ) {
                    found = true
                }
                guard found else { throw StoreError(.notFound, "no breach with id \(breachId)") }
                guard !highs.isEmpty else { return }
                try await conn.query(
                    """
                    INSERT INTO index_entry (hash, breach_id, person, classes)
                    SELECT int8send(h) || int8send(l), \(breachId), p, c
                    FROM UNNEST(\(highs)::int8[], \(lows)::int8[], \(persons)::int8[], \(classes)::int8[]) AS t(h, l, p, c)
                    ON CONFLICT (hash, breach_id) DO UPDATE SET classes = index_entry.classes | excluded.classes
                    WHERE index_entry.classes | excluded.classes <> index_entry.classes
                    """,
                    logger: logger
                ).drain()
            }
        }
    }

    /// The batch sorted by hash with one entry per hash (classes ORed, first person kept): an
    /// upsert may not touch a row twice, and rows in key order lock in the same order in every
    /// writer. The ingest already sends batches this way; then the batch is returned as it is.
    static func mergedByHash(_ entries: [IndexEntry]) -> [IndexEntry] {
        var strictlyAscending = true
        for i in entries.indices.dropFirst() where !(entries[i - 1].hash < entries[i].hash) {
            strictlyAscending = false
            break
        }
        if strictlyAscending { return entries }
        // Sort by (hash, position) so "first" keeps its meaning whatever the sort's stability.
        let order = entries.indices.sorted { a, b in
            entries[a].hash != entries[b].hash ? entries[a].hash < entries[b].hash : a < b
        }
        var merged: [IndexEntry] = []
        merged.reserveCapacity(entries.count)
        for i in order {
            if let last = merged.last, last.hash == entries[i].hash {
                merged[merged.count - 1].classes |= entries[i].classes
            } else {
                merged.append(entries[i])
            }
        }
        return merged
    }

    public func checkpoint(breachId: Int64) async throws -> Int {
        try await translating("read an ingest checkpoint") {
            try await rows("SELECT checkpoint FROM breach WHERE id = \(breachId)").first?.decode(Int.self) ?? 0
        }
    }

    public func counts(breachId: Int64) async throws -> (persons: Int, entries: Int) {
        try await translating("count index entries") {
            guard let row = try await rows("SELECT count(DISTINCT person), count(*) FROM index_entry WHERE breach_id = \(breachId)").first else {
                return (0, 0)
            }
            let (persons, entries) = try row.decode((Int, Int).self)
            return (persons, entries)
        }
    }

    /// Deletes the entries and resets the checkpoint, in one transaction: no batch of the breach
    /// counts as committed any more.
    public func deleteEntries(breachId: Int64) async throws {
        try await translating("delete index entries") {
            try await client.withTransaction(logger: logger) { conn in
                try await conn.query("UPDATE breach SET checkpoint = 0 WHERE id = \(breachId)", logger: logger).drain()
                try await conn.query("DELETE FROM index_entry WHERE breach_id = \(breachId)", logger: logger).drain()
            }
        }
    }

    public func lookup(_ hash: IdentifierHash) async throws -> [EntryHit] {
        let key = ByteBuffer(bytes: hash.bytes)
        return try await translating("look up an identifier") {
            try await rows("SELECT breach_id, person, classes FROM index_entry WHERE hash = \(key) ORDER BY breach_id").map { row in
                let (breachId, person, classes) = try row.decode((Int64, Int64, Int64).self)
                return EntryHit(breachId: breachId, person: person, classes: UInt64(bitPattern: classes))
            }
        }
    }
}

// MARK: - API keys

extension PostgresStore {
    static let apiKeyColumns = "id, key_hash, label, rpm, created_at, revoked_at"

    public func insertAPIKey(_ key: APIKeyRecord) async throws {
        try await translating("insert an API key") {
            try await client.query(
                """
                INSERT INTO api_key (id, key_hash, label, rpm, created_at, revoked_at)
                VALUES (\(key.id), \(key.keyHash), \(key.label), \(key.rpm), \(key.createdAt), \(key.revokedAt))
                """,
                logger: logger
            ).drain()
        }
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await translating("list API keys") {
            try await rows("SELECT \(unescaped: Self.apiKeyColumns) FROM api_key ORDER BY created_at, id").map(Self.apiKey(from:))
        }
    }

    public func apiKey(keyHash: String) async throws -> APIKeyRecord? {
        try await translating("read an API key") {
            try await rows("SELECT \(unescaped: Self.apiKeyColumns) FROM api_key WHERE key_hash = \(keyHash)").first.map(Self.apiKey(from:))
        }
    }

    public func revokeAPIKey(id: String, at: String) async throws -> Bool {
        try await translating("revoke an API key") {
            try await !rows("UPDATE api_key SET revoked_at = \(at) WHERE id = \(id) AND revoked_at IS NULL RETURNING id").isEmpty
        }
    }

    static func apiKey(from row: PostgresRow) throws -> APIKeyRecord {
        let (id, keyHash, label, rpm, createdAt, revokedAt) = try row.decode((String, String, String, Int, String, String?).self)
        return APIKeyRecord(id: id, keyHash: keyHash, label: label, rpm: rpm, createdAt: createdAt, revokedAt: revokedAt)
    }
}

// MARK: - Ownership proofs

extension PostgresStore {
    public func insertChallenge(_ challenge: OwnershipChallenge) async throws {
        try await translating("insert an ownership challenge") {
            try await client.query(
                """
                INSERT INTO ownership_challenge (id, contact_hash, contact_type, code_hash, expires_at, attempts)
                VALUES (\(challenge.id), \(challenge.contactHash), \(challenge.contactType.rawValue), \(challenge.codeHash),
                    \(challenge.expiresAt), \(challenge.attempts))
                """,
                logger: logger
            ).drain()
        }
    }

    public func challenge(id: String) async throws -> OwnershipChallenge? {
        try await translating("read an ownership challenge") { () -> OwnershipChallenge? in
            let found = try await rows(
                """
                SELECT id, contact_hash, contact_type, code_hash, expires_at, attempts FROM ownership_challenge WHERE id = \(id)
                """
            )
            guard let row = found.first else { return nil }
            let (id, contactHash, typeText, codeHash, expiresAt, attempts) = try row.decode((String, String, String, String, Int64, Int).self)
            guard let type = LookupTypeName(rawValue: typeText) else {
                throw StoreError(.unavailable, "an ownership challenge has an unknown contact type")
            }
            return OwnershipChallenge(
                id: id,
                contactHash: contactHash,
                contactType: type,
                codeHash: codeHash,
                expiresAt: expiresAt,
                attempts: attempts
            )
        }
    }

    public func recordFailedAttempt(challengeId: String) async throws -> Int {
        try await translating("count a failed attempt") {
            guard
                let row = try await rows("UPDATE ownership_challenge SET attempts = attempts + 1 WHERE id = \(challengeId) RETURNING attempts").first
            else {
                throw StoreError(.notFound, "no such ownership challenge")
            }
            return try row.decode(Int.self)
        }
    }

    public func deleteChallenge(id: String) async throws {
        try await translating("delete an ownership challenge") {
            try await client.query("DELETE FROM ownership_challenge WHERE id = \(id)", logger: logger).drain()
        }
    }

    public func purgeChallenges(before now: Int64) async throws {
        try await translating("purge ownership challenges") {
            try await client.query("DELETE FROM ownership_challenge WHERE expires_at < \(now)", logger: logger).drain()
        }
    }
}

// MARK: - Helpers

extension PostgresStore {
    /// Runs one statement on a pooled connection and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }
}
