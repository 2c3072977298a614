import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLiteStore
import Server
import Testing
import Triage

@Suite("HIBP v3 catalogue endpoints")
struct CatalogueTests {
    @Test func breachesSortedByTitleWithoutIndexing() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            do {
let r = try await client.execute(uri: "/api/v3/breaches", method: .get, headers: .ua)
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json; charset=utf-8")
                #expect(try r.names() == ["SpamList", "ClinicLeak", "ForumScrape", "OldLeak", "TelcoLeak"])
            }
            do {
let r = try await client.execute(uri: "/api/v3/breaches?domain=TELCO.my", method: .get, headers: .ua)
                #expect(try r.names() == ["TelcoLeak"])
            }
            do {
let r = try await client.execute(uri: "/api/v3/breaches?isSpamList=true", method: .get, headers: .ua)
                #expect(try r.names() == ["SpamList"])
            }
            do {
let r = try await client.execute(uri: "/api/v3/breaches?isSpamList=false", method: .get, headers: .ua)
                #expect(try r.names().count == 4)
            }
            do {
let r = try await client.execute(uri: "/api/v3/breaches?isSpamList=maybe", method: .get, headers: .ua)
                #expect(r.status == .badRequest)
                #expect(try r.errorMessage().0 == 400)
            }
        }
    }

    @Test func breachFieldsArePascalCaseAsHIBP() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            do {
let r = try await client.execute(uri: "/api/v3/breach/ForumScrape", method: .get, headers: .ua)
                #expect(r.status == .ok)
                let o = try #require(try r.json() as? [String: Any])
                for k in ["Name", "Title", "Domain", "BreachDate", "AddedDate", "ModifiedDate", "PwnCount", "Description", "LogoPath", "DataClasses",
                          "IsVerified", "IsFabricated", "IsSensitive", "IsRetired", "IsSpamList", "IsMalware", "IsSubscriptionFree", "IsStealerLog",
                          "Attribution", "SourceOrganisation", "SnapshotEarliest", "SnapshotLatest", "ReportId"] {
                    #expect(o[k] != nil, "missing \(k)")
                }
                #expect(o["Attribution"] is NSNull)
                #expect(o["IsVerified"] as? Bool == false)
                #expect(o["SourceOrganisation"] as? String == "Forum Sdn Bhd")
                #expect(o["DataClasses"] as? [String] == ["Email addresses", "Government issued IDs", "Names", "Phone numbers"])
                #expect(o["PersonDataClasses"] == nil)
            }
            do {
let r = try await client.execute(uri: "/api/v3/breach/NoSuchBreach", method: .get, headers: .ua)
                #expect(r.status == .notFound)
                #expect(r.body.readableBytes == 0)
            }
            do {
let r = try await client.execute(uri: "/api/v3/breach/Pending", method: .get, headers: .ua)
                #expect(r.status == .notFound)
            }
            do {
let r = try await client.execute(uri: "/api/v3/latestbreach", method: .get, headers: .ua)
                let o = try #require(try r.json() as? [String: Any])
                #expect(o["Name"] as? String == "ForumScrape")
            }
            do {
let r = try await client.execute(uri: "/api/v3/dataclasses", method: .get, headers: .ua)
                let list = try #require(try r.json() as? [String])
                #expect(list == list.sorted { $0.lowercased() < $1.lowercased() })
                #expect(list.contains("Email addresses"))
                #expect(list.count == DataClass.allCases.count)
            }
        }
    }

    @Test(arguments: ["/api/v3/breaches", "/api/v3/breach/TelcoLeak", "/api/v3/latestbreach", "/api/v3/dataclasses",
                      "/api/v3/breachedaccount/a%40b.com", "/openapi.json", "/metrics", "/nowhere"])
    func missingUserAgentIs403(path: String) async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            do {
let r = try await client.execute(uri: path, method: .get, headers: [HTTPField.Name("hibp-api-key")!: Fixture.apiKeySecret])
                #expect(r.status == .forbidden)
                #expect(try r.errorMessage().0 == 403)
            }
        }
    }

    @Test func wrongMethodOnAKnownPathIs405() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            do {
let r = try await client.execute(uri: "/api/v3/breaches", method: .delete, headers: .ua)
                #expect(r.status == .methodNotAllowed)
                #expect(r.headers[.allow] == "GET")
            }
            do {
let r = try await client.execute(uri: "/api/v3/breachedaccount", method: .get, headers: .ua)
                #expect(r.status == .methodNotAllowed)
                #expect(r.headers[.allow] == "POST")
            }
            do {
let r = try await client.execute(uri: "/api/v3/breachedaccount/", method: .get, headers: .keyed)
                #expect(r.status == .badRequest)
            }
            do {
let r = try await client.execute(uri: "/api/v3/nowhere", method: .get, headers: .ua)
                #expect(r.status == .notFound)
                #expect(r.body.readableBytes == 0)
            }
        }
    }

    @Test func openAPIDocumentParsesAndNamesEveryRoute() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            do {
let r = try await client.execute(uri: "/openapi.json", method: .get, headers: .ua)
                let o = try #require(try r.json() as? [String: Any])
                #expect(o["openapi"] as? String == "3.0.3")
                let paths = try #require(o["paths"] as? [String: Any])
                for p in ["/api/v3/breaches", "/api/v3/breach/{name}", "/api/v3/latestbreach", "/api/v3/dataclasses", "/api/v3/breachedaccount/{account}",
                          "/api/v3/breachedaccount", "/api/v3/ownership/challenge", "/api/v3/ownership/verify", "/openapi.json", "/metrics"] {
                    #expect(paths[p] != nil, "undocumented \(p)")
                }
            }
        }
    }
}

@Suite("Account lookups")
struct BreachedAccountTests {
    func get(_ client: some TestClientProtocol, _ account: String, query: String = "", headers: HTTPFields = .keyed) async throws -> TestResponse {
        try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(account) + query, method: .get, headers: headers)
    }

    @Test func keyIsRequiredAndChecked() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            var r = try await get(client, Fixture.email, headers: .ua)
            #expect(r.status == .unauthorized)
            #expect(try r.errorMessage() == (401, "Access denied due to missing hibp-api-key."))
            r = try await get(client, Fixture.email, headers: HTTPFields.ua.with("hibp-api-key", "not-a-key"))
            #expect(try r.errorMessage() == (401, "Access denied due to improperly formed hibp-api-key."))
            r = try await get(client, Fixture.email, headers: HTTPFields.ua.with("hibp-api-key", "ffffffffffffffffffffffffffffffff"))
            #expect(try r.errorMessage() == (401, "Access denied due to invalid hibp-api-key."))
            r = try await get(client, Fixture.email)
            #expect(r.status == .ok)
        }
    }

    @Test func revokedKeyStopsWorkingAfterTheCache() async throws {
        var configuration = ServerConfiguration()
        configuration.apiKeyCacheSeconds = 0
        let f = try await Fixture.make(configuration: configuration)
        try await f.app().test(.router) { client in
            #expect(try await get(client, Fixture.email).status == .ok)
            #expect(try await f.store.revokeAPIKey(id: "lt_test0001", at: "2024-06-01T00:00:00Z"))
            let r = try await get(client, Fixture.email)
            #expect(r.status == .unauthorized)
            #expect(try r.errorMessage().1 == "Access denied due to invalid hibp-api-key.")
        }
    }

    @Test func truncatedByDefaultSensitiveHiddenIndexingHidden() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            let r = try await get(client, "  " + Fixture.email.uppercased() + " ")
            #expect(r.status == .ok)
            let list = try #require(try r.json() as? [[String: Any]])
            #expect(list.map { $0.keys.sorted() } == [["Name"], ["Name"]])
            #expect(try r.names() == ["ForumScrape", "TelcoLeak"])
        }
    }

    @Test func untruncatedIncludeUnverifiedAndDomain() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            var r = try await get(client, Fixture.email, query: "?truncateResponse=false")
            let list = try #require(try r.json() as? [[String: Any]])
            #expect(list.count == 2)
            #expect(list[1]["Title"] as? String == "Telco leak")
            #expect(list[1]["PersonDataClasses"] as? [String] == ["Email addresses", "Government issued IDs", "Names", "Phone numbers"])
            #expect(list[1]["Attribution"] is NSNull)
            r = try await get(client, Fixture.email, query: "?includeUnverified=false")
            #expect(try r.names() == ["TelcoLeak"])
            r = try await get(client, Fixture.email, query: "?domain=forum.my")
            #expect(try r.names() == ["ForumScrape"])
            r = try await get(client, Fixture.email, query: "?truncateResponse=yes")
            #expect(r.status == .badRequest)
        }
    }

    @Test func phoneInAnySpellingAndNotFoundAndGarbage() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            #expect(try await get(client, Fixture.phone).names() == ["TelcoLeak"])
            #expect(try await get(client, Fixture.phoneOtherSpelling).names() == ["TelcoLeak"])
            let none = try await get(client, Fixture.strangerEmail)
            #expect(none.status == .notFound)
            #expect(none.body.readableBytes == 0)
            let bad = try await get(client, "not an account")
            #expect(bad.status == .badRequest)
            #expect(try bad.errorMessage().0 == 400)
        }
    }

    @Test func sensitiveShownOnlyWithAProofOfThatAccount() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            let proof = try f.proof(Fixture.email)
            #expect(try await get(client, Fixture.email, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", proof)).names() == ["ClinicLeak", "ForumScrape", "TelcoLeak"])
            // A proof of another contact unlocks nothing.
            let other = try f.proof(Fixture.strangerEmail)
            #expect(try await get(client, Fixture.email, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", other)).names() == ["ForumScrape", "TelcoLeak"])
            // A forged proof is ignored.
            #expect(try await get(client, Fixture.email, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", proof + "0")).names() == ["ForumScrape", "TelcoLeak"])
        }
    }

    @Test func myKadNeedsALinkedProofAndIsNoOracle() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            let indexed = try await get(client, Fixture.mykad)
            let unknown = try await get(client, Fixture.otherMykad)
            #expect(indexed.status == .forbidden)
            #expect(unknown.status == .forbidden)
            #expect(indexed.text == unknown.text)
            #expect(try indexed.errorMessage().1.contains("proof of ownership"))

            // The person's own phone: the breaches where the phone and the MyKad are one person (not ClinicLeak, which has no phone).
            let phoneProof = try f.proof(Fixture.phone)
            #expect(try await get(client, Fixture.mykad, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", phoneProof)).names() == ["TelcoLeak"])
            // The email is linked in both.
            let emailProof = try f.proof(Fixture.email)
            #expect(try await get(client, Fixture.mykad, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", emailProof)).names() == ["ClinicLeak", "TelcoLeak"])
            // A proof of an unlinked contact gets nothing, like an unknown MyKad.
            let strangerProof = try f.proof(Fixture.strangerEmail)
            let r = try await get(client, Fixture.mykad, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", strangerProof))
            #expect(r.status == .notFound)
            let r2 = try await get(client, Fixture.otherMykad, headers: HTTPFields.keyed.with("X-LeakTrace-Ownership", phoneProof))
            #expect(r2.status == .notFound)
        }
    }

    @Test func postLookupKeepsTheMyKadOutOfTheURL() async throws {
        let f = try await Fixture.make()
        try await f.app().test(.router) { client in
            var r = try await client.execute(uri: "/api/v3/breachedaccount", method: .post, headers: .keyedJSON, body: try jsonBody(["account": Fixture.mykad]))
            #expect(r.status == .forbidden)
            r = try await client.execute(uri: "/api/v3/breachedaccount", method: .post, headers: .keyedJSON,
                                         body: try jsonBody(["account": Fixture.mykad, "proof": try f.proof(Fixture.email)]))
            #expect(try r.names() == ["ClinicLeak", "TelcoLeak"])
            r = try await client.execute(uri: "/api/v3/breachedaccount?truncateResponse=false", method: .post, headers: .keyedJSON, body: try jsonBody(["account": Fixture.email]))
            #expect(try #require(try r.json() as? [[String: Any]]).first?["Title"] as? String == "Forum scrape")
            r = try await client.execute(uri: "/api/v3/breachedaccount", method: .post, headers: .keyedJSON, body: ByteBuffer(string: "{not json"))
            #expect(r.status == .badRequest)
            r = try await client.execute(uri: "/api/v3/breachedaccount", method: .post, headers: .ua, body: try jsonBody(["account": Fixture.email]))
            #expect(r.status == .unauthorized)
        }
    }
}

@Suite("Rate limits")
struct RateLimitTests {
    @Test func perKeyLimitAnswers429WithRetryAfter() async throws {
        let f = try await Fixture.make(keyRPM: 2)
        try await f.app().test(.router) { client in
            for _ in 0 ..< 2 {
                #expect(try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email), method: .get, headers: .keyed).status == .ok)
            }
            let r = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email), method: .get, headers: .keyed)
            #expect(r.status == .tooManyRequests)
            #expect(r.headers[.retryAfter] == "30")
            #expect(try r.errorMessage() == (429, "Rate limit is exceeded. Try again in 30 seconds."))
            f.clock.advance(30)
            #expect(try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email), method: .get, headers: .keyed).status == .ok)
        }
    }

    @Test func perAddressLimitOnPublicEndpoints() async throws {
        var configuration = ServerConfiguration()
        configuration.publicRPM = 3
        configuration.trustedProxies = ["*"]
        let f = try await Fixture.make(configuration: configuration)
        try await f.app().test(.router) { client in
            let a = HTTPFields.ua.with("X-Forwarded-For", "192.0.2.1")
            for _ in 0 ..< 3 { #expect(try await client.execute(uri: "/api/v3/dataclasses", method: .get, headers: a).status == .ok) }
            let r = try await client.execute(uri: "/api/v3/dataclasses", method: .get, headers: a)
            #expect(r.status == .tooManyRequests)
            #expect(Int(r.headers[.retryAfter] ?? "") == 20)
            // Another address has its own bucket.
            #expect(try await client.execute(uri: "/api/v3/dataclasses", method: .get, headers: HTTPFields.ua.with("X-Forwarded-For", "192.0.2.2")).status == .ok)
            do {
let m = try await client.execute(uri: "/metrics", method: .get, headers: .ua)
                #expect(m.text.contains(#"leaktrace_rate_limited_total{scope="address"} 1"#))
            }
        }
    }

    @Test func forwardedForIsIgnoredWithoutATrustedProxy() async throws {
        var configuration = ServerConfiguration()
        configuration.publicRPM = 2
        let f = try await Fixture.make(configuration: configuration)
        try await f.app().test(.router) { client in
            // Spoofed addresses share the peer's bucket: the header is not believed by default.
            for (i, spoof) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"].enumerated() {
                let r = try await client.execute(uri: "/api/v3/dataclasses", method: .get, headers: HTTPFields.ua.with("X-Forwarded-For", spoof))
                #expect(r.status == (i < 2 ? .ok : .tooManyRequests))
            }
        }
    }
}
