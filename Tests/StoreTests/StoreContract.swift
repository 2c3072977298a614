import Exposure
import Foundation
import LeakTraceCore
import Testing

/// The behaviour every `ExposureStore` adapter must have, as checks any suite of this target can
/// run against its engine. Each check takes a fresh, empty, migrated store from the factory.
///
/// ```swift
/// @Test(arguments: StoreContract.Check.allCases)
/// func contract(_ check: StoreContract.Check) async throws {
///     try await check.run { try await makeFreshMigratedStore() }
/// }
/// ```
///
/// Checks report through `#expect`/`#require`, so they must run inside a test. Fixtures are
/// synthetic. Where SQL engines may differ (row order of a lookup, collation), checks compare
/// in an engine-neutral way.
enum StoreContract {
    /// Returns a new, empty store on which `migrate()` has run.
    typealias Factory = @Sendable () async throws -> any ExposureStore

    enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case migrateTwiceIsHarmless
        case bindKeyAcceptsSameRejectsOther
        case breachRoundTrip
        case breachesOrderedByTitle
        case duplicateBreachNameConflicts
        case updateBreachReplacesMetadata
        case updateMissingBreachIsNotFound
        case deleteBreachDeletesItsEntries
        case writeEntriesIsIdempotent
        case rewriteMergesClassesKeepsFirstPerson
        case largeBatchRoundTrips
        case checkpointCommittedWithEntries
        case writeToUnknownBreachWritesNothing
        case countsArePerBreach
        case lookupAcrossBreaches
        case deleteEntriesKeepsBreach
        case apiKeys
        case duplicateAPIKeyConflicts
        case challenges
        case purgeChallenges

        var testDescription: String { rawValue }

        /// Runs this check on a store made by `makeStore`.
        func run(_ makeStore: Factory) async throws {
            let store = try await makeStore()
            switch self {
            case .migrateTwiceIsHarmless: try await StoreContract.migrateTwiceIsHarmless(store)
            case .bindKeyAcceptsSameRejectsOther: try await StoreContract.bindKeyAcceptsSameRejectsOther(store)
            case .breachRoundTrip: try await StoreContract.breachRoundTrip(store)
            case .breachesOrderedByTitle: try await StoreContract.breachesOrderedByTitle(store)
            case .duplicateBreachNameConflicts: try await StoreContract.duplicateBreachNameConflicts(store)
            case .updateBreachReplacesMetadata: try await StoreContract.updateBreachReplacesMetadata(store)
            case .updateMissingBreachIsNotFound: try await StoreContract.updateMissingBreachIsNotFound(store)
            case .deleteBreachDeletesItsEntries: try await StoreContract.deleteBreachDeletesItsEntries(store)
            case .writeEntriesIsIdempotent: try await StoreContract.writeEntriesIsIdempotent(store)
            case .rewriteMergesClassesKeepsFirstPerson: try await StoreContract.rewriteMergesClassesKeepsFirstPerson(store)
            case .largeBatchRoundTrips: try await StoreContract.largeBatchRoundTrips(store)
            case .checkpointCommittedWithEntries: try await StoreContract.checkpointCommittedWithEntries(store)
            case .writeToUnknownBreachWritesNothing: try await StoreContract.writeToUnknownBreachWritesNothing(store)
            case .countsArePerBreach: try await StoreContract.countsArePerBreach(store)
            case .lookupAcrossBreaches: try await StoreContract.lookupAcrossBreaches(store)
            case .deleteEntriesKeepsBreach: try await StoreContract.deleteEntriesKeepsBreach(store)
            case .apiKeys: try await StoreContract.apiKeys(store)
            case .duplicateAPIKeyConflicts: try await StoreContract.duplicateAPIKeyConflicts(store)
            case .challenges: try await StoreContract.challenges(store)
            case .purgeChallenges: try await StoreContract.purgeChallenges(store)
            }
        }
    }

    // MARK: - Fixtures (synthetic)

    static func breach(_ name: String, title: String? = nil) -> Breach {
        Breach(
            name: name,
            title: title,
            domain: "example.my",
            breachDate: "2024-03-01",
            addedDate: "2024-05-02T10:20:30Z",
            description: "<p>Synthetic.</p>",
            dataClasses: ["Email addresses", "Names"]
        )
    }

    /// A breach with every field away from its default, to catch a column that is not stored.
    static func fullBreach(_ name: String) -> Breach {
        var b = breach(name, title: "Full \(name)")
        b.modifiedDate = "2024-06-03T01:02:03Z"
        b.pwnCount = 12345
        b.dataClasses = ["Dates of birth", "Government issued IDs", "Phone numbers"]
        b.isVerified = false
        b.isFabricated = true
        b.isSensitive = true
        b.isRetired = true
        b.isSpamList = true
        b.isMalware = true
        b.isSubscriptionFree = true
        b.isStealerLog = true
        b.logoPath = "/logos/x.png"
        b.sourceOrganisation = "Syarikat Contoh Sdn Bhd"
        b.snapshotEarliest = "2023-01-01"
        b.snapshotLatest = "2023-12-31"
        b.reportId = String(repeating: "ab", count: 32)
        b.fileSHA256 = String(repeating: "cd", count: 32)
        b.records = 99999
        b.status = .retired
        return b
    }

    /// A fixed hash per number, spread over the whole key space.
    static func hash(_ n: UInt64) -> IdentifierHash {
        IdentifierHash(high: n &* 0x9E37_79B9_7F4A_7C15, low: ~n)
    }

    /// `count` random entries, sorted by hash, distinct, as ingest hands them over.
    static func randomEntries(_ count: Int) -> [IndexEntry] {
        var rng = SystemRandomNumberGenerator()
        var seen = Set<IdentifierHash>()
        var out: [IndexEntry] = []
        out.reserveCapacity(count)
        while out.count < count {
            let h = IdentifierHash(high: rng.next(), low: rng.next())
            guard seen.insert(h).inserted else { continue }
            // A few entries share a person, as a record's MyKad, phone and email do.
            let person = out.count % 3 == 0 ? Int64(h.high >> 16) : out.last.map(\.person) ?? 0
            out.append(IndexEntry(hash: h, person: person, classes: rng.next() & 0x1F_FFFF))
        }
        return out.sorted { $0.hash < $1.hash }
    }

    static func inserted(_ store: any ExposureStore, _ name: String, title: String? = nil) async throws -> Int64 {
        let b = try await store.insertBreach(breach(name, title: title))
        return try #require(b.id)
    }

    /// Expects `body` to throw a `StoreError` with this code.
    static func expectStoreError(_ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected StoreError.\(code.rawValue), nothing was thrown", sourceLocation: sourceLocation)
        } catch let e as StoreError {
            #expect(e.code == code, "expected StoreError.\(code.rawValue), got .\(e.code.rawValue): \(e.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected StoreError.\(code.rawValue), got \(type(of: error))", sourceLocation: sourceLocation)
        }
    }

    static func sortedHits(_ hits: [EntryHit]) -> [EntryHit] {
        hits.sorted { $0.breachId < $1.breachId }
    }

    static func counts(_ store: any ExposureStore, _ breachId: Int64) async throws -> [Int] {
        let c = try await store.counts(breachId: breachId)
        return [c.persons, c.entries]
    }

    // MARK: - Schema and key

    static func migrateTwiceIsHarmless(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Kept")
        try await store.writeEntries([IndexEntry(hash: hash(1), person: 7, classes: 1)], breachId: id, checkpoint: 1)
        try await store.bindKey(checkValue: "00112233aabbccdd")
        try await store.migrate()
        try await store.migrate()
        #expect(try await store.breach(named: "Kept")?.id == id)
        #expect(try await store.lookup(hash(1)) == [EntryHit(breachId: id, person: 7, classes: 1)])
        #expect(try await store.checkpoint(breachId: id) == 1)
        await expectStoreError(.wrongKey) { try await store.bindKey(checkValue: "ffffffffffffffff") }
    }

    static func bindKeyAcceptsSameRejectsOther(_ store: any ExposureStore) async throws {
        try await store.bindKey(checkValue: "0123456789abcdef")
        try await store.bindKey(checkValue: "0123456789abcdef")
        await expectStoreError(.wrongKey) { try await store.bindKey(checkValue: "fedcba9876543210") }
        // The first value stays bound.
        try await store.bindKey(checkValue: "0123456789abcdef")
    }

    // MARK: - Breaches

    static func breachRoundTrip(_ store: any ExposureStore) async throws {
        var full = fullBreach("RoundTrip")
        let stored = try await store.insertBreach(full)
        let id = try #require(stored.id)
        full.id = id
        #expect(stored == full)
        #expect(try await store.breach(named: "RoundTrip") == full)
        #expect(try await store.breach(id: id) == full)
        // Defaults too (nil optionals, empty data classes).
        var plain = Breach(name: "Plain", breachDate: "2020-01-01", addedDate: "2020-02-02T00:00:00Z")
        let plainId = try #require(try await store.insertBreach(plain).id)
        plain.id = plainId
        #expect(plainId != id)
        #expect(try await store.breach(id: plainId) == plain)
        #expect(try await store.breach(named: "Missing") == nil)
        #expect(try await store.breach(id: id + plainId + 1000) == nil)
        #expect(try await store.checkpoint(breachId: id) == 0)
    }

    static func breachesOrderedByTitle(_ store: any ExposureStore) async throws {
        // Plain ASCII, one case: the same order under any collation.
        _ = try await inserted(store, "Aaa", title: "charlie leak")
        _ = try await inserted(store, "Bbb", title: "alpha leak")
        _ = try await inserted(store, "Ccc", title: "bravo leak")
        var retired = breach("Ddd", title: "delta leak")
        retired.status = .retired
        _ = try await store.insertBreach(retired)
        let all = try await store.breaches()
        #expect(all.map(\.title) == ["alpha leak", "bravo leak", "charlie leak", "delta leak"])
        #expect(all.map(\.name) == ["Bbb", "Ccc", "Aaa", "Ddd"])
        #expect(all.allSatisfy { $0.id != nil })
        #expect(all.last?.status == .retired)
    }

    static func duplicateBreachNameConflicts(_ store: any ExposureStore) async throws {
        _ = try await inserted(store, "Twice")
        await expectStoreError(.conflict) { _ = try await store.insertBreach(breach("Twice", title: "Other")) }
        #expect(try await store.breaches().count == 1)
        // Renaming onto an existing name is a conflict as well.
        let other = try await inserted(store, "Other")
        var renamed = try #require(try await store.breach(id: other))
        renamed.name = "Twice"
        await expectStoreError(.conflict) { try await store.updateBreach(renamed) }
        #expect(try await store.breach(id: other)?.name == "Other")
    }

    static func updateBreachReplacesMetadata(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Updated")
        try await store.writeEntries([IndexEntry(hash: hash(5), person: 1, classes: 2)], breachId: id, checkpoint: 3)
        var full = fullBreach("Updated")
        full.id = id
        try await store.updateBreach(full)
        #expect(try await store.breach(id: id) == full)
        // Metadata only: the ingest checkpoint and the entries stay.
        #expect(try await store.checkpoint(breachId: id) == 3)
        #expect(try await counts(store, id) == [1, 1])
        var back = full
        back.status = .ready
        back.sourceOrganisation = nil
        back.dataClasses = []
        try await store.updateBreach(back)
        #expect(try await store.breach(named: "Updated") == back)
    }

    static func updateMissingBreachIsNotFound(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Exists")
        var ghost = breach("Ghost")
        ghost.id = id + 1000
        await expectStoreError(.notFound) { try await store.updateBreach(ghost) }
        #expect(try await store.breach(named: "Ghost") == nil)
    }

    static func deleteBreachDeletesItsEntries(_ store: any ExposureStore) async throws {
        let a = try await inserted(store, "Gone")
        let b = try await inserted(store, "Stays")
        let shared = hash(42)
        try await store.writeEntries(
            [IndexEntry(hash: shared, person: 1, classes: 1), IndexEntry(hash: hash(43), person: 1, classes: 1)].sorted { $0.hash < $1.hash },
            breachId: a,
            checkpoint: 1
        )
        try await store.writeEntries([IndexEntry(hash: shared, person: 2, classes: 4)], breachId: b, checkpoint: 1)
        #expect(try await store.deleteBreach(named: "Gone"))
        #expect(try await store.breach(named: "Gone") == nil)
        #expect(try await store.breach(id: a) == nil)
        #expect(try await store.lookup(shared) == [EntryHit(breachId: b, person: 2, classes: 4)])
        #expect(try await store.lookup(hash(43)) == [])
        #expect(try await counts(store, a) == [0, 0])
        #expect(try await store.deleteBreach(named: "Gone") == false)
        #expect(try await store.breaches().map(\.name) == ["Stays"])
        // The name is free again, and the new breach starts from nothing.
        let again = try await inserted(store, "Gone")
        #expect(try await store.checkpoint(breachId: again) == 0)
        #expect(try await counts(store, again) == [0, 0])
    }

    // MARK: - Index

    static func writeEntriesIsIdempotent(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Idem")
        let batch = randomEntries(300)
        try await store.writeEntries(batch, breachId: id, checkpoint: 1)
        let first = try await counts(store, id)
        #expect(first == [Set(batch.map(\.person)).count, 300])
        // A resumed ingest writes the same batch again.
        try await store.writeEntries(batch, breachId: id, checkpoint: 1)
        #expect(try await counts(store, id) == first)
        #expect(try await store.checkpoint(breachId: id) == 1)
        for e in batch.prefix(20) {
            #expect(try await store.lookup(e.hash) == [EntryHit(breachId: id, person: e.person, classes: e.classes)])
        }
    }

    static func rewriteMergesClassesKeepsFirstPerson(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Merge")
        let h = hash(9)
        try await store.writeEntries([IndexEntry(hash: h, person: 100, classes: 0b0101)], breachId: id, checkpoint: 1)
        try await store.writeEntries([IndexEntry(hash: h, person: 200, classes: 0b0011)], breachId: id, checkpoint: 2)
        #expect(try await store.lookup(h) == [EntryHit(breachId: id, person: 100, classes: 0b0111)])
        // All 64 bits survive (the top one is the sign bit of a 64-bit SQL integer).
        let top: UInt64 = 1 << 63
        try await store.writeEntries([IndexEntry(hash: h, person: 300, classes: top)], breachId: id, checkpoint: 3)
        #expect(try await store.lookup(h) == [EntryHit(breachId: id, person: 100, classes: top | 0b0111)])
        let wide = hash(10)
        try await store.writeEntries([IndexEntry(hash: wide, person: (1 << 48) - 1, classes: .max)], breachId: id, checkpoint: 4)
        #expect(try await store.lookup(wide) == [EntryHit(breachId: id, person: (1 << 48) - 1, classes: .max)])
        #expect(try await counts(store, id) == [2, 2])
    }

    static func largeBatchRoundTrips(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Large")
        // Not a multiple of any likely chunk size.
        let batch = randomEntries(12_345)
        try await store.writeEntries(batch, breachId: id, checkpoint: 1)
        #expect(try await counts(store, id) == [Set(batch.map(\.person)).count, batch.count])
        for i in Array(stride(from: 0, to: batch.count, by: 97)) + [batch.count - 1] {
            let e = batch[i]
            #expect(try await store.lookup(e.hash) == [EntryHit(breachId: id, person: e.person, classes: e.classes)])
        }
        #expect(try await store.lookup(hash(123_456_789)) == [])
    }

    static func checkpointCommittedWithEntries(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Resume")
        #expect(try await store.checkpoint(breachId: id) == 0)
        for n in 1...3 {
            try await store.writeEntries(randomEntries(50), breachId: id, checkpoint: n)
            // What a resumed ingest would see: the checkpoint and every entry it counts.
            #expect(try await store.checkpoint(breachId: id) == n)
            #expect(try await store.counts(breachId: id).entries == 50 * n)
        }
        // An empty batch still moves the checkpoint.
        try await store.writeEntries([], breachId: id, checkpoint: 4)
        #expect(try await store.checkpoint(breachId: id) == 4)
        #expect(try await store.counts(breachId: id).entries == 150)
    }

    static func writeToUnknownBreachWritesNothing(_ store: any ExposureStore) async throws {
        let id = try await inserted(store, "Known")
        let batch = randomEntries(40)
        // The transaction fails as a whole: no entry without its checkpoint.
        await expectStoreError(.notFound) { try await store.writeEntries(batch, breachId: id + 1000, checkpoint: 1) }
        #expect(try await store.lookup(batch[0].hash) == [])
        #expect(try await counts(store, id + 1000) == [0, 0])
        #expect(try await store.checkpoint(breachId: id) == 0)
    }

    static func countsArePerBreach(_ store: any ExposureStore) async throws {
        let a = try await inserted(store, "CountA")
        let b = try await inserted(store, "CountB")
        let e = (1...5).map { hash(UInt64($0)) }.sorted()
        // A: persons 1, 1, 2 -> 2 persons, 3 entries. B: person 3 -> 1 person, 2 entries.
        try await store.writeEntries(
            [
                IndexEntry(hash: e[0], person: 1, classes: 1), IndexEntry(hash: e[1], person: 1, classes: 2),
                IndexEntry(hash: e[2], person: 2, classes: 1),
            ],
            breachId: a,
            checkpoint: 1
        )
        try await store.writeEntries(
            [IndexEntry(hash: e[0], person: 3, classes: 1), IndexEntry(hash: e[3], person: 3, classes: 1)],
            breachId: b,
            checkpoint: 1
        )
        #expect(try await counts(store, a) == [2, 3])
        #expect(try await counts(store, b) == [1, 2])
        #expect(try await counts(store, b + 1000) == [0, 0])
    }

    static func lookupAcrossBreaches(_ store: any ExposureStore) async throws {
        let a = try await inserted(store, "LookA")
        let b = try await inserted(store, "LookB")
        let h = hash(77)
        try await store.writeEntries([IndexEntry(hash: h, person: 10, classes: 0b1)], breachId: a, checkpoint: 1)
        try await store.writeEntries(
            [IndexEntry(hash: h, person: 20, classes: 0b10), IndexEntry(hash: hash(78), person: 20, classes: 0b10)].sorted { $0.hash < $1.hash },
            breachId: b,
            checkpoint: 1
        )
        #expect(
            sortedHits(try await store.lookup(h)) == [
                EntryHit(breachId: a, person: 10, classes: 0b1), EntryHit(breachId: b, person: 20, classes: 0b10),
            ]
        )
        #expect(try await store.lookup(hash(78)) == [EntryHit(breachId: b, person: 20, classes: 0b10)])
        #expect(try await store.lookup(hash(79)) == [])
        // A hash differing in its last bit only is another identifier.
        #expect(try await store.lookup(IdentifierHash(high: h.high, low: h.low ^ 1)) == [])
    }

    static func deleteEntriesKeepsBreach(_ store: any ExposureStore) async throws {
        let a = try await inserted(store, "Retire")
        let b = try await inserted(store, "Other")
        let batch = randomEntries(100)
        try await store.writeEntries(batch, breachId: a, checkpoint: 2)
        try await store.writeEntries(Array(batch.prefix(10)), breachId: b, checkpoint: 1)
        try await store.deleteEntries(breachId: a)
        #expect(try await counts(store, a) == [0, 0])
        #expect(try await store.counts(breachId: b).entries == 10)
        #expect(try await store.breach(id: a)?.name == "Retire")
        // No batch of it is committed any more.
        #expect(try await store.checkpoint(breachId: a) == 0)
        #expect(try await store.checkpoint(breachId: b) == 1)
        #expect(try await store.lookup(batch[0].hash).map(\.breachId) == [b])
        #expect(try await store.lookup(batch[50].hash) == [])
    }

    // MARK: - API keys

    static func apiKeys(_ store: any ExposureStore) async throws {
        let k1 = APIKeyRecord(
            id: "lt_00000001",
            keyHash: String(repeating: "1", count: 64),
            label: "newsroom",
            rpm: 60,
            createdAt: "2024-01-01T00:00:00Z"
        )
        let k2 = APIKeyRecord(
            id: "lt_00000002",
            keyHash: String(repeating: "2", count: 64),
            label: "cert",
            rpm: 600,
            createdAt: "2024-02-01T00:00:00Z"
        )
        #expect(try await store.apiKeys() == [])
        try await store.insertAPIKey(k2)
        try await store.insertAPIKey(k1)
        // Oldest first.
        #expect(try await store.apiKeys() == [k1, k2])
        #expect(try await store.apiKey(keyHash: k2.keyHash) == k2)
        #expect(try await store.apiKey(keyHash: String(repeating: "3", count: 64)) == nil)
        #expect(try await store.revokeAPIKey(id: k1.id, at: "2024-03-01T00:00:00Z"))
        var revoked = k1
        revoked.revokedAt = "2024-03-01T00:00:00Z"
        // A revoked key is still found (the caller refuses it) and keeps its first revocation time.
        #expect(try await store.apiKey(keyHash: k1.keyHash) == revoked)
        #expect(try await store.revokeAPIKey(id: k1.id, at: "2024-04-01T00:00:00Z") == false)
        #expect(try await store.revokeAPIKey(id: "lt_ffffffff", at: "2024-04-01T00:00:00Z") == false)
        #expect(try await store.apiKeys() == [revoked, k2])
    }

    static func duplicateAPIKeyConflicts(_ store: any ExposureStore) async throws {
        let k = APIKeyRecord(id: "lt_0000000a", keyHash: String(repeating: "a", count: 64), label: "x", rpm: 1, createdAt: "2024-01-01T00:00:00Z")
        try await store.insertAPIKey(k)
        var sameId = k
        sameId.keyHash = String(repeating: "b", count: 64)
        await expectStoreError(.conflict) { try await store.insertAPIKey(sameId) }
        var sameHash = k
        sameHash.id = "lt_0000000b"
        await expectStoreError(.conflict) { try await store.insertAPIKey(sameHash) }
        #expect(try await store.apiKeys() == [k])
    }

    // MARK: - Ownership challenges

    static func challenges(_ store: any ExposureStore) async throws {
        let c = OwnershipChallenge(
            id: "ch-1",
            contactHash: String(repeating: "e", count: 32),
            contactType: .phone,
            codeHash: String(repeating: "f", count: 64),
            expiresAt: 1_700_000_600
        )
        try await store.insertChallenge(c)
        #expect(try await store.challenge(id: "ch-1") == c)
        #expect(try await store.challenge(id: "ch-2") == nil)
        await expectStoreError(.conflict) { try await store.insertChallenge(c) }
        #expect(try await store.recordFailedAttempt(challengeId: "ch-1") == 1)
        #expect(try await store.recordFailedAttempt(challengeId: "ch-1") == 2)
        #expect(try await store.challenge(id: "ch-1")?.attempts == 2)
        await expectStoreError(.notFound) { _ = try await store.recordFailedAttempt(challengeId: "ch-2") }
        let email = OwnershipChallenge(
            id: "ch-3",
            contactHash: String(repeating: "d", count: 32),
            contactType: .email,
            codeHash: String(repeating: "c", count: 64),
            expiresAt: 1_700_000_900,
            attempts: 1
        )
        try await store.insertChallenge(email)
        #expect(try await store.challenge(id: "ch-3") == email)
        try await store.deleteChallenge(id: "ch-1")
        #expect(try await store.challenge(id: "ch-1") == nil)
        // Deleting what is not there is not an error.
        try await store.deleteChallenge(id: "ch-1")
        #expect(try await store.challenge(id: "ch-3") == email)
    }

    static func purgeChallenges(_ store: any ExposureStore) async throws {
        let now: Int64 = 1_700_000_000
        func challenge(_ id: String, expiresAt: Int64) -> OwnershipChallenge {
            OwnershipChallenge(id: id, contactHash: "00", contactType: .mykad, codeHash: "11", expiresAt: expiresAt)
        }
        try await store.insertChallenge(challenge("old", expiresAt: now - 1))
        try await store.insertChallenge(challenge("edge", expiresAt: now))
        try await store.insertChallenge(challenge("live", expiresAt: now + 300))
        try await store.purgeChallenges(before: now)
        #expect(try await store.challenge(id: "old") == nil)
        // Expired *before* now only.
        #expect(try await store.challenge(id: "edge") != nil)
        #expect(try await store.challenge(id: "live") != nil)
    }
}
