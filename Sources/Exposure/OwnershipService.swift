import Foundation
import LeakTraceCore
import Triage

/// Sends a one-time code to an email or phone. SMTP (Server's `SMTPSender`) and SMS gateways
/// implement it. A sender never logs the code or the address.
public protocol CodeSender: Sendable {
    /// - Parameters:
    ///   - code: the one-time code (digits).
    ///   - contact: where to send it (an email or a phone).
    ///   - language: `en` or `ms`.
    func send(code: String, to contact: Account, language: String) async throws
}

/// Proof of ownership by one-time code (spec/lookup-services.md §5, defence 4).
///
/// `start` always answers the same way for any well-formed email or phone, indexed or not, so it
/// is no membership oracle; limits are per contact (no mail bombing) and per caller (the server
/// applies them with `RateLimiter`). A code has 6 digits, lives `ttl` seconds, allows
/// `maxAttempts` wrong guesses, and is stored only as a keyed hash.
public struct OwnershipService: Sendable {
    public struct Policy: Sendable {
        public var ttl: Int64 = 600
        public var maxAttempts = 5
        /// How long a proof stays valid once the code is confirmed.
        public var proofTTL: Int64 = 1800
        /// Codes per contact per hour.
        public var codesPerContactPerHour = 3
        public init() {}
    }

    public enum Failure: Error, Sendable, Equatable {
        /// Only emails and phones can receive a code.
        case notAContact
        /// Unknown, expired or exhausted challenge.
        case challengeNotFound
        case wrongCode(attemptsLeft: Int)
        case tooManyCodes(retryAfter: Int)
    }

    public let store: any ExposureStore
    public let key: IndexKey
    public let sender: any CodeSender
    public let policy: Policy
    private let perContact: RateLimiter

    public init(store: any ExposureStore, key: IndexKey, sender: any CodeSender, policy: Policy = Policy(), limiter: RateLimiter = RateLimiter()) {
        self.store = store
        self.key = key
        self.sender = sender
        self.policy = policy
        self.perContact = limiter
    }

    /// Sends a code to `contact` and returns the challenge id the caller confirms with.
    public func start(contact: Account, language: String = "en", now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> (challengeId: String, expiresAt: Int64) {
        guard contact.type != .mykad else { throw Failure.notAContact }
        let hash = key.hash(contact.type, canonical: contact.canonical)
        // Per contact: no mail or SMS bombing of one address, whoever asks.
        if case .limited(let retry) = perContact.take("contact:" + hash.description, limit: policy.codesPerContactPerHour, per: 3600) {
            throw Failure.tooManyCodes(retryAfter: retry)
        }
        let id = OwnershipService.randomToken(bytes: 16)
        let code = OwnershipService.randomCode()
        let challenge = OwnershipChallenge(
            id: id, contactHash: hash.description, contactType: LookupTypeName(contact.type),
            codeHash: key.tokenHash(code, purpose: "otp:" + id), expiresAt: now + policy.ttl
        )
        try await store.purgeChallenges(before: now)
        try await store.insertChallenge(challenge)
        try await sender.send(code: code, to: contact, language: language)
        return (id, challenge.expiresAt)
    }

    /// Checks a code; on success returns the proof and deletes the challenge.
    public func confirm(challengeId: String, code: String, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> OwnershipProof {
        guard let c = try await store.challenge(id: challengeId), c.expiresAt > now, c.attempts < policy.maxAttempts,
              let hashBytes = Hex.decode(c.contactHash), let hash = IdentifierHash(bytes: hashBytes) else {
            throw Failure.challengeNotFound
        }
        let given = key.tokenHash(code.trimmingCharacters(in: .whitespaces), purpose: "otp:" + challengeId)
        guard OwnershipProof.constantTimeEqual(Array(given.utf8), Array(c.codeHash.utf8)) else {
            let attempts = try await store.recordFailedAttempt(challengeId: challengeId)
            if attempts >= policy.maxAttempts { try await store.deleteChallenge(id: challengeId) }
            throw Failure.wrongCode(attemptsLeft: max(0, policy.maxAttempts - attempts))
        }
        try await store.deleteChallenge(id: challengeId)
        return OwnershipProof(contactType: LookupType(c.contactType), contactHash: hash, expiresAt: now + policy.proofTTL)
    }

    static func randomToken(bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return Hex.encode((0 ..< bytes).map { _ in UInt8.random(in: 0 ... 255, using: &g) })
    }

    static func randomCode() -> String {
        var g = SystemRandomNumberGenerator()
        let n = Int.random(in: 0 ..< 1_000_000, using: &g)
        let s = String(n)
        return String(repeating: "0", count: 6 - s.count) + s
    }
}

extension LookupTypeName {
    public init(_ type: LookupType) {
        switch type {
        case .mykad: self = .mykad
        case .phone: self = .phone
        case .email: self = .email
        }
    }
}

extension LookupType {
    public init(_ name: LookupTypeName) {
        switch name {
        case .mykad: self = .mykad
        case .phone: self = .phone
        case .email: self = .email
        }
    }
}
