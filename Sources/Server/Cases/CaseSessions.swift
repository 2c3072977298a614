import Crypto
import Foundation
import Incidents
import LeakTraceCore

/// A signed-in browser: stored through the `IncidentStore` as kind `.session`, keyed by the
/// SHA-256 (hex) of the cookie's token, so the token itself is never stored and several server
/// processes on one database share sessions.
struct WebSession: Codable, Sendable {
    var personID: String
    var created: Date
    /// Refreshed at most once a minute by requests; the session ends `idle` seconds after it.
    var lastSeen: Date
    var expires: Date
    /// The synchronizer token every state-changing request must carry (form field `csrf` or
    /// header `X-CSRF-Token`).
    var csrf: String
}

/// The person behind a request, with their session.
struct SignedIn: Sendable {
    var person: Person
    var session: WebSession
    /// The id (hex SHA-256 of the token) the session is stored under.
    var sessionID: String
}

/// Creates, finds and ends sessions.
struct CaseSessions: Sendable {
    let service: CaseService
    let idle: Double
    let now: @Sendable () -> Date

    init(service: CaseService, idle: Double, now: @escaping @Sendable () -> Date = { Date() }) {
        self.service = service
        self.idle = idle
        self.now = now
    }

    /// 32 random bytes, hex.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return Hex.encode((0 ..< 32).map { _ in UInt8.random(in: 0 ... 255, using: &g) })
    }

    static func id(of token: String) -> String {
        Hex.encode(Array(SHA256.hash(data: Array(token.utf8))))
    }

    /// Starts a session for `person`; returns the cookie token.
    func start(for person: Person) async throws -> (token: String, session: WebSession) {
        let token = Self.randomToken()
        let t = now()
        let s = WebSession(personID: person.id, created: t, lastSeen: t, expires: t.addingTimeInterval(idle), csrf: Self.randomToken())
        try await service.store.put(.session, id: Self.id(of: token), caseID: nil, s)
        return (token, s)
    }

    /// The signed-in person of a cookie token, or nil (no such session, expired, person gone).
    func find(token: String) async throws -> SignedIn? {
        guard token.utf8.count == 64, token.utf8.allSatisfy({ (0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0) }) else { return nil }
        let id = Self.id(of: token)
        guard var s = try await service.store.get(.session, id: id, as: WebSession.self) else { return nil }
        let t = now()
        guard s.expires > t else {
            try? await service.store.deleteRecord(.session, id: id)
            return nil
        }
        guard let person = try await service.person(id: s.personID) else { return nil }
        if t.timeIntervalSince(s.lastSeen) > 60 {
            s.lastSeen = t
            s.expires = t.addingTimeInterval(idle)
            try await service.store.put(.session, id: id, caseID: nil, s)
        }
        return SignedIn(person: person, session: s, sessionID: id)
    }

    func end(sessionID: String) async throws {
        try await service.store.deleteRecord(.session, id: sessionID)
    }

    /// Constant-time comparison of two tokens.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var d: UInt8 = 0
        for i in 0 ..< x.count { d |= x[i] ^ y[i] }
        return d == 0
    }
}
