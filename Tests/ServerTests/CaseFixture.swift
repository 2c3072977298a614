import Crypto
import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Incidents
import LeakTraceCore
import NIOCore
import SQLiteStore
import Server
import Testing

/// A case server on in-memory SQLite: the lookup fixture's dependencies plus a real `CaseService`
/// (temporary evidence vault, fresh Ed25519 key, bcrypt cost 4).
///
/// Organisations: `telco` (the owner: `owner.dpo` dpo, `owner.responder` responder,
/// `owner.viewer` viewer), `other-<role>` (never shared; one user `other.<role>` of that role) and
/// `shared-<role>` (the case is shared with it in that role; one user `shared.<role>`).
/// One case, `caseID`, with a playbook's tasks, an awareness anchor, an observable and one
/// evidence item.
struct CaseFixture {
    static let password = "correct horse battery staple"
    static let caseTitle = "Zebra-Quartz subscriber list offered for sale"
    static let observableValue = "seller-quartz-handle"

    let base: Fixture
    let service: CaseService
    let web: CaseWeb
    let vault: String
    var caseID: String
    var evidenceID: String
    var evidenceSHA: String
    var taskID: String

    static func make(clocks: Bool = true, settings: CaseWeb.Settings = CaseWeb.Settings(bcryptCost: 4)) async throws -> CaseFixture {
        var base = try await Fixture.make()
        var settings = settings
        settings.uploadDirectory = NSTemporaryDirectory() + "leaktrace-uploads-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: settings.uploadDirectory, withIntermediateDirectories: true)
        let vault = NSTemporaryDirectory() + "leaktrace-vault-" + UUID().uuidString
        let service = CaseService(store: base.store, vault: EvidenceVault(root: vault), playbooks: try PlaybookCatalog.load(), signer: Curve25519.Signing.PrivateKey())
        let engine = clocks ? ClockEngine(catalog: try RegimeCatalog.load(userDirectory: nil)) : nil
        let web = CaseWeb(service: service, clocks: engine, settings: settings)
        base = Fixture(store: base.store, key: base.key, sender: base.sender, logs: base.logs, deps: {
            var d = base.deps
            d.cases = web
            return d
        }(), clock: base.clock)

        let hash = CaseWeb.hashPassword(password, cost: 4)
        _ = try await service.addOrganisation(Organisation(id: "telco", name: "Telco Sdn Bhd", kind: .controller), by: nil)
        let admin = try await service.addPerson(username: "owner.dpo", displayName: "Owner DPO", organisationID: "telco", role: .dpo, isAdministrator: true, passwordHash: hash, by: nil)
        _ = try await service.addPerson(username: "owner.responder", displayName: "Owner Responder", organisationID: "telco", role: .responder, isAdministrator: false, passwordHash: hash, by: admin)
        _ = try await service.addPerson(username: "owner.viewer", displayName: "Owner Viewer", organisationID: "telco", role: .viewer, isAdministrator: false, passwordHash: hash, by: admin)
        for role in Role.allCases {
            for prefix in ["other", "shared"] {
                let org = "\(prefix)-\(role.rawValue)"
                _ = try await service.addOrganisation(Organisation(id: org, name: "Org \(prefix) \(role.rawValue)", kind: .other), by: admin)
                _ = try await service.addPerson(username: "\(prefix).\(role.rawValue)", displayName: "\(prefix) \(role.rawValue)", organisationID: org, role: role, isAdministrator: false, passwordHash: hash, by: admin)
            }
        }
        let c = try await service.openCase(
            title: caseTitle, summary: "Synthetic case for the authorization matrix.", awareness: Date().addingTimeInterval(-3600 * 80),
            awarenessSource: "tip", playbookIDs: ["data-leaked-for-sale"], by: admin
        )
        _ = try await service.addOrganisation(Organisation(id: "third-party", name: "Third party", kind: .cert), by: admin)
        for role in Role.allCases {
            _ = try await service.share(caseID: c.id, with: "shared-\(role.rawValue)", role: role, by: admin)
        }
        _ = try await service.addObservable(caseID: c.id, kind: .forumHandle, value: observableValue, network: "BreachForums", by: admin)
        let file = NSTemporaryDirectory() + "leaktrace-sample-" + UUID().uuidString + ".txt"
        try Data("synthetic sample listing\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let ev = try await service.addEvidence(caseID: c.id, fileAt: file, fileName: "listing.txt", description: "listing capture", method: "download", source: "forum", by: admin)
        let opened = try #require(try await service.store.get(.incidentCase, id: c.id, as: IncidentCase.self))
        let draft = NotificationDrafter.draft(kind: .commissioner, language: .en, for: opened, triage: nil, organisation: "Telco Sdn Bhd", by: admin.id, at: Date())
        try await service.store.insert(.draft, id: draft.id, caseID: c.id, draft)
        let detail = try await service.detail(caseID: c.id, for: admin)
        let task = try #require(detail.tasks.first)
        return CaseFixture(base: base, service: service, web: web, vault: vault, caseID: c.id, evidenceID: ev.id, evidenceSHA: ev.sha256, taskID: task.id)
    }

    func app() -> some ApplicationProtocol {
        base.app()
    }

    /// Strings that identify the case: none may appear in an answer to someone who cannot see it.
    var secrets: [String] { [caseID, Self.caseTitle, Self.observableValue, evidenceSHA, evidenceID, taskID, "listing.txt"] }
}

/// A signed-in browser: its session cookie and CSRF token.
struct CaseSession {
    var cookie: String
    var csrf: String

    var headers: HTTPFields {
        var h: HTTPFields = [.userAgent: "LeakTrace-ServerTests"]
        h[.cookie] = cookie
        return h
    }
}

extension TestClientProtocol {
    /// Signs in through the form (GET for the pre-session token, POST), returns the session.
    func signIn(_ username: String, password: String = CaseFixture.password) async throws -> CaseSession {
        let form = try await execute(uri: "/signin", method: .get, headers: .ua, body: nil)
        #expect(form.status == .ok)
        let signinCookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let token = try #require(Self.hidden("signin", in: form.text))
        let body = "signin=\(token)&username=\(username)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        var h: HTTPFields = [.userAgent: "LeakTrace-ServerTests", .contentType: "application/x-www-form-urlencoded"]
        h[.cookie] = signinCookie
        let r = try await execute(uri: "/signin", method: .post, headers: h, body: ByteBuffer(string: body))
        #expect(r.status == .seeOther, "sign-in of \(username)")
        let session = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("lt_session=") })
        let cookie = String(session.split(separator: ";")[0])
        // The CSRF token is on every page.
        var ph: HTTPFields = .ua
        ph[.cookie] = cookie
        let list = try await execute(uri: "/cases", method: .get, headers: ph, body: nil)
        let csrf = try #require(Self.hidden("csrf", in: list.text))
        return CaseSession(cookie: cookie, csrf: csrf)
    }

    /// The value of a hidden input.
    static func hidden(_ name: String, in html: String) -> String? { caseHidden(name, in: html) }

    func form(_ uri: String, _ session: CaseSession, _ fields: [(String, String)], csrf: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var h = session.headers
        for field in extra { h[field.name] = field.value }
        h[.contentType] = "application/x-www-form-urlencoded"
        let all = (csrf ? [("csrf", session.csrf)] : []) + fields
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
    }

    func api(_ uri: String, _ method: HTTPRequest.Method, _ session: CaseSession?, json: [String: Any]? = nil, csrf: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var h: HTTPFields = session?.headers ?? .ua
        for field in extra { h[field.name] = field.value }
        if let session, csrf { h[HTTPField.Name("X-CSRF-Token")!] = session.csrf }
        var body: ByteBuffer?
        if let json {
            h[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        return try await execute(uri: uri, method: method, headers: h, body: body)
    }

    func upload(_ uri: String, _ session: CaseSession, file: [UInt8], fileName: String, fields: [(String, String)], csrf: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        let boundary = "----LeakTraceTestBoundary7MA4YWxkTrZu0gW"
        var body = ""
        for (k, v) in (csrf ? [("csrf", session.csrf)] : []) + fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n"
        }
        var bytes = Array(body.utf8)
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        bytes += file
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        var h = session.headers
        for field in extra { h[field.name] = field.value }
        h[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await execute(uri: uri, method: .post, headers: h, body: ByteBuffer(bytes: bytes))
    }
}

/// The value of a hidden input of a page.
func caseHidden(_ name: String, in html: String) -> String? {
    guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    let rest = html[r.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
}
