import Exposure
import GRDB
import LeakTraceCore

// MARK: - API keys

extension SQLiteStore {
    public func insertAPIKey(_ key: APIKeyRecord) async throws {
        try await run("insert an API key") {
            try await writer.write { db in
                try APIKeyRow(key).insert(db)
            }
        }
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await run("list API keys") {
            try await writer.read { db in
                try APIKeyRow.all().orderedByCreation().fetchAll(db).map(\.record)
            }
        }
    }

    public func apiKey(keyHash: String) async throws -> APIKeyRecord? {
        try await run("read an API key") {
            try await writer.read { db in
                try APIKeyRow.filter(APIKeyRow.Columns.keyHash == keyHash).fetchOne(db)?.record
            }
        }
    }

    public func revokeAPIKey(id: String, at: String) async throws -> Bool {
        try await run("revoke an API key") {
            try await writer.write { db in
                try APIKeyRow
                    .filter(key: id)
                    .filter(APIKeyRow.Columns.revokedAt == nil)
                    .updateAll(db, APIKeyRow.Columns.revokedAt.set(to: at)) > 0
            }
        }
    }
}

// MARK: - Ownership challenges

extension SQLiteStore {
    public func insertChallenge(_ challenge: OwnershipChallenge) async throws {
        try await run("insert a challenge") {
            try await writer.write { db in
                try ChallengeRow(challenge).insert(db)
            }
        }
    }

    public func challenge(id: String) async throws -> OwnershipChallenge? {
        try await run("read a challenge") {
            try await writer.read { db in
                try ChallengeRow.fetchOne(db, key: id)?.challenge
            }
        }
    }

    public func recordFailedAttempt(challengeId: String) async throws -> Int {
        try await run("count a failed attempt") {
            try await writer.write { db in
                let count = try Int.fetchOne(
                    db,
                    sql: "UPDATE ownership_challenge SET attempts = attempts + 1 WHERE id = ? RETURNING attempts",
                    arguments: [challengeId]
                )
                guard let count else { throw StoreError(.notFound, "sqlite: no such challenge") }
                return count
            }
        }
    }

    public func deleteChallenge(id: String) async throws {
        try await run("delete a challenge") {
            try await writer.write { db in
                _ = try ChallengeRow.deleteOne(db, key: id)
            }
        }
    }

    public func purgeChallenges(before now: Int64) async throws {
        try await run("purge expired challenges") {
            try await writer.write { db in
                _ = try ChallengeRow.filter(ChallengeRow.Columns.expiresAt < now).deleteAll(db)
            }
        }
    }
}
