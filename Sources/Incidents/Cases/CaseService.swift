import Crypto
import Foundation
import LeakTraceCore

/// The incident service: every action on organisations, people and cases, with the access rules
/// and the audit log. The CLI, the HTTP API and the web UI all go through it, so a rule checked
/// here is checked everywhere.
///
/// Access: a person sees a case if it belongs to their organisation (acting in their own role) or
/// was shared with their organisation (acting in the share's role). Anything else answers
/// `CaseError.notFound`, the same as a case that does not exist. Administrators manage accounts
/// and organisations; that alone shows them no case.
///
/// Every change is appended to the audit log (`AuditChain`); a signed checkpoint is taken every
/// `checkpointInterval` entries and on demand. Audit details carry ids and field names, never
/// free text that could hold a personal value.
public actor CaseService {
    public let store: any IncidentStore
    public let vault: EvidenceVault
    public let playbooks: PlaybookCatalog
    let signer: Curve25519.Signing.PrivateKey
    let clock: @Sendable () -> Date
    public let checkpointInterval: Int

    public init(store: any IncidentStore, vault: EvidenceVault, playbooks: PlaybookCatalog, signer: Curve25519.Signing.PrivateKey, checkpointInterval: Int = 16, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.vault = vault
        self.playbooks = playbooks
        self.signer = signer
        self.checkpointInterval = max(1, checkpointInterval)
        self.clock = clock
    }

    public var publicKey: Curve25519.Signing.PublicKey { signer.publicKey }

    static func newID(_ prefix: String) -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0 ..< 6).map { _ in UInt8.random(in: 0 ... 255, using: &g) }
        return prefix + "-" + Hex.encode(bytes)
    }

    // MARK: - Organisations and people

    /// Adds an organisation. Needs an administrator, except for the very first one (bootstrap).
    public func addOrganisation(_ org: Organisation, by admin: Person?) async throws -> Organisation {
        let existing = try await store.list(.organisation, caseID: nil, as: Organisation.self)
        if !existing.isEmpty { try requireAdmin(admin) }
        guard !org.id.isEmpty, org.id.count <= 40, org.id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw CaseError(.invalid, "organisation id: expected 1-40 lower-case letters, digits and dashes")
        }
        guard !org.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw CaseError(.invalid, "organisation name: required") }
        do { try await store.insert(.organisation, id: org.id, caseID: nil, org) } catch let e as StoreError where e.code == .conflict {
            throw CaseError(.conflict, "organisation \(org.id) exists")
        }
        try await audit(admin, orgFallback: org.id, caseID: nil, action: "organisation.add", target: org.id, detail: "kind=\(org.kind.rawValue)")
        return org
    }

    public func organisations() async throws -> [Organisation] {
        try await store.list(.organisation, caseID: nil, as: Organisation.self)
    }

    public func organisation(id: String) async throws -> Organisation? {
        try await store.get(.organisation, id: id, as: Organisation.self)
    }

    /// Adds a person with a password hash (bcrypt, made by the caller). Needs an administrator,
    /// except for the first person, who becomes one (bootstrap).
    public func addPerson(username: String, displayName: String, organisationID: String, role: Role, isAdministrator: Bool, passwordHash: String, by admin: Person?) async throws -> Person {
        let everyone = try await store.list(.person, caseID: nil, as: Person.self)
        let bootstrap = everyone.isEmpty
        if !bootstrap { try requireAdmin(admin) }
        let name = username.lowercased()
        guard (3 ... 40).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw CaseError(.invalid, "username: expected 3-40 letters, digits, dots, dashes or underscores")
        }
        guard try await organisation(id: organisationID) != nil else {
            throw CaseError(.invalid, "organisation \(organisationID) does not exist")
        }
        guard !everyone.contains(where: { $0.username == name }) else { throw CaseError(.conflict, "username \(name) is taken") }
        let person = Person(id: Self.newID("P"), username: name, displayName: displayName, organisationID: organisationID, role: role, isAdministrator: isAdministrator || bootstrap, createdAt: clock())
        try await store.insert(.person, id: person.id, caseID: nil, person)
        try await store.put(.credential, id: person.id, caseID: nil, Credential(personID: person.id, passwordHash: passwordHash, updatedAt: clock()))
        try await audit(admin ?? person, caseID: nil, action: "person.add", target: person.id, detail: "org=\(organisationID) role=\(role.rawValue) admin=\(person.isAdministrator)")
        return person
    }

    public func people() async throws -> [Person] {
        try await store.list(.person, caseID: nil, as: Person.self)
    }

    public func person(username: String) async throws -> Person? {
        try await people().first { $0.username == username.lowercased() }
    }

    public func person(id: String) async throws -> Person? {
        try await store.get(.person, id: id, as: Person.self)
    }

    /// The stored password hash, for sign-in (never leaves the service otherwise).
    public func passwordHash(personID: String) async throws -> String? {
        try await store.get(.credential, id: personID, as: Credential.self)?.passwordHash
    }

    /// Replaces a password hash: the person themselves or an administrator.
    public func setPasswordHash(personID: String, _ hash: String, by actor: Person) async throws {
        guard actor.id == personID || actor.isAdministrator else { throw CaseError(.forbidden, "only the person or an administrator can change a password") }
        try await store.put(.credential, id: personID, caseID: nil, Credential(personID: personID, passwordHash: hash, updatedAt: clock()))
        try await audit(actor, caseID: nil, action: "person.password", target: personID, detail: "")
    }

    /// Records a sign-in (or a failed one) in the audit log.
    public func recordSignIn(_ person: Person?, username: String, success: Bool) async throws {
        try await audit(person, orgFallback: "-", caseID: nil, action: success ? "session.signin" : "session.signin-failed", target: person?.id ?? "-", detail: success ? "" : "unknown user or wrong password")
    }

    func requireAdmin(_ p: Person?) throws {
        guard let p, p.isAdministrator else { throw CaseError(.forbidden, "only an administrator can manage organisations and accounts") }
    }

    // MARK: - Access

    /// The role `person` acts in on `c`, or nil when the case is not visible to them.
    public func role(of person: Person, on c: IncidentCase) async throws -> Role? {
        if c.ownerOrganisationID == person.organisationID { return person.role }
        guard let share = try await store.get(.share, id: c.id + "/" + person.organisationID, as: CaseShare.self) else { return nil }
        // A person never acts above their own role's reach: a viewer stays a viewer.
        return person.role == .viewer ? .viewer : share.role
    }

    /// The case and the person's role on it, checking `permission`.
    /// - Throws: `.notFound` when the case does not exist or is not visible, `.forbidden` when the role lacks the permission.
    public func authorize(_ person: Person, caseID: String, _ permission: Permission) async throws -> (IncidentCase, Role) {
        guard let c = try await store.get(.incidentCase, id: caseID, as: IncidentCase.self),
              let role = try await role(of: person, on: c) else {
            throw CaseError(.notFound, "no case \(caseID)")
        }
        guard role.permissions.contains(permission) else {
            throw CaseError(.forbidden, "the \(role.rawValue) role cannot \(permission.rawValue) on case \(caseID)")
        }
        return (c, role)
    }

    // MARK: - Cases

    /// Opens a case owned by the person's organisation, with tasks from the given playbooks. The
    /// awareness anchor (the first credible signal) is set when known, as a timeline event too.
    public func openCase(title: String, summary: String, severity: IncidentCase.Severity = .high, timeZone: String = "Asia/Kuala_Lumpur", awareness: Date? = nil, awarenessSource: String = "case opened", facts: IncidentCase.Facts = .init(), regimeIDs: [String] = [], contact: String? = nil, playbookIDs: [String] = [], by person: Person) async throws -> IncidentCase {
        guard [.responder, .dpo].contains(person.role) else {
            throw CaseError(.forbidden, "only an organisation's responders and DPO open cases")
        }
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, t.count <= 200 else { throw CaseError(.invalid, "title: required, at most 200 characters") }
        guard TimeZone(identifier: timeZone) != nil else { throw CaseError(.invalid, "time zone: expected an IANA name such as Asia/Kuala_Lumpur") }
        for id in playbookIDs where playbooks.playbook(id: id) == nil {
            throw CaseError(.invalid, "no playbook \(id) (known: \(playbooks.playbooks.map(\.id).joined(separator: ", ")))")
        }
        let now = clock()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let year = utc.component(.year, from: now)
        var c = IncidentCase(id: "", title: t, summary: summary, ownerOrganisationID: person.organisationID, severity: severity, createdAt: now, createdBy: person.id, timeZone: timeZone, regimeIDs: regimeIDs, facts: facts, contact: contact)
        // Numbered per year; concurrent writers (several server processes) retry on conflict.
        let existing = try await store.list(.incidentCase, caseID: nil, as: IncidentCase.self).filter { $0.id.hasPrefix("LT-\(year)-") }.count
        var n = existing + 1
        while true {
            c.id = String(format: "LT-%04d-%04d", year, n)
            do {
                try await store.insert(.incidentCase, id: c.id, caseID: c.id, c)
                break
            } catch let e as StoreError where e.code == .conflict {
                n += 1
            }
        }
        try await audit(person, caseID: c.id, action: "case.open", target: c.id, detail: "severity=\(severity.rawValue) playbooks=\(playbookIDs.joined(separator: ","))")
        if let awareness {
            _ = try await addEvent(caseID: c.id, occurredAt: awareness, timeZone: timeZone, source: awarenessSource, category: "intake", summary: "First credible signal", anchor: .awareness, by: person)
            c = try await store.get(.incidentCase, id: c.id, as: IncidentCase.self) ?? c
        }
        for id in playbookIDs { _ = try await applyPlaybook(caseID: c.id, playbookID: id, by: person) }
        return c
    }

    /// The cases the person can see, each with the role they act in, newest first.
    public func cases(visibleTo person: Person) async throws -> [(IncidentCase, Role)] {
        let all = try await store.list(.incidentCase, caseID: nil, as: IncidentCase.self)
        let shares = try await store.list(.share, caseID: nil, as: CaseShare.self).filter { $0.organisationID == person.organisationID }
        let shared = Dictionary(shares.map { ($0.caseID, $0.role) }, uniquingKeysWith: { a, _ in a })
        var out: [(IncidentCase, Role)] = []
        for c in all {
            if c.ownerOrganisationID == person.organisationID { out.append((c, person.role)) } else if let r = shared[c.id] {
                out.append((c, person.role == .viewer ? .viewer : r))
            }
        }
        return out.sorted { $0.0.createdAt > $1.0.createdAt }
    }

    /// Everything on a case the person can see.
    public func detail(caseID: String, for person: Person) async throws -> CaseDetail {
        let (c, role) = try await authorize(person, caseID: caseID, .read)
        return CaseDetail(
            incident: c, role: role,
            owner: try await organisation(id: c.ownerOrganisationID),
            shares: try await store.list(.share, caseID: caseID, as: CaseShare.self),
            tasks: try await store.list(.task, caseID: caseID, as: CaseTask.self),
            events: try await store.list(.event, caseID: caseID, as: TimelineEvent.self).sorted { $0.occurredAt < $1.occurredAt },
            observables: try await store.list(.observable, caseID: caseID, as: Observable.self),
            evidence: try await store.list(.evidence, caseID: caseID, as: EvidenceItem.self),
            custody: try await store.list(.custody, caseID: caseID, as: CustodyEvent.self)
        )
    }

    /// Changes the case's status, severity, summary, facts or contact.
    public func updateCase(caseID: String, status: IncidentCase.Status? = nil, severity: IncidentCase.Severity? = nil, summary: String? = nil, facts: IncidentCase.Facts? = nil, contact: String? = nil, regimeIDs: [String]? = nil, by person: Person) async throws -> IncidentCase {
        var (c, _) = try await authorize(person, caseID: caseID, .edit)
        var changed: [String] = []
        if let status, status != c.status { changed.append("status \(c.status.rawValue)->\(status.rawValue)"); c.status = status }
        if let severity, severity != c.severity { changed.append("severity \(c.severity.rawValue)->\(severity.rawValue)"); c.severity = severity }
        if let summary, summary != c.summary { changed.append("summary"); c.summary = summary }
        if let facts, facts != c.facts { changed.append("facts"); c.facts = facts }
        if let contact, contact != c.contact { changed.append("contact"); c.contact = contact }
        if let regimeIDs, regimeIDs != c.regimeIDs {
            _ = try await authorize(person, caseID: caseID, .clocks)
            changed.append("regimes=\(regimeIDs.joined(separator: ","))"); c.regimeIDs = regimeIDs
        }
        guard !changed.isEmpty else { return c }
        try await store.put(.incidentCase, id: c.id, caseID: c.id, c)
        try await audit(person, caseID: c.id, action: "case.update", target: c.id, detail: changed.joined(separator: "; "))
        return c
    }

    /// Sets (or clears) a clock anchor. Needs the `clocks` permission (the DPO).
    public func setAnchor(caseID: String, _ anchor: ClockAnchor, at date: Date?, by person: Person) async throws -> IncidentCase {
        var (c, _) = try await authorize(person, caseID: caseID, .clocks)
        c.anchors[anchor.rawValue] = date
        try await store.put(.incidentCase, id: c.id, caseID: c.id, c)
        try await audit(person, caseID: c.id, action: "clock.anchor", target: c.id, detail: "\(anchor.rawValue)=\(date.map { AuditChain.timestamp($0) } ?? "cleared")")
        return c
    }

    // MARK: - Sharing

    /// Shares the case with another organisation, whose people act in `role`.
    public func share(caseID: String, with organisationID: String, role: Role, by person: Person) async throws -> CaseShare {
        let (c, _) = try await authorize(person, caseID: caseID, .share)
        guard organisationID != c.ownerOrganisationID else { throw CaseError(.invalid, "the case already belongs to \(organisationID)") }
        guard try await organisation(id: organisationID) != nil else { throw CaseError(.invalid, "no organisation \(organisationID)") }
        let s = CaseShare(caseID: caseID, organisationID: organisationID, role: role, grantedBy: person.id, grantedAt: clock())
        try await store.put(.share, id: s.id, caseID: caseID, s)
        try await audit(person, caseID: caseID, action: "share.grant", target: organisationID, detail: "role=\(role.rawValue)")
        return s
    }

    /// Withdraws a share.
    public func unshare(caseID: String, with organisationID: String, by person: Person) async throws {
        _ = try await authorize(person, caseID: caseID, .share)
        guard try await store.record(.share, id: caseID + "/" + organisationID) != nil else {
            throw CaseError(.notFound, "case \(caseID) is not shared with \(organisationID)")
        }
        try await store.deleteRecord(.share, id: caseID + "/" + organisationID)
        try await audit(person, caseID: caseID, action: "share.revoke", target: organisationID, detail: "")
    }

    // MARK: - Tasks

    /// Adds one task per step of a playbook.
    public func applyPlaybook(caseID: String, playbookID: String, by person: Person) async throws -> [CaseTask] {
        _ = try await authorize(person, caseID: caseID, .edit)
        guard let p = playbooks.playbook(id: playbookID) else { throw CaseError(.invalid, "no playbook \(playbookID)") }
        let now = clock()
        var out: [CaseTask] = []
        for s in p.steps {
            let t = CaseTask(id: Self.newID("T"), caseID: caseID, playbookID: p.id, stepID: s.id, phase: s.phase, title: s.title, detail: s.detail, dueHours: s.dueHours, createdAt: now, updatedAt: now, updatedBy: person.id)
            try await store.insert(.task, id: t.id, caseID: caseID, t)
            out.append(t)
        }
        try await audit(person, caseID: caseID, action: "playbook.apply", target: playbookID, detail: "tasks=\(out.count)")
        return out
    }

    public func addTask(caseID: String, phase: String, title: String, detail: String = "", dueHours: Double? = nil, by person: Person) async throws -> CaseTask {
        _ = try await authorize(person, caseID: caseID, .edit)
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw CaseError(.invalid, "task title: required") }
        let now = clock()
        let t = CaseTask(id: Self.newID("T"), caseID: caseID, phase: phase.isEmpty ? "other" : phase, title: title, detail: detail, dueHours: dueHours, createdAt: now, updatedAt: now, updatedBy: person.id)
        try await store.insert(.task, id: t.id, caseID: caseID, t)
        try await audit(person, caseID: caseID, action: "task.add", target: t.id, detail: "phase=\(t.phase)")
        return t
    }

    public func updateTask(caseID: String, taskID: String, status: CaseTask.Status? = nil, assignee: String?? = nil, by person: Person) async throws -> CaseTask {
        _ = try await authorize(person, caseID: caseID, .edit)
        guard var t = try await store.get(.task, id: taskID, as: CaseTask.self), t.caseID == caseID else {
            throw CaseError(.notFound, "no task \(taskID) on case \(caseID)")
        }
        var changed: [String] = []
        if let status, status != t.status { changed.append("status \(t.status.rawValue)->\(status.rawValue)"); t.status = status }
        if let assignee, assignee != t.assignee { changed.append("assignee=\(assignee ?? "none")"); t.assignee = assignee }
        guard !changed.isEmpty else { return t }
        t.updatedAt = clock()
        t.updatedBy = person.id
        try await store.put(.task, id: t.id, caseID: caseID, t)
        try await audit(person, caseID: caseID, action: "task.update", target: t.id, detail: changed.joined(separator: "; "))
        return t
    }

    // MARK: - Timeline and observables

    /// Adds a timeline event. An event that names a clock anchor also sets it on the case when it
    /// is earlier than the one recorded (the first credible signal starts the clock, so an
    /// earlier report only makes deadlines stricter, and anyone who can edit may record it). The
    /// anchors that mark a filing done (`regulatorNotified`, `subjectsNotified`) need the `notify`
    /// permission; moving an anchor later or clearing it is `setAnchor`, for the DPO.
    public func addEvent(caseID: String, occurredAt: Date, timeZone: String, source: String, category: String, summary: String, anchor: ClockAnchor? = nil, evidenceIDs: [String] = [], by person: Person) async throws -> TimelineEvent {
        _ = try await authorize(person, caseID: caseID, .edit)
        guard TimeZone(identifier: timeZone) != nil else { throw CaseError(.invalid, "time zone: expected an IANA name such as Asia/Kuala_Lumpur") }
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else { throw CaseError(.invalid, "event source: required (where the knowledge came from)") }
        let e = TimelineEvent(id: Self.newID("E"), caseID: caseID, occurredAt: occurredAt, timeZone: timeZone, source: source, category: category.isEmpty ? "other" : category, summary: summary, anchor: anchor, evidenceIDs: evidenceIDs, recordedBy: person.id, recordedAt: clock())
        if let anchor, [.regulatorNotified, .subjectsNotified].contains(anchor) { _ = try await authorize(person, caseID: caseID, .notify) }
        try await store.insert(.event, id: e.id, caseID: caseID, e)
        try await audit(person, caseID: caseID, action: "event.add", target: e.id, detail: "category=\(e.category) at=\(AuditChain.timestamp(occurredAt))\(anchor.map { " anchor=\($0.rawValue)" } ?? "")")
        if let anchor {
            var c = try await authorize(person, caseID: caseID, .edit).0
            // The earliest report of an anchor stands (PDPA: the clock starts at the first credible signal).
            if let current = c.anchor(anchor), current <= occurredAt { return e }
            c.anchors[anchor.rawValue] = occurredAt
            try await store.put(.incidentCase, id: c.id, caseID: c.id, c)
            try await audit(person, caseID: caseID, action: "clock.anchor", target: c.id, detail: "\(anchor.rawValue)=\(AuditChain.timestamp(occurredAt)) from event \(e.id)")
        }
        return e
    }

    public func addObservable(caseID: String, kind: Observable.Kind, value: String, network: String? = nil, comment: String = "", tlp: String = "amber", firstSeen: Date? = nil, by person: Person) async throws -> Observable {
        _ = try await authorize(person, caseID: caseID, .edit)
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        try ObservableRules.check(kind, v)
        guard ["clear", "white", "green", "amber", "amber+strict", "red"].contains(tlp) else {
            throw CaseError(.invalid, "tlp: expected clear, green, amber, amber+strict or red")
        }
        let o = Observable(id: Self.newID("O"), caseID: caseID, kind: kind, value: kind == .fileSHA256 || kind == .domain ? v.lowercased() : v, network: network, comment: comment, tlp: tlp, firstSeen: firstSeen, addedBy: person.id, addedAt: clock())
        try await store.insert(.observable, id: o.id, caseID: caseID, o)
        try await audit(person, caseID: caseID, action: "observable.add", target: o.id, detail: "kind=\(kind.rawValue)")
        return o
    }

    // MARK: - Evidence

    /// Stores a file as evidence: copied into the vault by content, with who acquired it, when,
    /// how and from where; its first custody event records the hash taken at intake.
    public func addEvidence(caseID: String, fileAt path: String, fileName: String? = nil, kind: EvidenceItem.Kind = .file, description: String, method: String, source: String, legalBasis: String? = nil, acquiredAt: Date? = nil, parentSHA256: String? = nil, by person: Person) async throws -> EvidenceItem {
        let (c, _) = try await authorize(person, caseID: caseID, .evidence)
        guard !method.trimmingCharacters(in: .whitespaces).isEmpty, !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CaseError(.invalid, "evidence needs how it was acquired (method) and where from (source)")
        }
        let (sha, size) = try vault.ingest(fileAt: path)
        let name = fileName ?? (path as NSString).lastPathComponent
        let item = EvidenceItem(id: Self.newID("EV"), caseID: caseID, kind: kind, sha256: sha, size: size, fileName: name, description: description, acquiredBy: person.id, acquiredAt: acquiredAt ?? clock(), method: method, source: source, legalBasis: legalBasis, parentSHA256: parentSHA256, timeZone: c.timeZone)
        try await store.insert(.evidence, id: item.id, caseID: caseID, item)
        let ev = CustodyEvent(id: Self.newID("CU"), evidenceID: item.id, caseID: caseID, time: clock(), actor: person.id, action: .acquired, to: person.organisationID, reason: "intake", observedSHA256: sha, matched: true)
        try await store.insert(.custody, id: ev.id, caseID: caseID, ev)
        try await audit(person, caseID: caseID, action: "evidence.add", target: item.id, detail: "sha256=\(sha) size=\(size) kind=\(kind.rawValue)")
        return item
    }

    /// Records a custody event on an item (access, transfer, analysis, export, return, disposal)
    /// with a fresh re-hash of the stored file.
    public func recordCustody(caseID: String, evidenceID: String, action: CustodyEvent.Action, from: String? = nil, to: String? = nil, reason: String, sealNumber: String? = nil, by person: Person) async throws -> CustodyEvent {
        _ = try await authorize(person, caseID: caseID, action == .accessed ? .read : .evidence)
        guard let item = try await store.get(.evidence, id: evidenceID, as: EvidenceItem.self), item.caseID == caseID else {
            throw CaseError(.notFound, "no evidence \(evidenceID) on case \(caseID)")
        }
        if action == .transferred, (from ?? "").isEmpty || (to ?? "").isEmpty {
            throw CaseError(.invalid, "a custody transfer needs from and to")
        }
        let observed = try vault.rehash(sha256: item.sha256)
        let ev = CustodyEvent(id: Self.newID("CU"), evidenceID: item.id, caseID: caseID, time: clock(), actor: person.id, action: action, from: from, to: to, reason: reason, sealNumber: sealNumber, observedSHA256: observed?.sha256 ?? "missing", matched: observed?.sha256 == item.sha256)
        try await store.insert(.custody, id: ev.id, caseID: caseID, ev)
        try await audit(person, caseID: caseID, action: "custody.\(action.rawValue)", target: item.id, detail: "matched=\(ev.matched)\(to.map { " to=\($0)" } ?? "")")
        return ev
    }

    /// The stored file of an item, for reading; records the access in custody and audit.
    public func openEvidence(caseID: String, evidenceID: String, reason: String = "viewed", by person: Person) async throws -> (EvidenceItem, String) {
        let ev = try await recordCustody(caseID: caseID, evidenceID: evidenceID, action: .accessed, reason: reason, by: person)
        guard let item = try await store.get(.evidence, id: evidenceID, as: EvidenceItem.self) else { throw CaseError(.notFound, "no evidence \(evidenceID)") }
        guard ev.matched else { throw CaseError(.conflict, "evidence \(evidenceID) (\(item.fileName)) no longer matches its SHA-256; run `leaktrace evidence verify`") }
        return (item, vault.path(for: item.sha256))
    }

    // MARK: - Audit

    /// Appends an audit entry. Serialised by the actor in one process; across processes a
    /// conflict on the sequence number re-reads the head and retries.
    func audit(_ actor: Person?, orgFallback: String = "-", caseID: String?, action: String, target: String, detail: String) async throws {
        for _ in 0 ..< 20 {
            let last = try await store.lastAuditEntry()
            let e = AuditChain.entry(after: last, time: clock(), actor: actor?.id ?? "system", organisationID: actor?.organisationID ?? orgFallback, caseID: caseID, action: action, target: target, detail: detail)
            do {
                try await store.appendAudit(e)
            } catch let err as StoreError where err.code == .conflict {
                continue
            }
            if e.seq % checkpointInterval == 0 { try await store.addAuditCheckpoint(try AuditChain.checkpoint(head: e, time: clock(), signer: signer)) }
            return
        }
        throw CaseError(.conflict, "could not append to the audit log (another writer kept winning)")
    }

    /// Signs a checkpoint at the current head (if it has none yet) and returns it.
    @discardableResult
    public func checkpoint() async throws -> AuditCheckpoint? {
        guard let head = try await store.lastAuditEntry() else { return nil }
        if let existing = try await store.auditCheckpoints().last, existing.size == head.seq { return existing }
        let cp = try AuditChain.checkpoint(head: head, time: clock(), signer: signer)
        try await store.addAuditCheckpoint(cp)
        return cp
    }

    /// Checks the whole audit log under this service's key.
    public func verifyAudit() async throws -> [AuditChain.Problem] {
        AuditChain.verify(entries: try await store.auditEntries(from: 1, limit: nil), checkpoints: try await store.auditCheckpoints(), trustedKey: signer.publicKey)
    }

    /// The case's audit entries, for someone who can read the case.
    public func auditExcerpt(caseID: String, for person: Person) async throws -> [AuditEntry] {
        _ = try await authorize(person, caseID: caseID, .read)
        return try await store.auditEntries(from: 1, limit: nil).filter { $0.caseID == caseID }
    }

    /// Records an action done outside the service (an export, a notification sent) in the audit log.
    public func recordAction(caseID: String, action: String, target: String, detail: String, permission: Permission, by person: Person) async throws {
        _ = try await authorize(person, caseID: caseID, permission)
        try await audit(person, caseID: caseID, action: action, target: target, detail: detail)
    }
}

/// Everything on a case, as one person may see it.
public struct CaseDetail: Sendable {
    public var incident: IncidentCase
    public var role: Role
    public var owner: Organisation?
    public var shares: [CaseShare]
    public var tasks: [CaseTask]
    public var events: [TimelineEvent]
    public var observables: [Observable]
    public var evidence: [EvidenceItem]
    public var custody: [CustodyEvent]
}

extension CaseService {
    /// Re-hashes every evidence file of a case (or of every case, for an administrator) and checks
    /// the custody records; records a `verified` custody event per item checked.
    public func verifyEvidence(caseID: String?, by person: Person) async throws -> (checked: Int, problems: [EvidenceProblem]) {
        let items: [EvidenceItem]
        let custody: [CustodyEvent]
        if let caseID {
            _ = try await authorize(person, caseID: caseID, .read)
            items = try await store.list(.evidence, caseID: caseID, as: EvidenceItem.self)
            custody = try await store.list(.custody, caseID: caseID, as: CustodyEvent.self)
        } else {
            try requireAdmin(person)
            items = try await store.list(.evidence, caseID: nil, as: EvidenceItem.self)
            custody = try await store.list(.custody, caseID: nil, as: CustodyEvent.self)
        }
        let problems = EvidenceVerifier.verify(items: items, custody: custody, vault: vault)
        try await audit(person, caseID: caseID, action: "evidence.verify", target: caseID ?? "*", detail: "checked=\(items.count) problems=\(problems.count)")
        return (items.count, problems)
    }
}

// MARK: - Notification drafts

extension CaseService {
    /// Every draft version on a case, oldest first.
    public func drafts(caseID: String, for person: Person) async throws -> [NotificationDraft] {
        _ = try await authorize(person, caseID: caseID, .read)
        return try await store.list(.draft, caseID: caseID, as: NotificationDraft.self)
    }

    /// Drafts a notification from the case and its latest triage report (evidence of kind
    /// `triage-report`, when there is one). A draft of the same kind and language that exists
    /// gets a new version, based on the last one.
    public func draftNotification(caseID: String, kind: NotificationDraft.Kind, language: NotificationDraft.Language, by person: Person) async throws -> NotificationDraft {
        let (c, _) = try await authorize(person, caseID: caseID, .notify)
        let triage = try await latestTriage(caseID: caseID)
        let orgName = try await organisation(id: c.ownerOrganisationID)?.name ?? c.ownerOrganisationID
        var d = NotificationDrafter.draft(kind: kind, language: language, for: c, triage: triage, organisation: orgName, by: person.id, at: clock())
        let previous = try await store.list(.draft, caseID: caseID, as: NotificationDraft.self).filter { $0.kind == kind && $0.language == language }.max { $0.version < $1.version }
        if let previous {
            d = NotificationDraft(caseID: caseID, kind: kind, language: language, version: previous.version + 1, fields: d.fields, createdBy: person.id, createdAt: clock(), basedOn: previous.id, changedKeys: d.fields.filter { previous[$0.key] != $0.text }.map(\.key))
        }
        try await store.insert(.draft, id: d.id, caseID: caseID, d)
        try await audit(person, caseID: caseID, action: "notify.draft", target: d.id, detail: "kind=\(kind.rawValue) lang=\(language.rawValue) v\(d.version) triage=\(triage != nil)")
        return d
    }

    /// Edits a draft: a new version with the changed fields; every old version stays.
    ///
    /// `draftID` names the version the edit was made from. Only the fields whose text differs
    /// from that version are changes, and they are applied to the latest version of the same kind
    /// and language, so two people editing different fields both keep their edits. The same field
    /// changed differently since that version is a conflict, naming the field. An edit that
    /// changes nothing returns the latest version.
    public func reviseDraft(caseID: String, draftID: String, fields: [String: String], by person: Person) async throws -> NotificationDraft {
        _ = try await authorize(person, caseID: caseID, .notify)
        guard let base = try await store.get(.draft, id: draftID, as: NotificationDraft.self), base.caseID == caseID else {
            throw CaseError(.notFound, "no draft \(draftID) on case \(caseID)")
        }
        let all = try await store.list(.draft, caseID: caseID, as: NotificationDraft.self).filter { $0.kind == base.kind && $0.language == base.language }
        let latest = all.max { $0.version < $1.version } ?? base
        var changes: [String: String] = [:]
        for (key, text) in fields where text != base[key] {
            if latest.id != base.id, let now = latest[key], now != base[key], now != text {
                throw CaseError(.conflict, "field \(key) of draft \(draftID) was changed in version \(latest.version) since; edit version \(latest.version)")
            }
            changes[key] = text
        }
        let d = latest.revise(fields: changes, by: person.id, at: clock())
        guard !d.changedKeys.isEmpty else { return latest }
        try await store.insert(.draft, id: d.id, caseID: caseID, d)
        try await audit(person, caseID: caseID, action: "notify.revise", target: d.id, detail: "changed=\(d.changedKeys.joined(separator: ","))")
        return d
    }

    /// The counts of the case's most recent triage-report evidence, if any can be read.
    func latestTriage(caseID: String) async throws -> TriageFacts? {
        let reports = try await store.list(.evidence, caseID: caseID, as: EvidenceItem.self).filter { $0.kind == .triageReport }
        guard let last = reports.last, let data = FileManager.default.contents(atPath: vault.path(for: last.sha256)) else { return nil }
        return try? TriageFacts.fromScanReport(data, file: last.fileName)
    }
}

// MARK: - Exports

extension CaseService {
    /// Writes the court pack of a case into `directory` (see `CourtPack`), after signing a
    /// checkpoint at the log's head so the excerpt is covered by a signature.
    public func writeCourtPack(caseID: String, to directory: String, includeFiles: Bool, generatedBy: String, by person: Person) async throws -> CourtPack.Result {
        let (c, _) = try await authorize(person, caseID: caseID, .export)
        try await checkpoint()
        let d = try await detail(caseID: caseID, for: person)
        let log = try await store.auditEntries(from: 1, limit: nil)
        let checkpoints = try await store.auditCheckpoints()
        let ids = Set(d.tasks.map(\.updatedBy) + d.events.map(\.recordedBy) + d.evidence.map(\.acquiredBy) + d.custody.map(\.actor) + [c.createdBy])
        let people = try await self.people().filter { ids.contains($0.id) }
        guard let owner = d.owner else { throw CaseError(.notFound, "the case's organisation \(c.ownerOrganisationID) is missing") }
        let result = try CourtPack.write(
            to: directory, case: c, organisation: owner, people: people, tasks: d.tasks, events: d.events,
            evidence: d.evidence, custody: d.custody, audit: log.filter { $0.caseID == caseID }, checkpoints: checkpoints,
            chainProof: CourtPack.chainProof(log: log, caseID: caseID, checkpoints: checkpoints),
            vaultRoot: vault.root, includeFiles: includeFiles, generatedBy: generatedBy, now: clock()
        )
        for item in d.evidence where includeFiles {
            _ = try await recordCustody(caseID: caseID, evidenceID: item.id, action: .exported, to: directory, reason: "court pack", by: person)
        }
        try await audit(person, caseID: caseID, action: "export.pack", target: caseID, detail: "files=\(result.files.count) evidence=\(includeFiles)")
        return result
    }

    /// The case's observables as a STIX 2.1 bundle or a MISP event (recorded in the audit log).
    public func exportObservables(caseID: String, format: ObservableFormat, by person: Person) async throws -> Data {
        let (c, _) = try await authorize(person, caseID: caseID, .export)
        let observables = try await store.list(.observable, caseID: caseID, as: Observable.self)
        guard let owner = try await organisation(id: c.ownerOrganisationID) else { throw CaseError(.notFound, "the case's organisation is missing") }
        let data: Data
        switch format {
        case .stix: data = try StixExporter.bundle(case: c, observables: observables, organisation: owner, now: clock())
        case .misp: data = try MispExporter.event(case: c, observables: observables, organisation: owner, now: clock())
        }
        try await audit(person, caseID: caseID, action: "export.\(format.rawValue)", target: caseID, detail: "observables=\(observables.count)")
        return data
    }

    public enum ObservableFormat: String, Sendable { case stix, misp }
}
