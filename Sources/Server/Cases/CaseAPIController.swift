import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import NIOCore

/// The case API under `/api/cases`, JSON in and out, signed in with the session cookie (the
/// web UI's); writes also need the session's token in `X-CSRF-Token`.
///
/// `GET /api/cases`, `POST /api/cases`, `GET /api/cases/{id}`, `POST /api/cases/{id}/tasks`,
/// `PATCH|POST /api/cases/{id}/tasks/{taskID}`, `POST /api/cases/{id}/events`,
/// `POST /api/cases/{id}/observables`, `GET /api/cases/{id}/evidence`,
/// `POST /api/cases/{id}/evidence` (multipart: a file part, `method`, `source`, `description`),
/// `GET /api/cases/{id}/drafts`, `POST /api/cases/{id}/drafts` (`{"kind":…,"language":"en"}`),
/// `POST /api/cases/{id}/shares`, `GET /api/cases/{id}/audit`, `GET /api/cases/{id}/clocks`.
///
/// Errors are `{"statusCode":…,"message":…}`: 401 not signed in, 403 bad CSRF token or a role
/// without the permission, 404 a case that does not exist or is not visible (the same answer),
/// 400 bad input, 409 conflict.
struct CaseAPIController: Sendable {
    let web: CaseWeb
    let auth: CaseAuth

    var service: CaseService { web.service }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get { request, _ in
            let user = try await self.user(request)
            let now = Date()
            let list = try await self.service.cases(visibleTo: user.person).map { c, role in
                CaseSummary(case: c, role: role, nextClock: CaseWebController.nextClock(self.web.clocks?.clocks(for: c, now: now) ?? []))
            }
            return try Self.json(list)
        }
        group.post { request, _ in
            let user = try await self.write(request)
            let b = try await Self.decode(NewCase.self, request)
            let c = try await self.call {
                try await self.service.openCase(
                    title: b.title, summary: b.summary ?? "", severity: b.severity ?? .high, timeZone: b.timeZone ?? "Asia/Kuala_Lumpur",
                    awareness: b.awareness, awarenessSource: b.awarenessSource ?? "case opened", facts: b.facts ?? .init(),
                    regimeIDs: b.regimeIDs ?? [], playbookIDs: b.playbookIDs ?? [], by: user.person
                )
            }
            return try Self.json(c, status: .created)
        }
        group.get(":id") { request, context in
            let user = try await self.user(request)
            let id = context.parameters.get("id") ?? ""
            let d = try await self.call { try await self.service.detail(caseID: id, for: user.person) }
            return try Self.json(CaseDetailBody(d))
        }
        group.post(":id/tasks") { request, context in
            let (user, id) = try await self.caseWrite(request, context, .edit)
            let b = try await Self.decode(NewTask.self, request)
            let t = try await self.call { try await self.service.addTask(caseID: id, phase: b.phase ?? "other", title: b.title, detail: b.detail ?? "", dueHours: b.dueHours, by: user.person) }
            return try Self.json(t, status: .created)
        }
        let updateTask: @Sendable (Request, AppRequestContext) async throws -> Response = { request, context in
            let (user, id) = try await self.caseWrite(request, context, .edit)
            let task = context.parameters.get("task") ?? ""
            let b = try await Self.decode(TaskChange.self, request)
            let t = try await self.call {
                try await self.service.updateTask(caseID: id, taskID: task, status: b.status, assignee: b.assignee.map { Optional($0) }, by: user.person)
            }
            return try Self.json(t)
        }
        group.patch(":id/tasks/:task", use: updateTask)
        group.post(":id/tasks/:task", use: updateTask)
        group.post(":id/events") { request, context in
            let (user, id) = try await self.caseWrite(request, context, .edit)
            let b = try await Self.decode(NewEvent.self, request)
            let e = try await self.call {
                try await self.service.addEvent(
                    caseID: id, occurredAt: b.occurredAt, timeZone: b.timeZone ?? "Asia/Kuala_Lumpur", source: b.source,
                    category: b.category ?? "other", summary: b.summary ?? "", anchor: b.anchor, evidenceIDs: b.evidenceIDs ?? [], by: user.person
                )
            }
            return try Self.json(e, status: .created)
        }
        group.post(":id/observables") { request, context in
            let (user, id) = try await self.caseWrite(request, context, .edit)
            let b = try await Self.decode(NewObservable.self, request)
            let o = try await self.call {
                try await self.service.addObservable(caseID: id, kind: b.kind, value: b.value, network: b.network, comment: b.comment ?? "", tlp: b.tlp ?? "amber", firstSeen: b.firstSeen, by: user.person)
            }
            return try Self.json(o, status: .created)
        }
        group.get(":id/evidence") { request, context in
            let user = try await self.user(request)
            let id = context.parameters.get("id") ?? ""
            let d = try await self.call { try await self.service.detail(caseID: id, for: user.person) }
            return try Self.json(d.evidence.map { e in EvidenceBody(item: e, custody: d.custody.filter { $0.evidenceID == e.id }) })
        }
        group.post(":id/evidence") { request, context in
            let (user, id) = try await self.caseWrite(request, context, .evidence)
            guard let boundary = MultipartUpload.boundary(contentType: request.headers[.contentType]) else {
                throw APIError(.badRequest, "Expected a multipart/form-data body with a file part and method and source fields.")
            }
            let upload: MultipartUpload
            do {
                upload = try await MultipartUpload.read(request.body, boundary: boundary, directory: self.web.settings.uploadDirectory, maxFileBytes: self.web.settings.maxUploadBytes)
            } catch MultipartUpload.Failure.tooLarge {
                throw APIError(.contentTooLarge, "The file is larger than this server accepts.")
            } catch {
                throw APIError(.badRequest, "The upload could not be read.")
            }
            defer { if let p = upload.filePath { try? FileManager.default.removeItem(atPath: p) } }
            guard let path = upload.filePath, let name = upload.fileName, !name.isEmpty else { throw APIError(.badRequest, "Missing the file part.") }
            let f = FormFields(fields: upload.fields)
            let item = try await self.call {
                try await self.service.addEvidence(
                    caseID: id, fileAt: path, fileName: name, kind: f.text("kind").flatMap(EvidenceItem.Kind.init(rawValue:)) ?? .file,
                    description: f["description"] ?? "", method: f["method"] ?? "", source: f["source"] ?? "", legalBasis: f.text("legalBasis"), by: user.person
                )
            }
            return try Self.json(item, status: .created)
        }
        group.get(":id/drafts") { request, context in
            let user = try await self.user(request)
            let id = context.parameters.get("id") ?? ""
            return try Self.json(try await self.call { try await self.service.drafts(caseID: id, for: user.person) })
        }
        group.post(":id/drafts") { request, context in
            let (user, id) = try await self.caseWrite(request, context, .notify)
            let b = try await Self.decode(NewDraft.self, request)
            let d = try await self.call { try await self.service.draftNotification(caseID: id, kind: b.kind, language: b.language ?? .en, by: user.person) }
            return try Self.json(d, status: .created)
        }
        group.post(":id/shares") { request, context in
            let (user, id) = try await self.caseWrite(request, context, .share)
            let b = try await Self.decode(NewShare.self, request)
            let s = try await self.call { try await self.service.share(caseID: id, with: b.organisationID, role: b.role, by: user.person) }
            return try Self.json(s, status: .created)
        }
        group.get(":id/audit") { request, context in
            let user = try await self.user(request)
            let id = context.parameters.get("id") ?? ""
            let entries = try await self.call { try await self.service.auditExcerpt(caseID: id, for: user.person) }
            return try Self.json(entries)
        }
        group.get(":id/clocks") { request, context in
            let user = try await self.user(request)
            let id = context.parameters.get("id") ?? ""
            let (c, _) = try await self.call { try await self.service.authorize(user.person, caseID: id, .read) }
            return try Self.json(self.web.clocks?.clocks(for: c, now: Date()) ?? [])
        }
    }

    // MARK: - Plumbing

    func user(_ request: Request) async throws -> SignedIn {
        guard let u = try await auth.signedIn(request) else { throw CaseError(.unauthenticated, "sign in").apiError }
        return u
    }

    /// A write: signed in, same origin, and the session's CSRF token in `X-CSRF-Token`.
    func write(_ request: Request) async throws -> SignedIn {
        let u = try await user(request)
        guard auth.checkCSRF(request, session: u.session, formToken: nil) else {
            throw APIError(.forbidden, "Missing or wrong X-CSRF-Token.")
        }
        return u
    }

    /// A write on a case: checks the permission before the body is read.
    func caseWrite(_ request: Request, _ context: AppRequestContext, _ permission: Permission) async throws -> (SignedIn, String) {
        let u = try await write(request)
        let id = context.parameters.get("id") ?? ""
        _ = try await call { try await service.authorize(u.person, caseID: id, permission) }
        return (u, id)
    }

    /// Runs a service call, mapping `CaseError` to the API's answers.
    func call<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as CaseError { throw e.apiError }
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = JSONBody.contentType
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: 1 << 20) } catch { throw APIError(.contentTooLarge, "The body is too large.") }
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        do {
            return try d.decode(T.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, "Missing field \(key.stringValue).")
        } catch DecodingError.typeMismatch(_, let ctx), DecodingError.dataCorrupted(let ctx) {
            throw APIError(.badRequest, "Bad value at \(ctx.codingPath.map(\.stringValue).joined(separator: ".")).")
        } catch {
            throw APIError(.badRequest, "The body is not the expected JSON object.")
        }
    }

    // MARK: - Bodies

    struct NewCase: Decodable {
        var title: String
        var summary: String?
        var severity: IncidentCase.Severity?
        var timeZone: String?
        var awareness: Date?
        var awarenessSource: String?
        var facts: IncidentCase.Facts?
        var regimeIDs: [String]?
        var playbookIDs: [String]?
    }

    struct NewTask: Decodable {
        var title: String
        var phase: String?
        var detail: String?
        var dueHours: Double?
    }

    struct TaskChange: Decodable {
        var status: CaseTask.Status?
        var assignee: String?
    }

    struct NewEvent: Decodable {
        var occurredAt: Date
        var timeZone: String?
        var source: String
        var category: String?
        var summary: String?
        var anchor: ClockAnchor?
        var evidenceIDs: [String]?
    }

    struct NewObservable: Decodable {
        var kind: Observable.Kind
        var value: String
        var network: String?
        var comment: String?
        var tlp: String?
        var firstSeen: Date?
    }

    struct NewDraft: Decodable {
        var kind: NotificationDraft.Kind
        var language: NotificationDraft.Language?
    }

    struct NewShare: Decodable {
        var organisationID: String
        var role: Role
    }

    struct CaseSummary: Encodable {
        var `case`: IncidentCase
        var role: Role
        var nextClock: ClockStatus?
    }

    struct EvidenceBody: Encodable {
        var item: EvidenceItem
        var custody: [CustodyEvent]
    }

    struct CaseDetailBody: Encodable {
        var `case`: IncidentCase
        var role: Role
        var owner: Organisation?
        var shares: [CaseShare]
        var tasks: [CaseTask]
        var events: [TimelineEvent]
        var observables: [Observable]
        var evidence: [EvidenceItem]
        var custody: [CustodyEvent]

        init(_ d: CaseDetail) {
            `case` = d.incident
            role = d.role
            owner = d.owner
            shares = d.shares
            tasks = d.tasks
            events = d.events
            observables = d.observables
            evidence = d.evidence
            custody = d.custody
        }
    }
}
