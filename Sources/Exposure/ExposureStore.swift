import LeakTraceCore

/// One identifier of one person in one breach: what the index stores. No value, only keyed hashes.
public struct IndexEntry: Sendable, Equatable {
    /// Keyed hash of the identifier (`IndexKey.hash`).
    public var hash: IdentifierHash
    /// The person the record names (48 bits of the keyed hash of its first MyKad, else phone,
    /// else email): links a MyKad to the phone or email an owner can prove.
    public var person: Int64
    /// `DataClass` bits exposed for this person in this breach (OR of their records).
    public var classes: UInt64

    public init(hash: IdentifierHash, person: Int64, classes: UInt64) {
        self.hash = hash
        self.person = person
        self.classes = classes
    }
}

/// A hit of a lookup: the identifier is in this breach, for this person, with these classes.
public struct EntryHit: Sendable, Equatable {
    public var breachId: Int64
    public var person: Int64
    public var classes: UInt64

    public init(breachId: Int64, person: Int64, classes: UInt64) {
        self.breachId = breachId
        self.person = person
        self.classes = classes
    }
}

/// An API key as stored: its keyed hash, never the key.
public struct APIKeyRecord: Sendable, Codable, Equatable {
    /// Short public id (`lt_` + 8 hex), shown in lists; the secret is shown once at creation.
    public var id: String
    /// `IndexKey.tokenHash(key, purpose: "api-key")`.
    public var keyHash: String
    public var label: String
    /// Requests per minute allowed for this key.
    public var rpm: Int
    /// ISO 8601.
    public var createdAt: String
    public var revokedAt: String?

    public init(id: String, keyHash: String, label: String, rpm: Int, createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.keyHash = keyHash
        self.label = label
        self.rpm = rpm
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A pending proof of ownership: a one-time code sent to an email or phone.
public struct OwnershipChallenge: Sendable, Codable, Equatable {
    /// Random id given to the requester.
    public var id: String
    /// Keyed hash (hex of `IdentifierHash.bytes`) of the contact the code went to.
    public var contactHash: String
    public var contactType: LookupTypeName
    /// `IndexKey.tokenHash(code, purpose: "otp:" + id)`.
    public var codeHash: String
    /// Unix seconds.
    public var expiresAt: Int64
    public var attempts: Int

    public init(id: String, contactHash: String, contactType: LookupTypeName, codeHash: String, expiresAt: Int64, attempts: Int = 0) {
        self.id = id
        self.contactHash = contactHash
        self.contactType = contactType
        self.codeHash = codeHash
        self.expiresAt = expiresAt
        self.attempts = attempts
    }
}

/// `LookupType` by name, for stored rows.
public enum LookupTypeName: String, Sendable, Codable {
    case mykad
    case phone
    case email
}


/// What the breach index needs from a database. Implemented by `SQLiteStore` (GRDB, the embedded
/// default) and `PostgresStore` (PostgresNIO); one contract suite (Tests/StoreTests) runs on both.
///
/// Every write is idempotent where ingest can repeat it after a kill: `writeEntries` merges
/// classes with OR and keeps the first person, and commits its checkpoint in the same transaction.
public protocol ExposureStore: Sendable {
    /// Creates or upgrades the schema (ordered migrations shared by both engines).
    func migrate() async throws

    /// The key check value the index was made with, set on first use; a different one is
    /// refused with `StoreError.Code.wrongKey`.
    func bindKey(checkValue: String) async throws

    // MARK: Breaches

    /// All breaches, any status, ordered by title.
    func breaches() async throws -> [Breach]
    func breach(named name: String) async throws -> Breach?
    func breach(id: Int64) async throws -> Breach?
    /// Inserts a new breach (its `id` must be nil); returns it with its id. `conflict` if the name exists.
    func insertBreach(_ breach: Breach) async throws -> Breach
    /// Replaces the metadata of an existing breach (by id).
    func updateBreach(_ breach: Breach) async throws
    /// Deletes a breach, its entries and its ingest state. Returns false if there was none.
    func deleteBreach(named name: String) async throws -> Bool

    // MARK: Index

    /// Writes one batch of entries of a breach and sets its ingest checkpoint to `checkpoint`
    /// (records of the scan committed so far), in one transaction. Re-writing an entry ORs its
    /// classes and keeps its first person.
    func writeEntries(_ entries: [IndexEntry], breachId: Int64, checkpoint: Int) async throws
    /// Records committed by the last ingest of this breach (0 if none).
    func checkpoint(breachId: Int64) async throws -> Int
    /// Distinct persons and entries of a breach, counted from the index.
    func counts(breachId: Int64) async throws -> (persons: Int, entries: Int)
    /// Deletes every entry of a breach (retire), keeping the breach record.
    func deleteEntries(breachId: Int64) async throws
    /// Every entry with this hash, any breach.
    func lookup(_ hash: IdentifierHash) async throws -> [EntryHit]
    /// `lookup` without suspension, for a caller that must not leave its thread (the server's
    /// event-loop fast path); nil when the store can only answer asynchronously (PostgreSQL).
    var synchronousLookup: (@Sendable (IdentifierHash) throws -> [EntryHit])? { get }

    // MARK: API keys

    func insertAPIKey(_ key: APIKeyRecord) async throws
    func apiKeys() async throws -> [APIKeyRecord]
    func apiKey(keyHash: String) async throws -> APIKeyRecord?
    /// Marks a key revoked; false if no such key (or already revoked).
    func revokeAPIKey(id: String, at: String) async throws -> Bool

    // MARK: Ownership proofs

    func insertChallenge(_ challenge: OwnershipChallenge) async throws
    func challenge(id: String) async throws -> OwnershipChallenge?
    /// Counts a failed attempt; returns the new count.
    func recordFailedAttempt(challengeId: String) async throws -> Int
    func deleteChallenge(id: String) async throws
    /// Deletes challenges that expired before `now` (unix seconds).
    func purgeChallenges(before now: Int64) async throws
}

extension ExposureStore {
    public var synchronousLookup: (@Sendable (IdentifierHash) throws -> [EntryHit])? { nil }
}
