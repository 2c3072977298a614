import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Synchronization
import Testing

@Suite("Citizen page")
struct CitizenPageTests {
    // MARK: - Front page

    @Test("GET / is Malay by default, English by Accept-Language or ?lang, phone-ready, self-contained")
    func frontPageLanguages() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let ms = try await client.citizenGet("/")
            #expect(ms.status == .ok)
            #expect(ms.page.contains("<html lang=\"ms\">"))
            #expect(ms.page.contains("MyKad, nombor telefon atau e-mel"))
            #expect(ms.page.contains(">Semak</button>"))
            #expect(ms.page.contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\""))
            #expect(ms.page.contains("href=\"/?lang=en\""))

            let en = try await client.citizenGet("/", headers: [.acceptLanguage: "en-GB,en;q=0.9,ms;q=0.5"])
            #expect(en.page.contains("<html lang=\"en\">"))
            #expect(en.page.contains("MyKad, phone number or email"))
            #expect(en.page.contains(">Check</button>"))

            let forced = try await client.citizenGet("/?lang=ms", headers: [.acceptLanguage: "en"])
            #expect(forced.page.contains("<html lang=\"ms\">"))
            let query = try await client.citizenGet("/?lang=en")
            #expect(query.page.contains("<html lang=\"en\">"))

            for page in [ms, en] {
                // No external asset, no script: nothing but this server is ever contacted.
                #expect(!page.page.contains("http://") && !page.page.contains("https://"))
                #expect(!page.page.contains("<script"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }

    // MARK: - Lookups without proof

    @Test("An email lists its non-sensitive breaches with breach-level classes, masked, escaped, and offers verification")
    func emailResults() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let r = try await client.citizenPost("/check", [("lang", "en"), ("q", "  Alice.Tan@Example.com ")])
            #expect(r.status == .ok)
            let html = r.page
            #expect(html.contains("a***@e***.com"))
            #expect(html.contains("Telco &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
            #expect(!html.contains("<script>alert(1)"))
            #expect(html.contains("2014-07-01"))
            // Breach-level classes (Physical addresses is Bob's, not Alice's: it proves these are
            // the breach's, not hers).
            #expect(html.contains("Email addresses, Government issued IDs, Phone numbers, Physical addresses"))
            #expect(!html.contains(CitizenFixture.clinicTitle))
            #expect(html.contains("action=\"/verify/start\""))
            #expect(html.contains("What to do now"))
            #expect(html.contains("997") && html.contains("JPDP") && html.contains("SIM swap") && html.contains("Macau scam"))
            for id in CitizenFixture.identifiers { #expect(!html.contains(id)) }
        }
    }

    @Test("Malay results translate data classes and next steps")
    func malayResults() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let r = try await client.citizenPost("/check", [("lang", "ms"), ("q", "012-345 6789")])
            #expect(r.status == .ok)
            #expect(r.page.contains("Keputusan untuk"))
            #expect(r.page.contains("+6012***6789"))
            #expect(r.page.contains("Alamat e-mel, Nombor kad pengenalan, Nombor telefon, Alamat rumah"))
            #expect(r.page.contains("Apa perlu dibuat sekarang"))
            #expect(r.page.contains("Pusat Respons Scam Kebangsaan"))
        }
    }

    @Test("An unknown email finds nothing and says that this proves nothing")
    func noResults() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let r = try await client.citizenPost("/check", [("lang", "en"), ("q", "nobody@example.org")])
            #expect(r.status == .ok)
            #expect(r.page.contains("Not found in any breach loaded here"))
            #expect(r.page.contains("What to do now"))
        }
    }

    @Test("Input that is no identifier is a 400 with the form again")
    func invalidInput() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let r = try await client.citizenPost("/check", [("lang", "en"), ("q", "hello")])
            #expect(r.status == .badRequest)
            #expect(r.page.contains("That is not a valid MyKad number"))
            #expect(r.page.contains("id=\"check-form\""))
        }
    }

    @Test("A MyKad without proof shows no breach, only how to prove a linked contact; any MyKad gets the same page")
    func mykadNeedsProof() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let known = try await client.citizenPost("/check", [("lang", "en"), ("q", "900101-14-5678")])
            #expect(known.status == .ok)
            #expect(known.page.contains("A MyKad number needs proof first"))
            #expect(known.page.contains("9001**-**-**78"))
            #expect(known.page.contains("action=\"/verify/start\""))
            #expect(!known.page.contains("Telco"))
            #expect(!known.page.contains(CitizenFixture.clinicTitle))
            let unknown = try await client.citizenPost("/check", [("lang", "en"), ("q", "750505-08-1234")])
            // Same page apart from the masked number: no MyKad-validity oracle.
            #expect(unknown.page.replacingOccurrences(of: "7505**-**-**34", with: "X") == known.page.replacingOccurrences(of: "9001**-**-**78", with: "X"))
        }
    }

    @Test("Without a code sender, MyKad and verification say they are unavailable")
    func noOwnership() async throws {
        let f = try await CitizenFixture.make()
        try await f.app(withOwnership: false).test(.router) { client in
            let r = try await client.citizenPost("/check", [("lang", "en"), ("q", CitizenFixture.aliceMyKad)])
            #expect(r.page.contains("Verification by code is not available"))
            #expect(!r.page.contains("action=\"/verify/start\""))
            let s = try await client.citizenPost("/verify/start", [("lang", "en"), ("contact", CitizenFixture.aliceEmail)])
            #expect(s.status == .serviceUnavailable)
        }
    }

    // MARK: - Verification

    @Test("Full flow: code by email, cookie set, sensitive breaches and per-person classes, then linked MyKad results")
    func verifyFlow() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let start = try await client.citizenPost("/verify/start", [("lang", "ms"), ("contact", "Alice.Tan@example.com")])
            #expect(start.status == .ok)
            #expect(start.page.contains("a***@e***.com"))
            #expect(start.page.contains("Kod ini sah selama 10 minit."))
            let challenge = try #require(citizenInput("challenge", in: start.page))
            let sent = try #require(f.sender.sent.withLock { $0.last })
            #expect(sent.contact == CitizenFixture.aliceEmail && sent.language == "ms")

            let wrong = try await client.citizenPost("/verify/confirm", [("lang", "en"), ("challenge", challenge), ("code", sent.code == "000000" ? "111111" : "000000"), ("to", "a***@e***.com")])
            #expect(wrong.status == .badRequest)
            #expect(wrong.page.contains("Tries left: 4"))
            #expect(wrong.headers[.setCookie] == nil)

            let ok = try await client.citizenPost("/verify/confirm", [("lang", "en"), ("challenge", challenge), ("code", sent.code), ("to", "a***@e***.com")])
            #expect(ok.status == .ok)
            #expect(ok.page.contains("Verified"))
            let setCookie = try #require(ok.headers[.setCookie])
            #expect(setCookie.hasPrefix("lt_proof=v1."))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(!setCookie.contains("Secure"))
            let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))

            // The code is single-use.
            let again = try await client.citizenPost("/verify/confirm", [("lang", "en"), ("challenge", challenge), ("code", sent.code)])
            #expect(again.status == .badRequest)
            #expect(again.page.contains("expired or was tried too many times"))

            let mine = try await client.citizenPost("/check", [("lang", "en"), ("q", CitizenFixture.aliceEmail)], cookie: cookie)
            #expect(mine.page.contains("id=\"proven\""))
            #expect(mine.page.contains(CitizenFixture.clinicTitle))
            #expect(mine.page.contains("Sensitive</span>"))
            #expect(mine.page.contains("Data about you in this breach"))
            // Alice's own classes: no Physical addresses in TelcoLeak (that was Bob's).
            #expect(mine.page.contains("Email addresses, Government issued IDs, Phone numbers<"))
            #expect(mine.page.contains("Email addresses, Government issued IDs, Health records<"))
            #expect(!mine.page.contains("action=\"/verify/start\""))

            // Someone else's email with Alice's proof: the public view only.
            let other = try await client.citizenPost("/check", [("lang", "en"), ("q", CitizenFixture.bobEmail)], cookie: cookie)
            #expect(!other.page.contains("id=\"proven\""))
            #expect(other.page.contains("Physical addresses"))

            // Alice's MyKad, linked to the proven email: both breaches.
            let mykad = try await client.citizenPost("/check", [("lang", "en"), ("q", "900101-14-5678")], cookie: cookie)
            #expect(mykad.page.contains("appears together with the phone number or email you verified"))
            #expect(mykad.page.contains("Telco &lt;script&gt;"))
            #expect(mykad.page.contains(CitizenFixture.clinicTitle))
            #expect(mykad.page.contains("9001**-**-**78"))
            // Bob's MyKad is not linked to Alice's email: nothing.
            let bob = try await client.citizenPost("/check", [("lang", "en"), ("q", CitizenFixture.bobMyKad)], cookie: cookie)
            #expect(bob.page.contains("Not found in any breach loaded here"))

            // A forged cookie is no proof.
            let forged = cookie.dropLast(4) + "0000"
            let denied = try await client.citizenPost("/check", [("lang", "en"), ("q", CitizenFixture.aliceMyKad)], cookie: String(forged))
            #expect(denied.page.contains("A MyKad number needs proof first"))
        }
        // Nothing personal reached the logs, nor the code.
        let logs = f.logs.text
        for id in CitizenFixture.identifiers { #expect(!logs.contains(id)) }
        for s in f.sender.sent.withLock({ $0 }) { #expect(!logs.contains(s.code)) }
    }

    @Test("Phone verification proves the phone, and the MyKad linked to it")
    func phoneFlow() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let start = try await client.citizenPost("/verify/start", [("lang", "en"), ("contact", "012-345 6789")])
            #expect(start.page.contains("+6012***6789"))
            let challenge = try #require(citizenInput("challenge", in: start.page))
            let code = try #require(f.sender.lastCode(for: CitizenFixture.alicePhone))
            let ok = try await client.citizenPost("/verify/confirm", [("challenge", challenge), ("code", code), ("to", "+6012***6789")])
            let cookie = try #require(ok.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let mykad = try await client.citizenPost("/check", [("lang", "en"), ("q", CitizenFixture.aliceMyKad)], cookie: cookie)
            // The phone is only in TelcoLeak, so the MyKad shows TelcoLeak only.
            #expect(mykad.page.contains("Telco &lt;script&gt;"))
            #expect(!mykad.page.contains(CitizenFixture.clinicTitle))
        }
    }

    @Test("The cookie is Secure behind an https proxy")
    func secureCookie() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let start = try await client.citizenPost("/verify/start", [("contact", CitizenFixture.aliceEmail)])
            let challenge = try #require(citizenInput("challenge", in: start.page))
            let code = try #require(f.sender.lastCode(for: CitizenFixture.aliceEmail))
            let ok = try await client.citizenPost(
                "/verify/confirm", [("challenge", challenge), ("code", code)],
                headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"]
            )
            #expect(ok.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test("A MyKad is refused as the contact for a code")
    func mykadIsNoContact() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let r = try await client.citizenPost("/verify/start", [("lang", "en"), ("contact", CitizenFixture.aliceMyKad)])
            #expect(r.status == .badRequest)
            #expect(r.page.contains("not a MyKad number"))
            #expect(f.sender.sent.withLock { $0.isEmpty })
        }
    }

    // MARK: - Limits, origins, errors, privacy of headers

    @Test("POSTs are limited per address with a friendly 429 and Retry-After")
    func rateLimit() async throws {
        let f = try await CitizenFixture.make()
        try await f.app(settings: .init(postsPerMinute: 2)).test(.router) { client in
            _ = try await client.citizenPost("/check", [("q", "x@example.com")])
            _ = try await client.citizenPost("/check", [("q", "y@example.com")])
            let r = try await client.citizenPost("/check", [("lang", "en"), ("q", "z@example.com")])
            #expect(r.status == .tooManyRequests)
            let retry = try #require(r.headers[.retryAfter].flatMap { Int($0) })
            #expect(retry > 0 && retry <= 60)
            #expect(r.page.contains("Too many requests"))
            #expect(r.page.contains("Please wait \(retry) seconds"))
        }
    }

    @Test("A form posted from another site is refused")
    func crossOrigin() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let r = try await client.citizenPost("/verify/start", [("contact", CitizenFixture.aliceEmail)], headers: [.origin: "https://evil.example"])
            #expect(r.status == .forbidden)
            #expect(f.sender.sent.withLock { $0.isEmpty })
        }
    }

    @Test("Error pages show the status and the request id, nothing else")
    func errorPage() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            let big = String(repeating: "a", count: 10_000)
            let r = try await client.citizenPost("/check", [("lang", "en"), ("q", big)])
            #expect(r.status == .contentTooLarge)
            #expect(r.page.contains("id=\"status\">413<"))
            #expect(r.page.contains("id=\"request-id\""))
            #expect(!r.page.contains("aaaaaaaa"))
            #expect(!r.page.lowercased().contains("error:"))
        }
    }

    @Test("No identifier ever appears in a response header, a Location or a cookie")
    func noIdentifierInHeaders() async throws {
        let f = try await CitizenFixture.make()
        try await f.app().test(.router) { client in
            var responses: [TestResponse] = []
            for q in [CitizenFixture.aliceEmail, "012-345 6789", "900101-14-5678", CitizenFixture.bobMyKad] {
                responses.append(try await client.citizenPost("/check", [("q", q)]))
            }
            let start = try await client.citizenPost("/verify/start", [("contact", CitizenFixture.aliceEmail)])
            responses.append(start)
            let challenge = try #require(citizenInput("challenge", in: start.page))
            let code = try #require(f.sender.lastCode(for: CitizenFixture.aliceEmail))
            let ok = try await client.citizenPost("/verify/confirm", [("challenge", challenge), ("code", code)])
            responses.append(ok)
            let cookie = try #require(ok.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            responses.append(try await client.citizenPost("/check", [("q", CitizenFixture.aliceMyKad)], cookie: cookie))
            for r in responses {
                #expect(r.headers[.location] == nil)
                #expect(r.status != .seeOther && r.status != .found)
                let headers = r.citizenHeaders
                for id in CitizenFixture.identifiers { #expect(!headers.contains(id)) }
                #expect(!headers.contains("***"))
            }
        }
    }
}
