import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import LeakTraceCore
import Logging
import NIOCore

/// The case pages: server-rendered, self-contained (inline CSS, no script, no external asset).
///
/// Routes (every one needs a session; without one, a 303 to `/signin`):
/// `GET /cases`, `GET /cases/new`, `POST /cases`, `GET /cases/{id}`, `POST /cases/{id}/update`,
/// `POST /cases/{id}/tasks`, `POST /cases/{id}/tasks/{taskID}`, `POST /cases/{id}/events`,
/// `POST /cases/{id}/observables`, `POST /cases/{id}/evidence` (multipart upload),
/// `GET /cases/{id}/evidence/{evidenceID}` (download; recorded in custody and audit),
/// `POST /cases/{id}/evidence/{evidenceID}/custody` (a transfer, analysis, verification ...),
/// `POST /cases/{id}/shares`, `POST /cases/{id}/drafts`, `GET /cases/{id}/drafts/{n}`,
/// `GET /cases/{id}/drafts/{n}/edit`, `POST /cases/{id}/drafts/{n}` (a revision: the next version).
///
/// Every case route asks `CaseService.authorize` for the permission it needs before it reads a
/// body: a case the person cannot see is a 404 page, a permission their role lacks a 403 page.
/// Every POST checks the session's CSRF token (and `Sec-Fetch-Site`/`Origin`) and answers with a
/// 303 to the page to show next.
struct CaseWebController: Sendable {
    let web: CaseWeb
    let auth: CaseAuth
    let views: CaseViews

    var service: CaseService { web.service }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("cases") { request, context in
            await self.page(request, context) { user in try await self.list(user) }
        }
        router.get("cases/new") { request, context in
            await self.page(request, context) { user in try await self.newCase(user) }
        }
        router.post("cases") { request, context in
            await self.action(request, context, caseID: nil, permission: nil) { user, f in try await self.create(user, f) }
        }
        router.get("cases/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.page(request, context) { user in try await self.show(user, caseID: id) }
        }
        router.post("cases/:id/update") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .edit) { user, f in
                _ = try await self.service.updateCase(
                    caseID: id, status: f.text("status").flatMap(IncidentCase.Status.init(rawValue:)),
                    severity: f.text("severity").flatMap(IncidentCase.Severity.init(rawValue:)), by: user.person
                )
                return Self.redirect("/cases/\(id)")
            }
        }
        router.post("cases/:id/facts") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .edit) { user, f in
                try await self.updateFacts(user, caseID: id, f)
                return Self.redirect("/cases/\(id)#facts")
            }
        }
        router.post("cases/:id/tasks") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .edit) { user, f in
                _ = try await self.service.addTask(caseID: id, phase: f.text("phase") ?? "other", title: f["title"] ?? "", detail: f["detail"] ?? "", dueHours: f.text("dueHours").flatMap(Double.init), by: user.person)
                return Self.redirect("/cases/\(id)#tasks")
            }
        }
        router.post("cases/:id/tasks/:task") { request, context in
            let id = context.parameters.get("id") ?? ""
            let task = context.parameters.get("task") ?? ""
            return await self.action(request, context, caseID: id, permission: .edit) { user, f in
                guard let status = f.text("status").flatMap(CaseTask.Status.init(rawValue:)) else {
                    throw CaseError(.invalid, "status: expected open, in_progress, done or skipped")
                }
                _ = try await self.service.updateTask(caseID: id, taskID: task, status: status, by: user.person)
                return Self.redirect("/cases/\(id)#tasks")
            }
        }
        router.post("cases/:id/events") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .edit) { user, f in
                try await self.addEvent(user, caseID: id, f)
                return Self.redirect("/cases/\(id)#timeline")
            }
        }
        router.post("cases/:id/observables") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .edit) { user, f in
                guard let kind = f.text("kind").flatMap(Observable.Kind.init(rawValue:)) else {
                    throw CaseError(.invalid, "kind: expected one of \(Observable.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                _ = try await self.service.addObservable(caseID: id, kind: kind, value: f["value"] ?? "", network: f.text("network"), comment: f["comment"] ?? "", tlp: f.text("tlp") ?? "amber", by: user.person)
                return Self.redirect("/cases/\(id)#observables")
            }
        }
        router.post("cases/:id/evidence") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.upload(request, context, caseID: id)
        }
        router.post("cases/:id/evidence/:evidence/custody") { request, context in
            let id = context.parameters.get("id") ?? ""
            let evidence = context.parameters.get("evidence") ?? ""
            return await self.action(request, context, caseID: id, permission: .evidence) { user, f in
                guard let action = f.text("action").flatMap(CustodyEvent.Action.init(rawValue:)), action != .acquired, action != .accessed else {
                    throw CaseError(.invalid, "custody action: expected transferred, analysed, verified, copied, exported, returned or disposed")
                }
                _ = try await self.service.recordCustody(
                    caseID: id, evidenceID: evidence, action: action, from: f.text("from"), to: f.text("to"),
                    reason: f["reason"] ?? "", sealNumber: f.text("seal"), by: user.person
                )
                return Self.redirect("/cases/\(id)#evidence")
            }
        }
        router.get("cases/:id/evidence/:evidence") { request, context in
            let id = context.parameters.get("id") ?? ""
            let evidence = context.parameters.get("evidence") ?? ""
            return await self.page(request, context) { user in try await self.download(user, caseID: id, evidenceID: evidence) }
        }
        router.post("cases/:id/shares") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .share) { user, f in
                guard let role = f.text("role").flatMap(Role.init(rawValue:)) else {
                    throw CaseError(.invalid, "role: expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                _ = try await self.service.share(caseID: id, with: f.text("organisation") ?? "", role: role, by: user.person)
                return Self.redirect("/cases/\(id)#shares")
            }
        }
        router.post("cases/:id/drafts") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await self.action(request, context, caseID: id, permission: .notify) { user, f in
                let n = try await self.draft(user, caseID: id, f)
                return Self.redirect("/cases/\(id)/drafts/\(n)")
            }
        }
        router.get("cases/:id/drafts/:n") { request, context in
            let id = context.parameters.get("id") ?? ""
            let n = context.parameters.get("n", as: Int.self) ?? -1
            return await self.page(request, context) { user in try await self.showDraft(user, caseID: id, index: n) }
        }
        router.get("cases/:id/drafts/:n/edit") { request, context in
            let id = context.parameters.get("id") ?? ""
            let n = context.parameters.get("n", as: Int.self) ?? -1
            return await self.page(request, context) { user in try await self.editDraft(user, caseID: id, index: n) }
        }
        router.post("cases/:id/drafts/:n") { request, context in
            let id = context.parameters.get("id") ?? ""
            let n = context.parameters.get("n", as: Int.self) ?? -1
            return await self.action(request, context, caseID: id, permission: .notify) { user, f in
                let next = try await self.reviseDraft(user, caseID: id, index: n, f)
                return Self.redirect("/cases/\(id)/drafts/\(next)")
            }
        }
    }

    // MARK: - Pages

    func chrome(_ user: SignedIn, _ title: String) async throws -> CaseChrome {
        let org = try await service.organisation(id: user.person.organisationID)
        return CaseChrome(title: title, user: user.person.displayName.isEmpty ? user.person.username : user.person.displayName, organisation: org?.name ?? user.person.organisationID, csrf: user.session.csrf)
    }

    func list(_ user: SignedIn) async throws -> Response {
        let now = Date()
        let orgs = Dictionary(try await service.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let rows = try await service.cases(visibleTo: user.person).map { c, role in
            var row = CaseList.Row(
                id: c.id, href: "/cases/\(c.id)", title: c.title, owner: orgs[c.ownerOrganisationID] ?? c.ownerOrganisationID,
                status: c.status.rawValue, severity: c.severity.rawValue, role: role.rawValue, stateClass: "", overdue: false
            )
            if let next = Self.nextClock(web.clocks?.clocks(for: c, now: now) ?? []) {
                row.nextClock = next.title
                row.nextDeadline = next.deadlineLocal
                row.state = next.summary
                row.stateClass = "state-" + next.state.rawValue
                row.overdue = next.state == .overdue
            }
            return row
        }
        let model = CaseList.Model(chrome: try await chrome(user, "Cases"), csrf: user.session.csrf, canOpen: [.responder, .dpo].contains(user.person.role), rows: rows, hasRows: !rows.isEmpty)
        return try Self.html(views, model, "case-list")
    }

    /// The clock to show in the list: the most overdue one, else the earliest deadline, else the first running one.
    static func nextClock(_ clocks: [ClockStatus]) -> ClockStatus? {
        clocks.mostUrgent
    }

    func newCase(_ user: SignedIn) async throws -> Response {
        guard [.responder, .dpo].contains(user.person.role) else {
            throw CaseError(.forbidden, "only an organisation's responders and DPO open cases")
        }
        let playbooks = await service.playbooks.playbooks.map { CaseNew.Playbook(id: $0.id, title: $0.title, description: $0.description, checked: $0.id == "data-leaked-for-sale") }
        let model = CaseNew.Model(
            chrome: try await chrome(user, "Open a case"), csrf: user.session.csrf,
            severities: IncidentCase.Severity.allCases.map { CaseOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == .high) },
            timeZone: "Asia/Kuala_Lumpur", playbooks: playbooks
        )
        return try Self.html(views, model, "case-new")
    }

    func create(_ user: SignedIn, _ f: FormFields) async throws -> Response {
        let zone = f.text("timeZone") ?? "Asia/Kuala_Lumpur"
        guard TimeZone(identifier: zone) != nil else { throw CaseError(.invalid, "time zone: expected an IANA name such as Asia/Kuala_Lumpur") }
        var awareness: Date?
        if let a = f.text("awareness") {
            guard let d = CaseFormat.parseLocal(a, zone) else { throw CaseError(.invalid, "awareness: expected a date and time such as 2026-11-20 09:30") }
            awareness = d
        }
        let c = try await service.openCase(
            title: f["title"] ?? "", summary: f["summary"] ?? "",
            severity: f.text("severity").flatMap(IncidentCase.Severity.init(rawValue:)) ?? .high, timeZone: zone,
            awareness: awareness, awarenessSource: f.text("awarenessSource") ?? "case opened", playbookIDs: f.all("playbook"), by: user.person
        )
        return Self.redirect("/cases/\(c.id)")
    }

    /// Replaces the counts and classes the clocks and drafts read (never a personal value).
    func updateFacts(_ user: SignedIn, caseID: String, _ f: FormFields) async throws {
        let (c, _) = try await service.authorize(user.person, caseID: caseID, .edit)
        func count(_ name: String) throws -> Int? {
            guard let t = f.text(name) else { return nil }
            guard let n = Int(t.filter { $0 != "," && $0 != " " }), n >= 0 else { throw CaseError(.invalid, "\(name): expected a whole number") }
            return n
        }
        func list(_ name: String) -> [String] {
            (f[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var facts = c.facts
        facts.subjects = try count("subjects")
        facts.records = try count("records")
        facts.dataClasses = list("dataClasses")
        facts.sensitiveClasses = list("sensitiveClasses")
        facts.ncii = f["ncii"] == "on" || f["ncii"] == "true"
        facts.sector = f.text("sector")
        let jurisdictions = list("jurisdictions").map { $0.uppercased() }
        facts.jurisdictions = jurisdictions.isEmpty ? ["MY"] : jurisdictions
        _ = try await service.updateCase(caseID: caseID, facts: facts, by: user.person)
    }

    func addEvent(_ user: SignedIn, caseID: String, _ f: FormFields) async throws {
        let (c, _) = try await service.authorize(user.person, caseID: caseID, .edit)
        let zone = f.text("timeZone") ?? c.timeZone
        guard TimeZone(identifier: zone) != nil else { throw CaseError(.invalid, "time zone: expected an IANA name such as Asia/Kuala_Lumpur") }
        guard let text = f.text("occurredAt"), let at = CaseFormat.parseLocal(text, zone) else {
            throw CaseError(.invalid, "occurred at: expected a date and time such as 2026-11-20 09:30")
        }
        var anchor: ClockAnchor?
        if let a = f.text("anchor") {
            guard let parsed = ClockAnchor(rawValue: a) else { throw CaseError(.invalid, "anchor: expected one of \(ClockAnchor.allCases.map(\.rawValue).joined(separator: ", "))") }
            anchor = parsed
        }
        _ = try await service.addEvent(caseID: caseID, occurredAt: at, timeZone: zone, source: f["source"] ?? "", category: f.text("category") ?? "other", summary: f["summary"] ?? "", anchor: anchor, by: user.person)
    }

    func show(_ user: SignedIn, caseID: String) async throws -> Response {
        let d = try await service.detail(caseID: caseID, for: user.person)
        let c = d.incident
        let now = Date()
        let zone = c.timeZone
        let names = Dictionary(try await service.people().map { ($0.id, $0.displayName.isEmpty ? $0.username : $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let orgs = try await service.organisations()
        let orgNames = Dictionary(orgs.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let perms = d.role.permissions

        var facts: [CaseShow.Fact] = []
        let x = c.facts
        if let s = x.subjects { facts.append(.init(label: "Data subjects (estimate)", value: String(s))) }
        if let r = x.records { facts.append(.init(label: "Records (estimate)", value: String(r))) }
        if !x.dataClasses.isEmpty { facts.append(.init(label: "Data classes", value: x.dataClasses.joined(separator: ", "))) }
        if !x.sensitiveClasses.isEmpty { facts.append(.init(label: "Sensitive classes", value: x.sensitiveClasses.joined(separator: ", "))) }
        facts.append(.init(label: "NCII entity", value: x.ncii ? "yes" : "no"))
        if let s = x.sector { facts.append(.init(label: "Sector", value: s)) }
        facts.append(.init(label: "Jurisdictions", value: x.jurisdictions.joined(separator: ", ")))
        for a in ClockAnchor.allCases {
            if let t = c.anchor(a) { facts.append(.init(label: "Anchor: \(a.rawValue)", value: CaseFormat.local(t, zone))) }
        }

        let clocks = (web.clocks?.clocks(for: c, now: now) ?? []).map { s in
            CaseShow.Clock(
                regime: s.regimeName, title: s.title, recipient: s.recipient, deadline: s.deadlineLocal,
                state: Self.stateLabel(s.state), stateClass: "state-" + s.state.rawValue, remaining: s.summary, overdue: s.state == .overdue
            )
        }
        let awareness = c.anchor(.awareness)
        let tasks = d.tasks.map { t in
            let due = t.dueHours.flatMap { h in awareness.map { $0.addingTimeInterval(h * 3600) } }
            let open = t.status == .open || t.status == .inProgress
            return CaseShow.Task(
                taskID: t.id, title: t.title, phase: t.phase, status: t.status.rawValue, due: due.map { CaseFormat.local($0, zone) },
                overdue: open && (due.map { $0 < now } ?? false),
                actions: CaseTask.Status.allCases.filter { $0 != t.status }.map { CaseOption(value: $0.rawValue, label: Self.label($0)) }
            )
        }
        let events = d.events.map { e in
            CaseShow.Event(occurred: CaseFormat.local(e.occurredAt, e.timeZone), category: e.category, summary: e.summary, source: e.source, anchor: e.anchor?.rawValue)
        }
        let evidence = d.evidence.map { e in
            CaseShow.Evidence(
                id: e.id, fileName: e.fileName, sha256: e.sha256, size: CaseFormat.size(e.size), bytes: String(e.size), description: e.description,
                acquirer: names[e.acquiredBy] ?? e.acquiredBy, acquired: CaseFormat.local(e.acquiredAt, e.timeZone), method: e.method, source: e.source,
                href: "/cases/\(c.id)/evidence/\(e.id)",
                custody: d.custody.filter { $0.evidenceID == e.id }.map { u in
                    CaseShow.Custody(time: CaseFormat.local(u.time, zone), action: u.action.rawValue, actor: names[u.actor] ?? u.actor, matched: u.matched, reason: u.reason)
                }
            )
        }
        let stored = try await service.drafts(caseID: c.id, for: user.person)
        let canEditDrafts = perms.contains(.notify)
        let drafts = stored.enumerated().map { i, r in
            // Only the latest version of a kind and language is revised.
            let latest = !stored.contains { $0.kind == r.kind && $0.language == r.language && $0.version > r.version }
            return CaseShow.Draft(index: i, kind: r.kind.rawValue, language: r.language.rawValue, version: r.version, created: CaseFormat.local(r.createdAt, zone), editable: latest && canEditDrafts)
        }
        let factsForm = CaseShow.FactsForm(
            subjects: x.subjects.map(String.init) ?? "", records: x.records.map(String.init) ?? "",
            dataClasses: x.dataClasses.joined(separator: ", "), sensitiveClasses: x.sensitiveClasses.joined(separator: ", "),
            ncii: x.ncii, sector: x.sector ?? "", jurisdictions: x.jurisdictions.joined(separator: ", ")
        )
        let model = CaseShow.Model(
            chrome: try await chrome(user, c.id + " " + c.title), csrf: user.session.csrf,
            id: c.id, caseID: c.id, title: c.title, summary: c.summary, status: c.status.rawValue, severity: c.severity.rawValue,
            owner: d.owner?.name ?? c.ownerOrganisationID, role: d.role.title, timeZone: zone, created: CaseFormat.local(c.createdAt, zone),
            facts: facts, factsForm: factsForm, canEdit: perms.contains(.edit), canEvidence: perms.contains(.evidence), canShare: perms.contains(.share),
            canClocks: perms.contains(.clocks),
            statuses: IncidentCase.Status.allCases.map { CaseOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == c.status) },
            clocksAvailable: web.clocks != nil, clocks: clocks, hasClocks: !clocks.isEmpty,
            tasks: tasks, events: events,
            anchors: ClockAnchor.allCases.map { CaseOption(value: $0.rawValue, label: $0.rawValue) },
            categories: ["intake", "detection", "containment", "notification", "communication", "forensics", "police", "other"].map { CaseOption(value: $0, label: $0) },
            observables: d.observables.map { CaseShow.ObservableRow(kind: $0.kind.rawValue, value: $0.value, network: $0.network, tlp: $0.tlp, comment: $0.comment) },
            observableKinds: Observable.Kind.allCases.map { CaseOption(value: $0.rawValue, label: $0.rawValue) },
            evidence: evidence,
            custodyActions: CustodyEvent.Action.allCases.filter { $0 != .acquired && $0 != .accessed }.map { CaseOption(value: $0.rawValue, label: $0.rawValue) },
            maxUpload: CaseFormat.size(web.settings.maxUploadBytes),
            shares: d.shares.map { CaseShow.Share(organisation: orgNames[$0.organisationID] ?? $0.organisationID, role: $0.role.rawValue, granted: CaseFormat.local($0.grantedAt, zone)) },
            shareOrganisations: orgs.filter { $0.id != c.ownerOrganisationID }.map { CaseOption(value: $0.id, label: $0.name + " (" + $0.kind.rawValue + ")") },
            roles: Role.allCases.map { CaseOption(value: $0.rawValue, label: $0.title) },
            drafts: drafts, hasDrafts: !drafts.isEmpty, canNotify: perms.contains(.notify),
            draftKinds: NotificationDraft.Kind.allCases.map { CaseOption(value: $0.rawValue, label: $0.rawValue) }, nowLocal: CaseFormat.local(now, zone)
        )
        return try Self.html(views, model, "case-show")
    }

    static func label(_ s: CaseTask.Status) -> String {
        switch s {
        case .open: "Reopen"
        case .inProgress: "Start"
        case .done: "Done"
        case .skipped: "Skip"
        }
    }

    // MARK: - Evidence

    /// A multipart upload: session, then the `evidence` permission (before a byte is read), then
    /// the body streamed to a temporary file, then the CSRF token, then the vault.
    func upload(_ request: Request, _ context: AppRequestContext, caseID: String) async -> Response {
        var temp: String?
        defer { if let temp { try? FileManager.default.removeItem(atPath: temp) } }
        do {
            guard let user = try await auth.signedIn(request) else { return Self.redirect("/signin") }
            guard CitizenController.isSameOrigin(request) else { throw HTTPError(.forbidden) }
            _ = try await service.authorize(user.person, caseID: caseID, .evidence)
            guard let boundary = MultipartUpload.boundary(contentType: request.headers[.contentType]) else {
                throw CaseError(.invalid, "evidence upload: expected a multipart/form-data form")
            }
            let upload = try await MultipartUpload.read(request.body, boundary: boundary, directory: web.settings.uploadDirectory, maxFileBytes: web.settings.maxUploadBytes)
            temp = upload.filePath
            guard auth.checkCSRF(request, session: user.session, formToken: upload.fields["csrf"]) else { throw HTTPError(.forbidden) }
            guard let path = upload.filePath, let name = upload.fileName, !name.isEmpty else {
                throw CaseError(.invalid, "evidence upload: choose a file")
            }
            let f = FormFields(fields: upload.fields)
            let item = try await service.addEvidence(
                caseID: caseID, fileAt: path, fileName: name, kind: f.text("kind").flatMap(EvidenceItem.Kind.init(rawValue:)) ?? .file,
                description: f["description"] ?? "", method: f["method"] ?? "", source: f["source"] ?? "", legalBasis: f.text("legalBasis"), by: user.person
            )
            context.logger.info("case.evidence.add", metadata: ["case.id": .string(caseID), "evidence.id": .string(item.id), "evidence.size": .stringConvertible(item.size)])
            return Self.redirect("/cases/\(caseID)#evidence")
        } catch {
            return errorPage(error, context)
        }
    }

    func download(_ user: SignedIn, caseID: String, evidenceID: String) async throws -> Response {
        let (item, path) = try await service.openEvidence(caseID: caseID, evidenceID: evidenceID, reason: "downloaded from the web UI", by: user.person)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CaseError(.conflict, "evidence \(evidenceID) is missing from the vault") }
        let safeName = String(item.fileName.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != ";" }.map(Character.init)).prefix(200)
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[.contentDisposition] = "attachment; filename=\"\(safeName.isEmpty ? item.sha256 : String(safeName))\""
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        headers[CaseWebController.digest] = "sha-256=" + item.sha256
        let body = ResponseBody(contentLength: Int(item.size)) { writer in
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 16), !data.isEmpty {
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static let digest = HTTPField.Name("X-Content-SHA256")!

    // MARK: - Drafts

    /// Drafts a notification from the case (a new version when one of that kind and language
    /// exists). Returns the draft's index on the page.
    func draft(_ user: SignedIn, caseID: String, _ f: FormFields) async throws -> Int {
        guard let kind = f.text("kind").flatMap(NotificationDraft.Kind.init(rawValue:)),
              let language = f.text("language").flatMap(NotificationDraft.Language.init(rawValue:)) else {
            throw CaseError(.invalid, "draft: expected a kind and a language (en or ms)")
        }
        let d = try await service.draftNotification(caseID: caseID, kind: kind, language: language, by: user.person)
        let all = try await service.drafts(caseID: caseID, for: user.person)
        return all.firstIndex { $0.id == d.id } ?? max(0, all.count - 1)
    }

    /// The edit form of a draft (the latest version of its kind and language only).
    func editDraft(_ user: SignedIn, caseID: String, index: Int) async throws -> Response {
        let (c, _) = try await service.authorize(user.person, caseID: caseID, .notify)
        let drafts = try await service.drafts(caseID: caseID, for: user.person)
        guard drafts.indices.contains(index) else { throw CaseError(.notFound, "no such draft") }
        let d = drafts[index]
        let model = CaseDraftEdit.Model(
            chrome: try await chrome(user, "Edit \(d.kind.rawValue) draft"), csrf: user.session.csrf,
            caseID: caseID, caseTitle: c.title, index: index, draftID: d.id, kind: d.kind.rawValue,
            language: d.language.rawValue, version: d.version,
            fields: d.fields.map { CaseDraftEdit.Field(key: $0.key, label: $0.label, text: $0.text) }
        )
        return try Self.html(views, model, "case-draft-edit")
    }

    /// Saves an edited draft as its next version; returns the new version's index on the page.
    func reviseDraft(_ user: SignedIn, caseID: String, index: Int, _ f: FormFields) async throws -> Int {
        let drafts = try await service.drafts(caseID: caseID, for: user.person)
        guard drafts.indices.contains(index) else { throw CaseError(.notFound, "no such draft") }
        let d = drafts[index]
        var changes: [String: String] = [:]
        for field in d.fields {
            if let text = f["field." + field.key] { changes[field.key] = text.replacingOccurrences(of: "\r\n", with: "\n") }
        }
        let revised = try await service.reviseDraft(caseID: caseID, draftID: d.id, fields: changes, by: user.person)
        let all = try await service.drafts(caseID: caseID, for: user.person)
        return all.firstIndex { $0.id == revised.id } ?? index
    }

    func showDraft(_ user: SignedIn, caseID: String, index: Int) async throws -> Response {
        let (c, _) = try await service.authorize(user.person, caseID: caseID, .read)
        let drafts = try await service.drafts(caseID: caseID, for: user.person)
        guard drafts.indices.contains(index) else { throw CaseError(.notFound, "no such draft") }
        var headers = Self.pageHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: NotificationHTML.render(drafts[index], caseTitle: c.title))))
    }

    /// A clock state as the page shows it.
    static func stateLabel(_ state: ClockStatus.State) -> String {
        switch state {
        case .notStarted: "not started"
        case .running: "running"
        case .dueSoon: "due soon"
        case .overdue: "overdue"
        case .met: "met"
        case .metLate: "met late"
        }
    }

    // MARK: - Plumbing

    /// A GET page: the session's person, or a 303 to `/signin`; errors become error pages.
    func page(_ request: Request, _ context: AppRequestContext, _ body: (SignedIn) async throws -> Response) async -> Response {
        do {
            guard let user = try await auth.signedIn(request) else { return Self.redirect("/signin?next=" + Self.encodedPath(request)) }
            return try await body(user)
        } catch {
            return errorPage(error, context)
        }
    }

    /// A form POST: session, same origin, the form, the CSRF token, then (for a case route) the
    /// permission, then the handler.
    func action(_ request: Request, _ context: AppRequestContext, caseID: String?, permission: Permission?, _ body: (SignedIn, FormFields) async throws -> Response) async -> Response {
        do {
            guard let user = try await auth.signedIn(request) else { return Self.redirect("/signin") }
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: 256 * 1024) } catch { throw HTTPError(.contentTooLarge) }
            let form = FormFields(String(buffer: buffer))
            guard auth.checkCSRF(request, session: user.session, formToken: form["csrf"]) else { throw HTTPError(.forbidden) }
            if let caseID, let permission { _ = try await service.authorize(user.person, caseID: caseID, permission) }
            return try await body(user, form)
        } catch {
            return errorPage(error, context)
        }
    }

    /// Status and request id only; for bad input (400, 409) also what was wrong, which names
    /// fields, never a value.
    func errorPage(_ error: any Error, _ context: AppRequestContext) -> Response {
        var status = HTTPResponse.Status.internalServerError
        var detail: String?
        switch error {
        case let e as CaseError:
            status = e.httpStatus
            if e.code == .invalid || e.code == .conflict { detail = e.message }
        case let e as MultipartUpload.Failure:
            status = e == .tooLarge ? .contentTooLarge : .badRequest
            detail = e == .tooLarge ? "The file is larger than this server accepts." : "The upload could not be read."
        case let e as any HTTPResponseError:
            status = e.status
        default:
            break
        }
        if status.code >= 500 {
            context.logger.error("case.error", metadata: ["error.type": "\(type(of: error))", "http.status": "\(status.code)"])
        }
        let heading: String
        switch status.code {
        case 404: heading = "Not found"
        case 403: heading = "Not allowed"
        case 400: heading = "Please check the form"
        case 409: heading = "Conflict"
        case 413: heading = "Too large"
        default: heading = "Something went wrong"
        }
        let model = CaseErrorPage.Model(chrome: CaseChrome(title: heading), status: Int(status.code), heading: heading, requestId: context.id, detail: detail)
        do {
            return try Self.html(views, model, "case-error", status: status)
        } catch {
            return Self.plainError(status, context)
        }
    }

    static func plainError(_ status: HTTPResponse.Status, _ context: AppRequestContext) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\(status.code) \(context.id)\n")))
    }

    static let pageHeaders: HTTPFields = {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[CitizenController.referrerPolicy] = "same-origin"
        headers[.xContentTypeOptions] = "nosniff"
        return headers
    }()

    static func html(_ views: CaseViews, _ model: Any, _ template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        let text = try views.render(model, template: template)
        var headers = pageHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// Only a local path (`/cases/...`) may be a post-sign-in destination.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/cases"), !next.hasPrefix("//"), !next.contains("\\"),
              next.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 }) else { return "/cases" }
        return next
    }

    static func encodedPath(_ request: Request) -> String {
        request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "/cases"
    }
}
