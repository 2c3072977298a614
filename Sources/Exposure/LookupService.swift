import Foundation
import LeakTraceCore
import Synchronization
import Triage

/// The lookup rules: which breaches an account is in, and what may be shown to whom.
///
/// - Only `ready` breaches that are not retired are served.
/// - Sensitive breaches only with a proof of ownership of the account looked up.
/// - A MyKad answers only with a proof of ownership of a phone or email that the same breach
///   links to the same person; without one the caller gets `ownershipRequired`, whatever the
///   MyKad, so the service is no MyKad-validity oracle.
/// - Answers name breaches and data classes, never a value.
public struct LookupService: Sendable {
    public struct Hit: Sendable, Equatable {
        public var breach: Breach
        /// The data classes exposed for this person in this breach, as a `DataClass` mask.
        public var classes: UInt64
        /// Data classes exposed for this person in this breach (HIBP titles, alphabetical); made
        /// on demand: a truncated answer names only the breach.
        public var personClasses: [String] { DataClass.titles(of: classes) }

        public init(breach: Breach, classes: UInt64) {
            self.breach = breach
            self.classes = classes
        }
    }

    public struct Filter: Sendable {
        public var includeUnverified = true
        /// Only breaches of this domain (case-insensitive), HIBP's `domain` parameter.
        public var domain: String?
        public init(includeUnverified: Bool = true, domain: String? = nil) {
            self.includeUnverified = includeUnverified
            self.domain = domain
        }
    }

    public enum Failure: Error, Sendable, Equatable {
        /// MyKad lookups need a proof of ownership of a linked phone or email.
        case ownershipRequired
    }

    public let store: any ExposureStore
    public let key: IndexKey
    private let catalogue: BreachCatalogue

    /// - Parameter catalogueTTL: seconds the breach list is cached (lookups read it on every request).
    public init(store: any ExposureStore, key: IndexKey, catalogueTTL: Double = 5) {
        self.store = store
        self.key = key
        self.catalogue = BreachCatalogue(ttl: catalogueTTL)
    }

    /// The breaches an account is in, ordered by breach name.
    /// - Throws: `Failure.ownershipRequired` for a MyKad without a valid linked proof.
    public func breaches(for account: Account, filter: Filter = Filter(), proof: OwnershipProof? = nil, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> [Hit] {
        let hash = key.hash(account.type, canonical: account.canonical)
        let proof = proof.flatMap { $0.expiresAt > now ? $0 : nil }
        var hits = try await store.lookup(hash)
        var owned = proof?.contactHash == hash
        if account.type == .mykad {
            guard let proof, proof.contactType != .mykad else { throw Failure.ownershipRequired }
            // Keep the breaches in which the proven contact belongs to the same person.
            let contactHits = try await store.lookup(proof.contactHash)
            let linked = Set(contactHits.map { PersonKey(breachId: $0.breachId, person: $0.person) })
            hits = hits.filter { linked.contains(PersonKey(breachId: $0.breachId, person: $0.person)) }
            owned = true
        }
        guard !hits.isEmpty else { return [] }
        let byId = try await catalogue.breaches(store: store)
        return Self.select(hits, byId: byId, owned: owned, filter: filter)
    }

    /// A lookup that can run to its end without suspension: made before any cost is charged to
    /// the caller (a rate-limit token), so a caller that gets nil can hand the request to the
    /// asynchronous path unchanged.
    public struct Immediate: Sendable {
        let hash: IdentifierHash
        let byId: [Int64: Breach]
        let probe: @Sendable (IdentifierHash) throws -> [EntryHit]
        let filter: Filter

        /// `breaches(for:filter:)`'s answer.
        public func run() throws -> [Hit] {
            let hits = try probe(hash)
            guard !hits.isEmpty else { return [] }
            return LookupService.select(hits, byId: byId, owned: false, filter: filter)
        }
    }

    /// `breaches(for:filter:)` without a proof, if it can run without suspension: the store has
    /// a synchronous probe, the breach list is cached and fresh, and the account is not a MyKad
    /// (which needs a proof). Nil otherwise.
    public func immediate(for account: Account, filter: Filter = Filter()) -> Immediate? {
        guard account.type != .mykad, let probe = store.synchronousLookup, let byId = catalogue.fresh() else { return nil }
        return Immediate(hash: key.hash(account.type, canonical: account.canonical), byId: byId, probe: probe, filter: filter)
    }

    /// The served breaches among an identifier's entries, by breach name.
    static func select(_ hits: [EntryHit], byId: [Int64: Breach], owned: Bool, filter: Filter) -> [Hit] {
        var result: [Hit] = []
        for h in hits {
            guard let b = byId[h.breachId], b.status == .ready, !b.isRetired else { continue }
            if b.isSensitive && !owned { continue }
            if !filter.includeUnverified && !b.isVerified { continue }
            if let d = filter.domain, b.domain.lowercased() != d.lowercased() { continue }
            result.append(Hit(breach: b, classes: h.classes))
        }
        return result.sorted { $0.breach.name < $1.breach.name }
    }

    /// Every served breach (HIBP `/breaches`: all but those being indexed), by title.
    public func catalogueBreaches() async throws -> [Breach] {
        try await catalogue.breaches(store: store).values.filter { $0.status != .indexing }.sorted { $0.title.lowercased() < $1.title.lowercased() }
    }

    /// Forgets the cached breach list (after an admin change).
    public func invalidateCatalogue() {
        catalogue.invalidate()
    }

    struct PersonKey: Hashable {
        var breachId: Int64
        var person: Int64
    }
}

/// The breach list, cached for a few seconds: lookups need it on every request.
final class BreachCatalogue: Sendable {
    private let ttl: Double
    private let cached = Mutex<(at: Double, byId: [Int64: Breach])?>(nil)

    init(ttl: Double) {
        self.ttl = ttl
    }

    func breaches(store: any ExposureStore) async throws -> [Int64: Breach] {
        let t = Date().timeIntervalSince1970
        if let c = cached.withLock({ $0 }), t - c.at < ttl { return c.byId }
        let list = try await store.breaches()
        var byId: [Int64: Breach] = [:]
        for b in list { if let id = b.id { byId[id] = b } }
        cached.withLock { $0 = (t, byId) }
        return byId
    }

    /// The cached list if it is younger than the TTL; nil otherwise (nothing is read).
    func fresh() -> [Int64: Breach]? {
        let t = Date().timeIntervalSince1970
        guard let c = cached.withLock({ $0 }), t - c.at < ttl else { return nil }
        return c.byId
    }

    func invalidate() {
        cached.withLock { $0 = nil }
    }
}
