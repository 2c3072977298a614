import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Incidents
import LeakTraceCore
import NIOCore
import Server
import Testing

@Suite("Case pages, sign-in and API")
struct CasePageTests {
    // MARK: - Sign-in

    @Test("Sign-in sets an HttpOnly, SameSite=Strict session cookie stored only as its SHA-256, and audits it")
    func signInCookie() async throws {
        let f = try await CaseFixture.make(settings: CaseWeb.Settings(secureCookie: true, bcryptCost: 4))
        try await f.app().test(.router) { client in
            let form = try await client.execute(uri: "/signin", method: .get, headers: .ua, body: nil)
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"password\""))
            #expect(!form.text.contains("<script") && !form.text.contains("http://") && !form.text.contains("https://"))
            let session = try await client.signIn("owner.dpo")
            let token = String(session.cookie.dropFirst("lt_session=".count))
            #expect(token.count == 64)
            let stored = try await f.service.store.record(.session, id: Hex.encode(Array(SHA256.hash(data: Array(token.utf8)))))
            #expect(stored != nil)
            #expect(try await f.service.store.record(.session, id: token) == nil)
            let audit = try await f.service.store.auditEntries(from: 1, limit: nil)
            #expect(audit.contains { $0.action == "session.signin" })
        }
        // The attributes, on a raw response.
        try await f.app().test(.router) { client in
            let form = try await client.execute(uri: "/signin", method: .get, headers: .ua, body: nil)
            let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = try #require(caseHidden("signin", in: form.text))
            var h: HTTPFields = [.userAgent: "t", .contentType: "application/x-www-form-urlencoded"]
            h[.cookie] = cookie
            let r = try await client.execute(uri: "/signin", method: .post, headers: h, body: ByteBuffer(string: "signin=\(token)&username=owner.dpo&password=correct+horse+battery+staple"))
            #expect(r.status == .seeOther)
            let set = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("lt_session=") })
            #expect(set.contains("HttpOnly"))
            #expect(set.contains("SameSite=Strict"))
            #expect(set.contains("Path=/"))
            #expect(set.contains("Secure"))
        }
    }

    @Test("A wrong password and an unknown user get the same 401 page; repeated failures from one address are limited")
    func signInFailures() async throws {
        let f = try await CaseFixture.make(settings: CaseWeb.Settings(signInFailures: 3, bcryptCost: 4))
        try await f.app().test(.router) { client in
            func attempt(_ user: String, _ password: String) async throws -> TestResponse {
                let form = try await client.execute(uri: "/signin", method: .get, headers: .ua, body: nil)
                let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
                let token = try #require(caseHidden("signin", in: form.text))
                var h: HTTPFields = [.userAgent: "t", .contentType: "application/x-www-form-urlencoded"]
                h[.cookie] = cookie
                return try await client.execute(uri: "/signin", method: .post, headers: h, body: ByteBuffer(string: "signin=\(token)&username=\(user)&password=\(password)"))
            }
            let wrong = try await attempt("owner.dpo", "nope")
            let unknown = try await attempt("nobody.here", "nope")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("lt_session=") })
            #expect(wrong.text.contains("Unknown user name or wrong password."))
            #expect(unknown.text.contains("Unknown user name or wrong password."))
            _ = try await attempt("owner.dpo", "nope")
            _ = try await attempt("owner.dpo", "nope")
            let limited = try await attempt("owner.dpo", "correct+horse+battery+staple")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            // Without the form's pre-session token: refused.
            var h: HTTPFields = [.userAgent: "t", .contentType: "application/x-www-form-urlencoded"]
            h[.cookie] = "lt_signin=abc"
            let forged = try await client.execute(uri: "/signin", method: .post, headers: h, body: ByteBuffer(string: "signin=def&username=owner.dpo&password=x"))
            #expect(forged.status == .forbidden || forged.status == .tooManyRequests)
            let audit = try await f.service.store.auditEntries(from: 1, limit: nil)
            #expect(audit.contains { $0.action == "session.signin-failed" })
        }
    }

    // MARK: - Pages

    @Test("Opening a case with an awareness time shows the PDPA Commissioner deadline 72 h later in the case time zone")
    func openCaseShowsDeadlines() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.dpo")
            let newForm = try await client.execute(uri: "/cases/new", method: .get, headers: session.headers, body: nil)
            #expect(newForm.status == .ok)
            #expect(newForm.text.contains("value=\"data-leaked-for-sale\""))
            let r = try await client.form("/cases", session, [
                ("title", "Clinic <b>appointments</b> leak"), ("summary", "A forum post offers a dump."), ("severity", "critical"),
                ("timeZone", "Asia/Kuala_Lumpur"), ("awareness", "2026-11-20 09:30"), ("awarenessSource", "tip"), ("playbook", "data-leaked-for-sale"),
            ])
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            #expect(location.hasPrefix("/cases/LT-"))
            let page = try await client.execute(uri: location, method: .get, headers: session.headers, body: nil)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("Clinic &lt;b&gt;appointments&lt;/b&gt; leak"))
            #expect(html.contains("Notify the Personal Data Protection Commissioner"))
            #expect(html.contains("2026-11-23 09:30 +08:00"))
            #expect(html.contains("Record the signal and open the case"))
            #expect(html.contains("2026-11-20 09:30 +08:00"))
            #expect(!html.contains("<script"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            // A bad awareness time is a 400 page naming the field.
            let bad = try await client.form("/cases", session, [("title", "x"), ("awareness", "yesterday")])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("awareness"))
            // A responder opens a case with an awareness time too (an early anchor needs only edit).
            let responder = try await client.signIn("owner.responder")
            let anchored = try await client.form("/cases", responder, [("title", "Responder with awareness"), ("awareness", "2026-11-20 09:30")])
            #expect(anchored.status == .seeOther)
        }
    }

    @Test("The case list shows each case's next deadline and highlights an overdue one")
    func listShowsOverdue() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.viewer")
            let r = try await client.execute(uri: "/cases", method: .get, headers: session.headers, body: nil)
            #expect(r.status == .ok)
            #expect(r.text.contains(f.caseID))
            #expect(r.text.contains("case-row overdue"))
            #expect(r.text.contains("state-overdue"))
            #expect(!r.text.contains("id=\"new-case\""))
            let show = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            #expect(show.text.contains("class=\"clock overdue\""))
            // A viewer gets no forms.
            #expect(!show.text.contains("id=\"evidence-form\""))
            #expect(!show.text.contains("id=\"task-form\""))
        }
    }

    @Test("A session ends after its idle time; a viewer cannot open the new-case form")
    func idleExpiry() async throws {
        let f = try await CaseFixture.make(settings: CaseWeb.Settings(sessionIdleSeconds: 2, bcryptCost: 4))
        try await f.app().test(.router) { client in
            let viewer = try await client.signIn("owner.viewer")
            let form = try await client.execute(uri: "/cases/new", method: .get, headers: viewer.headers, body: nil)
            #expect(form.status == .forbidden)
            try await Task.sleep(for: .milliseconds(2500))
            let r = try await client.execute(uri: "/cases", method: .get, headers: viewer.headers, body: nil)
            #expect(r.status == .seeOther)
            let api = try await client.api("/api/cases", .get, viewer)
            #expect(api.status == .unauthorized)
        }
    }

    @Test("Marking the case an NCII entity's brings the CSA 2024 clocks onto the page")
    func factsChangeClocks() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let dpo = try await client.signIn("owner.dpo")
            let before = try await client.api("/api/cases/\(f.caseID)/clocks", .get, dpo)
            let r = try await client.form("/cases/\(f.caseID)/facts", dpo, [("subjects", "40,000"), ("dataClasses", "mykad, phone_mobile"), ("ncii", "on"), ("sector", "telecommunications"), ("jurisdictions", "my")])
            #expect(r.status == .seeOther)
            let after = try await client.api("/api/cases/\(f.caseID)/clocks", .get, dpo)
            let regimes = Set(((try after.json() as? [[String: Any]]) ?? []).compactMap { $0["regimeID"] as? String })
            #expect(regimes.contains("my-csa-2024"), "\(regimes)")
            #expect(!before.text.contains("my-csa-2024"))
            let detail = try await client.api("/api/cases/\(f.caseID)", .get, dpo)
            let c = try #require((try detail.json() as? [String: Any])?["case"] as? [String: Any])
            let facts = try #require(c["facts"] as? [String: Any])
            #expect(facts["subjects"] as? Int == 40000)
            #expect(facts["ncii"] as? Bool == true)
            #expect(facts["jurisdictions"] as? [String] == ["MY"])
            let bad = try await client.form("/cases/\(f.caseID)/facts", dpo, [("subjects", "many")])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("Without a clock engine the page says so instead of showing a clocks panel")
    func noClocks() async throws {
        let f = try await CaseFixture.make(clocks: false)
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.dpo")
            let show = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            #expect(show.status == .ok)
            #expect(show.text.contains("not configured"))
            let clocks = try await client.api("/api/cases/\(f.caseID)/clocks", .get, session)
            #expect(clocks.text == "[]")
        }
    }

    @Test("An uploaded file is streamed into the vault, its SHA-256 shown, and a download returns it and records the access")
    func evidenceUploadAndDownload() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.responder")
            var bytes: [UInt8] = []
            for i in 0 ..< 300_000 { bytes.append(UInt8(truncatingIfNeeded: i &* 31 &+ 7)) }
            // Bytes that look like the boundary's start must survive.
            bytes += Array("\r\n--not-the-boundary\r\n".utf8)
            let sha = Hex.encode(Array(SHA256.hash(data: bytes)))
            let r = try await client.upload("/cases/\(f.caseID)/evidence", session, file: bytes, fileName: "C:\\dumps\\sample.bin", fields: [("description", "sample"), ("method", "download with curl 8.5"), ("source", "forum post")])
            #expect(r.status == .seeOther)
            let page = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            #expect(page.text.contains(sha))
            #expect(page.text.contains("sample.bin"))
            #expect(page.text.contains("download with curl 8.5"))
            let list = try await client.api("/api/cases/\(f.caseID)/evidence", .get, session)
            let items = try #require(try list.json() as? [[String: Any]])
            let item = try #require(items.compactMap { $0["item"] as? [String: Any] }.first { $0["sha256"] as? String == sha })
            #expect(item["size"] as? Int == bytes.count)
            #expect(item["fileName"] as? String == "sample.bin")
            let id = try #require(item["id"] as? String)
            let download = try await client.execute(uri: "/cases/\(f.caseID)/evidence/\(id)", method: .get, headers: session.headers, body: nil)
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == bytes)
            #expect(download.headers[.contentDisposition]?.contains("sample.bin") == true)
            let after = try await client.api("/api/cases/\(f.caseID)/evidence", .get, session)
            let again = try #require(try after.json() as? [[String: Any]])
            let custody = again.first { ($0["item"] as? [String: Any])?["id"] as? String == id }?["custody"] as? [[String: Any]]
            #expect(custody?.map { $0["action"] as? String } == ["acquired", "accessed"])
            let transfer = try await client.form("/cases/\(f.caseID)/evidence/\(id)/custody", session, [("action", "transferred"), ("from", "telco"), ("to", "pdrm-ccid"), ("reason", "police report"), ("seal", "PDRM-77")])
            #expect(transfer.status == .seeOther)
            let noTo = try await client.form("/cases/\(f.caseID)/evidence/\(id)/custody", session, [("action", "transferred"), ("reason", "x")])
            #expect(noTo.status == .badRequest)
            let shown = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            #expect(shown.text.contains("transferred"))
            #expect(shown.text.contains("police report"))
            // Leaves no upload behind in the temporary directory.
            let left = try FileManager.default.contentsOfDirectory(atPath: f.web.settings.uploadDirectory)
            #expect(left.isEmpty)
        }
    }

    @Test("An upload over the size limit is refused with 413 and stores nothing")
    func uploadLimit() async throws {
        let f = try await CaseFixture.make(settings: CaseWeb.Settings(maxUploadBytes: 1000, bcryptCost: 4))
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.dpo")
            let r = try await client.upload("/cases/\(f.caseID)/evidence", session, file: Array(repeating: 65, count: 5000), fileName: "big.bin", fields: [("method", "m"), ("source", "s")])
            #expect(r.status == .contentTooLarge)
            let list = try await client.api("/api/cases/\(f.caseID)/evidence", .get, session)
            #expect((try list.json() as? [Any])?.count == 1)
        }
    }

    @Test("Tasks change status from the page; early anchors need edit, filing anchors need notify")
    func tasksAndEvents() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let responder = try await client.signIn("owner.responder")
            let done = try await client.form("/cases/\(f.caseID)/tasks/\(f.taskID)", responder, [("status", "done")])
            #expect(done.status == .seeOther)
            let informed = try await client.form("/cases/\(f.caseID)/events", responder, [("occurredAt", "2026-11-19 08:00"), ("source", "letter"), ("category", "notification"), ("anchor", "informed")])
            #expect(informed.status == .seeOther)
            // The notice to the regulator is a filing: the regulator's share role has no notify.
            let regulator = try await client.signIn("shared.regulator")
            let filed = try await client.form("/cases/\(f.caseID)/events", regulator, [("occurredAt", "2026-11-19 10:00"), ("source", "portal"), ("anchor", "regulatorNotified")])
            #expect(filed.status == .forbidden)
            let dpo = try await client.signIn("owner.dpo")
            let ok = try await client.form("/cases/\(f.caseID)/events", dpo, [("occurredAt", "2026-11-19 10:00"), ("source", "JPDP portal"), ("category", "notification"), ("anchor", "regulatorNotified")])
            #expect(ok.status == .seeOther)
            let page = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: dpo.headers, body: nil)
            #expect(page.text.contains("2026-11-19 08:00 +08:00"))
            let detail = try await client.api("/api/cases/\(f.caseID)", .get, dpo)
            let o = try #require(try detail.json() as? [String: Any])
            let tasks = try #require(o["tasks"] as? [[String: Any]])
            #expect(tasks.first { $0["id"] as? String == f.taskID }?["status"] as? String == "done")
        }
    }

    @Test("A draft is edited on its page: the latest version has an edit link, saving makes the next version, text is escaped")
    func draftEditing() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let dpo = try await client.signIn("owner.dpo")
            let form = try await client.execute(uri: "/cases/\(f.caseID)/drafts/0/edit", method: .get, headers: dpo.headers, body: nil)
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"field.measures\""))
            let saved = try await client.form("/cases/\(f.caseID)/drafts/0", dpo, [("field.measures", "Keys rotated <script>alert(1)</script>")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/cases/\(f.caseID)/drafts/1")
            let v2 = try await client.execute(uri: "/cases/\(f.caseID)/drafts/1", method: .get, headers: dpo.headers, body: nil)
            #expect(v2.text.contains("Keys rotated &lt;script&gt;"))
            #expect(!v2.text.contains("<script>alert(1)"))
            let page = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: dpo.headers, body: nil)
            #expect(page.text.contains("/cases/\(f.caseID)/drafts/1/edit"))
            #expect(!page.text.contains("/cases/\(f.caseID)/drafts/0/edit"))
            // A viewer reads drafts but has no edit link and cannot open the form.
            let viewer = try await client.signIn("owner.viewer")
            let viewerPage = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: viewer.headers, body: nil)
            #expect(!viewerPage.text.contains("/edit\""))
            let refused = try await client.execute(uri: "/cases/\(f.caseID)/drafts/1/edit", method: .get, headers: viewer.headers, body: nil)
            #expect(refused.status == .forbidden)
        }
    }

    // MARK: - API

    @Test("The API opens a case, lists it with its next clock, and answers errors as JSON without case data")
    func api() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let dpo = try await client.signIn("owner.dpo")
            let created = try await client.api("/api/cases", .post, dpo, json: ["title": "API case", "awareness": "2026-11-20T01:30:00Z", "playbookIDs": ["four-step-response"]])
            #expect(created.status == .created)
            let c = try #require(try created.json() as? [String: Any])
            let id = try #require(c["id"] as? String)
            let clocks = try await client.api("/api/cases/\(id)/clocks", .get, dpo)
            let list = try #require(try clocks.json() as? [[String: Any]])
            let commissioner = try #require(list.first { $0["regimeID"] as? String == "my-pdpa-2024" && $0["clockID"] as? String == "commissioner" })
            #expect((commissioner["deadlineLocal"] as? String)?.hasPrefix("2026-11-23 09:30 +08:00") == true)
            let cases = try await client.api("/api/cases", .get, dpo)
            #expect(cases.text.contains(id))
            let bad = try await client.api("/api/cases", .post, dpo, json: ["summary": "no title"])
            #expect(bad.status == .badRequest)
            #expect(try bad.errorMessage().0 == 400)
            let missing = try await client.api("/api/cases/LT-1999-0001", .get, dpo)
            #expect(missing.status == .notFound)
            #expect(try missing.errorMessage().1 == "Not found.")
            let viewer = try await client.signIn("owner.viewer")
            let refused = try await client.api("/api/cases/\(f.caseID)/tasks", .post, viewer, json: ["title": "x"])
            #expect(refused.status == .forbidden)
            #expect(!refused.text.contains(f.caseID))
            let audit = try await client.api("/api/cases/\(f.caseID)/audit", .get, viewer)
            let entries = try #require(try audit.json() as? [[String: Any]])
            #expect(entries.contains { $0["action"] as? String == "case.open" })
        }
    }

    @Test("Case templates use only escaped tags")
    func templatesEscape() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Server/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("case-") || $0.hasPrefix("signin") }
        #expect(names.count >= 7)
        for name in names {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name)")
            #expect(!text.contains("<script") && !text.contains("http://") && !text.contains("https://"), "\(name)")
        }
    }
}

