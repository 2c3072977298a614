import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Incidents
import NIOCore
import Server
import Testing

/// One case route: how to call it and the permission it needs.
struct CaseRoute: CustomStringConvertible, Sendable {
    enum Kind: Sendable { case page, form, upload, apiRead, apiWrite, apiUpload }

    var method: HTTPRequest.Method
    /// With `{id}`, `{task}`, `{evidence}` placeholders.
    var path: String
    var kind: Kind
    var permission: Permission
    var fields: [(String, String)] = []
    var json: [String: any Sendable]? = nil

    var description: String { "\(method) \(path)" }

    func uri(_ f: CaseFixture) -> String {
        path.replacingOccurrences(of: "{id}", with: f.caseID).replacingOccurrences(of: "{task}", with: f.taskID).replacingOccurrences(of: "{evidence}", with: f.evidenceID)
    }

    /// Every route under `/cases/{id}` and `/api/cases/{id}`.
    static let all: [CaseRoute] = [
        CaseRoute(method: .get, path: "/cases/{id}", kind: .page, permission: .read),
        CaseRoute(method: .get, path: "/cases/{id}/evidence/{evidence}", kind: .page, permission: .read),
        CaseRoute(method: .get, path: "/cases/{id}/drafts/0", kind: .page, permission: .read),
        CaseRoute(method: .post, path: "/cases/{id}/update", kind: .form, permission: .edit, fields: [("status", "contained")]),
        CaseRoute(method: .post, path: "/cases/{id}/facts", kind: .form, permission: .edit, fields: [("subjects", "40000"), ("dataClasses", "mykad, phone_mobile"), ("jurisdictions", "MY")]),
        CaseRoute(method: .post, path: "/cases/{id}/tasks", kind: .form, permission: .edit, fields: [("title", "Check the sample"), ("phase", "validate")]),
        CaseRoute(method: .post, path: "/cases/{id}/tasks/{task}", kind: .form, permission: .edit, fields: [("status", "in_progress")]),
        CaseRoute(method: .post, path: "/cases/{id}/events", kind: .form, permission: .edit, fields: [("occurredAt", "2026-11-20 09:30"), ("source", "forum"), ("category", "detection"), ("summary", "New post")]),
        CaseRoute(method: .post, path: "/cases/{id}/observables", kind: .form, permission: .edit, fields: [("kind", "domain-name"), ("value", "leak-market.example"), ("tlp", "amber")]),
        CaseRoute(method: .post, path: "/cases/{id}/evidence", kind: .upload, permission: .evidence, fields: [("description", "screenshot"), ("method", "screenshot"), ("source", "forum")]),
        CaseRoute(method: .post, path: "/cases/{id}/evidence/{evidence}/custody", kind: .form, permission: .evidence, fields: [("action", "transferred"), ("from", "telco"), ("to", "pdrm-ccid"), ("reason", "handed over"), ("seal", "S-1")]),
        CaseRoute(method: .post, path: "/cases/{id}/shares", kind: .form, permission: .share, fields: [("organisation", "third-party"), ("role", "viewer")]),
        CaseRoute(method: .post, path: "/cases/{id}/drafts", kind: .form, permission: .notify, fields: [("kind", "breachRegister"), ("language", "en")]),
        CaseRoute(method: .get, path: "/cases/{id}/drafts/0/edit", kind: .page, permission: .notify),
        // Every allowed caller makes the same edit from version 1: the first makes version 2, the
        // rest change nothing (the same change is not a conflict).
        CaseRoute(method: .post, path: "/cases/{id}/drafts/0", kind: .form, permission: .notify, fields: [("field.measures", "Credentials rotated; the export job was disabled.")]),
        CaseRoute(method: .get, path: "/api/cases/{id}", kind: .apiRead, permission: .read),
        CaseRoute(method: .post, path: "/api/cases/{id}/tasks", kind: .apiWrite, permission: .edit, json: ["title": "Rotate keys", "phase": "contain"]),
        CaseRoute(method: .patch, path: "/api/cases/{id}/tasks/{task}", kind: .apiWrite, permission: .edit, json: ["status": "done"]),
        CaseRoute(method: .post, path: "/api/cases/{id}/tasks/{task}", kind: .apiWrite, permission: .edit, json: ["status": "in_progress"]),
        CaseRoute(method: .post, path: "/api/cases/{id}/events", kind: .apiWrite, permission: .edit, json: ["occurredAt": "2026-11-20T01:30:00Z", "source": "forum", "summary": "Repost"]),
        CaseRoute(method: .post, path: "/api/cases/{id}/observables", kind: .apiWrite, permission: .edit, json: ["kind": "ipv4-addr", "value": "203.0.113.7"]),
        CaseRoute(method: .get, path: "/api/cases/{id}/evidence", kind: .apiRead, permission: .read),
        CaseRoute(method: .post, path: "/api/cases/{id}/evidence", kind: .apiUpload, permission: .evidence, fields: [("description", "api upload"), ("method", "curl 8.5"), ("source", "forum")]),
        CaseRoute(method: .get, path: "/api/cases/{id}/drafts", kind: .apiRead, permission: .read),
        CaseRoute(method: .post, path: "/api/cases/{id}/drafts", kind: .apiWrite, permission: .notify, json: ["kind": "commissioner", "language": "ms"]),
        CaseRoute(method: .post, path: "/api/cases/{id}/shares", kind: .apiWrite, permission: .share, json: ["organisationID": "third-party", "role": "viewer"]),
        CaseRoute(method: .get, path: "/api/cases/{id}/audit", kind: .apiRead, permission: .read),
        CaseRoute(method: .get, path: "/api/cases/{id}/clocks", kind: .apiRead, permission: .read),
    ]
}

extension TestClientProtocol {
    /// Calls a route as `session` (nil: not signed in), with or without the CSRF token.
    func call(_ route: CaseRoute, _ f: CaseFixture, _ session: CaseSession?, csrf: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        let uri = route.uri(f)
        let s = session ?? CaseSession(cookie: "lt_other=1", csrf: "")
        switch route.kind {
        case .page:
            var h = s.headers
            for field in extra { h[field.name] = field.value }
            return try await execute(uri: uri, method: route.method, headers: h, body: nil)
        case .form:
            return try await form(uri, s, route.fields, csrf: csrf, headers: extra)
        case .upload:
            return try await upload(uri, s, file: Array("evidence bytes \(UUID())".utf8), fileName: "shot.png", fields: route.fields, csrf: csrf, headers: extra)
        case .apiRead, .apiWrite:
            return try await api(uri, route.method, session, json: route.json, csrf: csrf, headers: extra)
        case .apiUpload:
            var h = extra
            if let session, csrf { h[HTTPField.Name("X-CSRF-Token")!] = session.csrf }
            return try await upload(uri, s, file: Array("api evidence \(UUID())".utf8), fileName: "api.bin", fields: route.fields, csrf: false, headers: h)
        }
    }
}

@Suite("Case routes: authorization")
struct CaseAuthorizationTests {
    @Test("A person of an organisation the case is not shared with gets 404 on every case route, in every role, and never case data")
    func otherOrganisation() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            for role in Role.allCases {
                let session = try await client.signIn("other.\(role.rawValue)")
                for route in CaseRoute.all {
                    let r = try await client.call(route, f, session)
                    #expect(r.status == .notFound, "\(role) \(route)")
                    for secret in f.secrets { #expect(!r.text.contains(secret), "\(role) \(route) leaks \(secret)") }
                }
                // The lists answer, without the case.
                for uri in ["/cases", "/api/cases"] {
                    let r = try await client.execute(uri: uri, method: .get, headers: session.headers, body: nil)
                    #expect(r.status == .ok)
                    for secret in f.secrets { #expect(!r.text.contains(secret), "\(role) \(uri) leaks \(secret)") }
                }
            }
        }
    }

    @Test("A case that is not shared answers exactly like one that does not exist (apart from the request id)")
    func existenceIsNotConfirmed() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("other.dpo")
            func normalised(_ r: TestResponse) -> String {
                var t = r.text
                if let id = r.headers[HTTPField.Name("X-Request-Id")!], !id.isEmpty { t = t.replacingOccurrences(of: id, with: "") }
                return t
            }
            for route in CaseRoute.all {
                var ghost = f
                ghost.caseID = "LT-2026-9999"
                let real = try await client.call(route, f, session)
                let none = try await client.call(route, ghost, session)
                #expect(real.status == none.status, "\(route)")
                #expect(normalised(real) == normalised(none), "\(route)")
            }
        }
    }

    @Test("Sign-in and case requests log no user name, password, case title or token")
    func logsHoldNoSecrets() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.dpo")
            _ = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            let form = try await client.execute(uri: "/signin", method: .get, headers: .ua, body: nil)
            let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = try #require(caseHidden("signin", in: form.text))
            var h: HTTPFields = [.userAgent: "t", .contentType: "application/x-www-form-urlencoded"]
            h[.cookie] = cookie
            _ = try await client.execute(uri: "/signin", method: .post, headers: h, body: ByteBuffer(string: "signin=\(token)&username=owner.dpo&password=Guess-Secret-42"))
            let logs = f.base.logs.allText
            #expect(logs.contains("case.signin"))
            for secret in ["owner.dpo", CaseFixture.password, "Guess-Secret-42", CaseFixture.caseTitle, session.csrf, String(session.cookie.dropFirst("lt_session=".count))] {
                #expect(!logs.contains(secret), "log holds \(secret)")
            }
        }
    }

    @Test("A person of an organisation the case is shared with gets 2xx/303 or 403 exactly as the share's role permits")
    func sharedOrganisation() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            for role in Role.allCases {
                let session = try await client.signIn("shared.\(role.rawValue)")
                for route in CaseRoute.all {
                    let r = try await client.call(route, f, session)
                    if role.permissions.contains(route.permission) {
                        let ok = (200 ..< 300).contains(Int(r.status.code)) || r.status == .seeOther
                        #expect(ok, "\(role) \(route): \(r.status)")
                        if r.status == .seeOther { #expect(r.headers[.location]?.hasPrefix("/cases/\(f.caseID)") == true) }
                    } else {
                        #expect(r.status == .forbidden, "\(role) \(route): \(r.status)")
                        #expect(!r.text.contains(CaseFixture.caseTitle))
                    }
                }
                let list = try await client.execute(uri: "/cases", method: .get, headers: session.headers, body: nil)
                #expect(list.text.contains(CaseFixture.caseTitle), "\(role) sees the shared case in the list")
            }
        }
    }

    @Test("The owner's DPO may do everything")
    func ownerDPO() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.dpo")
            for route in CaseRoute.all {
                let r = try await client.call(route, f, session)
                #expect((200 ..< 300).contains(Int(r.status.code)) || r.status == .seeOther, "\(route): \(r.status)")
            }
        }
    }

    @Test("Not signed in: web routes redirect to /signin, API routes answer 401")
    func unauthenticated() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            for route in CaseRoute.all {
                let r = try await client.call(route, f, nil)
                switch route.kind {
                case .page, .form, .upload:
                    #expect(r.status == .seeOther, "\(route)")
                    #expect(r.headers[.location]?.hasPrefix("/signin") == true, "\(route)")
                case .apiRead, .apiWrite, .apiUpload:
                    #expect(r.status == .unauthorized, "\(route)")
                    #expect(try r.errorMessage().0 == 401)
                }
                for secret in f.secrets { #expect(!r.text.contains(secret), "\(route) leaks \(secret)") }
            }
            for uri in ["/cases", "/cases/new"] {
                let r = try await client.execute(uri: uri, method: .get, headers: .ua, body: nil)
                #expect(r.status == .seeOther)
            }
            let api = try await client.execute(uri: "/api/cases", method: .get, headers: .ua, body: nil)
            #expect(api.status == .unauthorized)
            // A forged cookie is no session.
            let forged = CaseSession(cookie: "lt_session=" + String(repeating: "a", count: 64), csrf: "x")
            let r = try await client.execute(uri: "/cases", method: .get, headers: forged.headers, body: nil)
            #expect(r.status == .seeOther)
        }
    }

    @Test("Every state-changing route refuses a missing or wrong CSRF token and a cross-site request with 403")
    func csrf() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.dpo")
            for route in CaseRoute.all where route.kind == .form || route.kind == .upload || route.kind == .apiWrite || route.kind == .apiUpload {
                let missing = try await client.call(route, f, session, csrf: false)
                #expect(missing.status == .forbidden, "\(route) without a token")
                var wrong = session
                wrong.csrf = String(repeating: "0", count: 64)
                let bad = try await client.call(route, f, wrong)
                #expect(bad.status == .forbidden, "\(route) with a wrong token")
                let cross = try await client.call(route, f, session, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
                #expect(cross.status == .forbidden, "\(route) cross-site")
            }
            let open = try await client.form("/cases", session, [("title", "Another")], csrf: false)
            #expect(open.status == .forbidden)
            let signout = try await client.form("/signout", session, [], csrf: false)
            #expect(signout.status == .forbidden)
            // Nothing was changed by the refused requests.
            let detail = try await client.api("/api/cases/\(f.caseID)", .get, session)
            let o = try #require(try detail.json() as? [String: Any])
            #expect((o["observables"] as? [Any])?.count == 1)
            #expect((o["evidence"] as? [Any])?.count == 1)
        }
    }

    @Test("After sign-out the session no longer works, on pages and on the API")
    func signOut() async throws {
        let f = try await CaseFixture.make()
        try await f.app().test(.router) { client in
            let session = try await client.signIn("owner.responder")
            let before = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            #expect(before.status == .ok)
            let out = try await client.form("/signout", session, [])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/signin")
            let page = try await client.execute(uri: "/cases/\(f.caseID)", method: .get, headers: session.headers, body: nil)
            #expect(page.status == .seeOther)
            let api = try await client.api("/api/cases", .get, session)
            #expect(api.status == .unauthorized)
            let write = try await client.form("/cases/\(f.caseID)/tasks", session, [("title", "after sign-out")])
            #expect(write.status == .seeOther)
            #expect(write.headers[.location]?.hasPrefix("/signin") == true)
        }
    }
}
