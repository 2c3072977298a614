import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Testing
import Triage

@Suite("Ownership proofs")
struct OwnershipTests {
    let json: HTTPFields = [.userAgent: "LeakTrace-ServerTests", .contentType: "application/json"]

    @Test func challengeVerifyAndLookupWithTheProof() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            let c = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": Fixture.phoneOtherSpelling, "language": "ms"]))
            #expect(c.status == .accepted)
            let co = try #require(try c.json() as? [String: Any])
            let id = try #require(co["ChallengeId"] as? String)
            #expect((co["ExpiresAt"] as? Int ?? 0) > Int(Date().timeIntervalSince1970))
            let code = try #require(f.sender.last)

            let wrong = code == "000000" ? "111111" : "000000"
            let w = try await client.execute(uri: "/api/v3/ownership/verify", method: .post, headers: json, body: try jsonBody(["challengeId": id, "code": wrong]))
            #expect(w.status == .badRequest)
            #expect(try #require(try w.json() as? [String: Any])["AttemptsLeft"] as? Int == 4)

            let v = try await client.execute(uri: "/api/v3/ownership/verify", method: .post, headers: json, body: try jsonBody(["challengeId": id, "code": code]))
            #expect(v.status == .ok)
            let vo = try #require(try v.json() as? [String: Any])
            let proof = try #require(vo["Proof"] as? String)

            let again = try await client.execute(uri: "/api/v3/ownership/verify", method: .post, headers: json, body: try jsonBody(["challengeId": id, "code": code]))
            #expect(again.status == .notFound)

            let r = try await client.execute(uri: "/api/v3/breachedaccount", method: .post, headers: .keyedJSON, body: try jsonBody(["account": Fixture.mykad, "proof": proof]))
            #expect(try r.names() == ["TelcoLeak"])
        }
    }

    @Test func sameAnswerForIndexedAndUnindexedContacts() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            for account in [Fixture.email, Fixture.strangerEmail] {
                let c = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": account]))
                #expect(c.status == .accepted)
                #expect(try #require(try c.json() as? [String: Any]).keys.sorted() == ["ChallengeId", "ExpiresAt"])
            }
        }
    }

    @Test func badInputs() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            for body in [["account": Fixture.mykad], ["account": "garbage"], ["account": Fixture.email, "language": "fr"]] {
                let r = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(body))
                #expect(r.status == .badRequest)
            }
            let r = try await client.execute(uri: "/api/v3/ownership/verify", method: .post, headers: json, body: try jsonBody(["challengeId": "nope", "code": "123456"]))
            #expect(r.status == .notFound)
            #expect(try r.errorMessage().0 == 404)
        }
    }

    @Test func codesPerContactAreLimited() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            for _ in 0 ..< 3 {
                #expect(try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": Fixture.email])).status == .accepted)
            }
            let r = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": Fixture.email]))
            #expect(r.status == .tooManyRequests)
            #expect(Int(r.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test func perAddressLimit() async throws {
        var configuration = ServerConfiguration()
        configuration.ownershipPerAddressPerHour = 2
        let f = try await Fixture.make(configuration: configuration)
        try await f.app().test(.router) { client in
            for account in ["a@example.com", "b@example.com"] {
                #expect(try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": account])).status == .accepted)
            }
            let r = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": "c@example.com"]))
            #expect(r.status == .tooManyRequests)
            #expect(r.headers[.retryAfter] == "1800")
        }
    }

    @Test func noSenderIs503() async throws {
        let f = try await Fixture.make(sender: false)
        try await f.app().test(.router) { client in
            let r = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": Fixture.email]))
            #expect(r.status == .serviceUnavailable)
            let v = try await client.execute(uri: "/api/v3/ownership/verify", method: .post, headers: json, body: try jsonBody(["challengeId": "x", "code": "1"]))
            #expect(v.status == .serviceUnavailable)
            // Malformed input is 400 first, on any server.
            let bad = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": "garbage"]))
            #expect(bad.status == .badRequest)
        }
    }
}

@Suite("Operations: metrics and logs")
struct OperationsTests {
    @Test func metricsNameRoutePatternsNeverValues() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            _ = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email), method: .get, headers: .keyed)
            _ = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.mykad), method: .get, headers: .keyed)
            let m = try await client.execute(uri: "/metrics", method: .get, headers: .ua)
            #expect(m.status == .ok)
            #expect(m.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(m.text.contains(#"route="/api/v3/breachedaccount/{account}""#))
            #expect(m.text.contains(#"leaktrace_lookups_total{type="email",result="found"} 1"#))
            #expect(m.text.contains(#"leaktrace_lookups_total{type="mykad",result="ownership_required"} 1"#))
            #expect(!m.text.lowercased().contains("alice"))
            #expect(!m.text.contains("900101"))
        }
    }

    @Test func logsHoldNoIdentifierNoKeyNoURI() async throws {
        let f = try await Fixture.make()
        let json: HTTPFields = [.userAgent: "LeakTrace-ServerTests", .contentType: "application/json"]
        try await f.app().test(.router) { client in
            _ = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email) + "?truncateResponse=false", method: .get, headers: .keyed)
            _ = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.phone), method: .get, headers: .keyed)
            _ = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.mykad), method: .get, headers: .keyed)
            _ = try await client.execute(uri: "/api/v3/breachedaccount", method: .post, headers: .keyedJSON, body: try jsonBody(["account": Fixture.mykad, "proof": try f.proof(Fixture.phone)]))
            _ = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email), method: .get, headers: HTTPFields.ua.with("hibp-api-key", "ffffffffffffffffffffffffffffffff"))
            _ = try await client.execute(uri: "/api/v3/ownership/challenge", method: .post, headers: json, body: try jsonBody(["account": Fixture.email]))
            _ = try await client.execute(uri: "/api/v3/breach/TelcoLeak", method: .get, headers: .ua)
        }
        let text = f.logs.allText
        let lower = text.lowercased()
        #expect(!text.isEmpty)
        #expect(text.contains("/api/v3/breachedaccount/{account}"))
        #expect(text.contains("hb.request.id"))
        for needle in ["alice", "example.com", "0123456789abcdef", "ffffffffffff", "3456789", "900101", "truncateResponse", "TelcoLeak", "%40"] {
            #expect(!lower.contains(needle.lowercased()), "the logs hold \(needle)")
        }
        // The proof token is no identifier, but it is a bearer credential: not logged either.
        #expect(!text.contains("v1."))
    }
}
