import ArgumentParser
import Foundation
import Incidents

extension LeakTrace {
    /// `leaktrace case new|list|show|task|event|observable|share|evidence|notify|export`.
    struct CaseCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "Incident cases: tasks from playbooks, timeline, observables, evidence with custody, clocks, notifications, court export.",
            discussion: "Every command acts as a person (--as or LEAKTRACE_USER) and is checked against that person's role on the case; every change is written to the signed audit log.",
            subcommands: [New.self, List.self, Show.self, Task.self, Event.self, ObservableCommand.self, Share.self, CaseEvidence.self, Notify.self, CaseExport.self]
        )

        struct New: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "new", abstract: "Open a case owned by your organisation.")
            @Option(help: "A title without personal values.") var title: String
            @Option(help: "What is known, without personal values.") var summary: String = ""
            @Option(help: "low, medium, high or critical.") var severity: String = "high"
            @Option(help: "The case's IANA time zone.") var timeZone: String = "Asia/Kuala_Lumpur"
            @Option(help: "When the first credible signal arrived (starts the PDPA clock): 2026-03-02T19:00:00+08:00 or 2026-03-02 19:00 in --time-zone.") var awareAt: String?
            @Option(help: "Where that signal came from (tip, forum post, regulator).") var awareSource: String = "first credible signal"
            @Option(help: "A playbook to generate tasks from (repeatable); see `leaktrace case new --help` for ids: data-leaked-for-sale, four-step-response.") var playbook: [String] = []
            @Option(help: "Estimated data subjects.") var subjects: Int?
            @Option(help: "A data class exposed (repeatable): mykad, phone_mobile, email, address ...") var dataClass: [String] = []
            @Option(help: "A PDPA sensitive class exposed (repeatable).") var sensitiveClass: [String] = []
            @Flag(help: "The organisation is a national critical information infrastructure entity (CSA 2024).") var ncii = false
            @Option(help: "The sector (telco, banking, healthcare, government ...).") var sector: String?
            @Option(help: "Contact point for notifications (the DPO's business address).") var contact: String?
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                guard let sev = IncidentCase.Severity(rawValue: severity) else { throw ValidationError("--severity: expected low, medium, high or critical") }
                let aware = try awareAt.map { try TimeArgument.parse($0, timeZone: timeZone, field: "--aware-at") }
                try await IncidentContext.withActor(incident) { service, me in
                    let facts = IncidentCase.Facts(subjects: subjects, dataClasses: dataClass, sensitiveClasses: sensitiveClass, ncii: ncii, sector: sector)
                    let c = try await service.openCase(title: title, summary: summary, severity: sev, timeZone: timeZone, awareness: aware, awarenessSource: awareSource, facts: facts, contact: contact, playbookIDs: playbook, by: me)
                    if json { print(try IncidentContext.json(c)); return }
                    print("opened \(c.id): \(c.title)")
                    CaseText.printClocks(try ClockEngine(catalog: RegimeCatalog.load(userDirectory: nil)).clocks(for: c, now: Date()))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The cases you can see, with the next deadline of each.")
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withActor(incident) { service, me in
                    let engine = try ClockEngine(catalog: RegimeCatalog.load(userDirectory: nil))
                    let now = Date()
                    var rows: [CaseListRow] = []
                    for (c, role) in try await service.cases(visibleTo: me) {
                        let clocks = engine.clocks(for: c, now: now)
                        let next = clocks.mostUrgent
                        rows.append(CaseListRow(id: c.id, title: c.title, owner: c.ownerOrganisationID, status: c.status.rawValue, severity: c.severity.rawValue, role: role.rawValue, nextDeadline: next?.deadline, nextDeadlineLocal: next?.deadlineLocal, nextClock: next?.title, nextState: next.map(\.summary), overdue: clocks.filter { $0.state == .overdue }.map(\.title)))
                    }
                    if json { print(try IncidentContext.json(rows)); return }
                    if rows.isEmpty { print("no cases visible to \(me.username)") }
                    for r in rows {
                        var line = "\(r.id)\t\(r.status)\t\(r.severity)\t\(r.role)\t\(r.title)"
                        if let n = r.nextClock, let l = r.nextDeadlineLocal { line += "\tnext: \(n) by \(l) (\(r.nextState ?? ""))" }
                        if !r.overdue.isEmpty { line += "\tOVERDUE: \(r.overdue.joined(separator: "; "))" }
                        print(line)
                    }
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything on a case you can see: clocks, tasks, timeline, observables, evidence and custody.")
            @Argument(help: "The case id (LT-2026-0001).") var caseID: String
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withActor(incident) { service, me in
                    let d = try await service.detail(caseID: caseID, for: me)
                    let clocks = try ClockEngine(catalog: RegimeCatalog.load(userDirectory: nil)).clocks(for: d.incident, now: Date())
                    if json {
                        print(try IncidentContext.json(CaseShowJSON(incident: d.incident, role: d.role.rawValue, shares: d.shares, tasks: d.tasks, events: d.events, observables: d.observables, evidence: d.evidence, custody: d.custody, clocks: clocks.map(ClockJSON.init))))
                        return
                    }
                    CaseText.printDetail(d, clocks: clocks)
                }
            }
        }

        struct Task: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "task", abstract: "Add a task, or change a task's status or assignee.")
            @Argument(help: "The case id.") var caseID: String
            @Option(help: "Add a task with this title.") var add: String?
            @Option(help: "The new task's phase.") var phase: String = "other"
            @Option(help: "The task to change (its id, from `case show`).") var task: String?
            @Option(help: "open, in_progress, done or skipped.") var status: String?
            @Option(help: "A username to assign the task to.") var assign: String?
            @Option(help: "Apply a playbook's steps as tasks.") var playbook: String?
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withActor(incident) { service, me in
                    if let playbook {
                        let tasks = try await service.applyPlaybook(caseID: caseID, playbookID: playbook, by: me)
                        print("added \(tasks.count) tasks from \(playbook)")
                    }
                    if let add {
                        let t = try await service.addTask(caseID: caseID, phase: phase, title: add, by: me)
                        print("added task \(t.id)")
                    }
                    if let task {
                        let s = try status.map { v in
                            guard let s = CaseTask.Status(rawValue: v) else { throw ValidationError("--status: expected open, in_progress, done or skipped") }
                            return s
                        }
                        var assignee: String?? = nil
                        if let assign {
                            guard let p = try await service.person(username: assign) else { throw CLIError("no user \(assign)") }
                            assignee = .some(p.id)
                        }
                        let t = try await service.updateTask(caseID: caseID, taskID: task, status: s, assignee: assignee, by: me)
                        print("task \(t.id): \(t.status.rawValue)")
                    }
                    if playbook == nil, add == nil, task == nil { throw ValidationError("give --add TITLE, --task ID with --status/--assign, or --playbook ID") }
                }
            }
        }

        struct Event: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "event", abstract: "Add a timeline event; with --anchor it also starts or moves a regulatory clock.")
            @Argument(help: "The case id.") var caseID: String
            @Option(help: "When it happened: ISO 8601 with offset, or local time in --time-zone.") var at: String
            @Option(help: "The time zone the source gave the time in (default: the case's).") var timeZone: String?
            @Option(help: "Where the knowledge came from.") var source: String
            @Option(help: "intake, detection, containment, notification, communication, forensics, police, other.") var category: String = "other"
            @Option(help: "What happened, without personal values.") var summary: String
            @Option(help: "The clock anchor it sets: \(ClockAnchor.allCases.map(\.rawValue).joined(separator: ", ")).") var anchor: String?
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                let a = try anchor.map { v in
                    guard let a = ClockAnchor(rawValue: v) else { throw ValidationError("--anchor: expected one of \(ClockAnchor.allCases.map(\.rawValue).joined(separator: ", "))") }
                    return a
                }
                try await IncidentContext.withActor(incident) { service, me in
                    var tz = timeZone ?? ""
                    if timeZone == nil { tz = try await service.detail(caseID: caseID, for: me).incident.timeZone }
                    let when = try TimeArgument.parse(at, timeZone: tz, field: "--at")
                    let e = try await service.addEvent(caseID: caseID, occurredAt: when, timeZone: tz, source: source, category: category, summary: summary, anchor: a, by: me)
                    print("event \(e.id) at \(TimeArgument.local(e.occurredAt, tz))\(a.map { ", anchor \($0.rawValue)" } ?? "")")
                }
            }
        }

        struct ObservableCommand: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "observable", abstract: "Add an observable (IP, domain, URL, wallet, forum handle, file hash, seller email).")
            @Argument(help: "The case id.") var caseID: String
            @Option(help: "\(Observable.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String
            @Option(help: "The value.") var value: String
            @Option(help: "Forum, market or chain (BreachForums, Telegram, BTC).") var network: String?
            @Option(help: "A comment.") var comment: String = ""
            @Option(help: "TLP: clear, green, amber, amber+strict, red.") var tlp: String = "amber"
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                guard let k = Observable.Kind(rawValue: kind) else { throw ValidationError("--kind: expected one of \(Observable.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
                try await IncidentContext.withActor(incident) { service, me in
                    let o = try await service.addObservable(caseID: caseID, kind: k, value: value, network: network, comment: comment, tlp: tlp, by: me)
                    print("observable \(o.id) (\(o.kind.rawValue))")
                }
            }
        }

        struct Share: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "share", abstract: "Share the case with another organisation in a role (DPO only), or withdraw it.")
            @Argument(help: "The case id.") var caseID: String
            @Option(help: "The organisation id.") var org: String
            @Option(help: "The role its people act in: regulator, police, viewer, responder, dpo.") var role: String = "viewer"
            @Flag(help: "Withdraw the share.") var revoke = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withActor(incident) { service, me in
                    if revoke {
                        try await service.unshare(caseID: caseID, with: org, by: me)
                        print("\(caseID) no longer shared with \(org)")
                        return
                    }
                    guard let r = Role(rawValue: role) else { throw ValidationError("--role: expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
                    let s = try await service.share(caseID: caseID, with: org, role: r, by: me)
                    print("\(caseID) shared with \(s.organisationID) as \(s.role.rawValue)")
                }
            }
        }
    }
}

struct CaseListRow: Codable {
    var id, title, owner, status, severity, role: String
    var nextDeadline: Date?
    var nextDeadlineLocal, nextClock, nextState: String?
    var overdue: [String]
}

struct ClockJSON: Codable {
    var regime, clock, title, recipient, state: String
    var deadline: Date?
    var deadlineLocal: String
    var remainingSeconds: Double?
    init(_ s: ClockStatus) {
        regime = s.regimeID
        clock = s.clockID
        title = s.title
        recipient = s.recipient
        state = s.state.rawValue
        deadline = s.deadline
        deadlineLocal = s.deadlineLocal
        remainingSeconds = s.remaining
    }
}

struct CaseShowJSON: Encodable {
    var incident: IncidentCase
    var role: String
    var shares: [CaseShare]
    var tasks: [CaseTask]
    var events: [TimelineEvent]
    var observables: [Observable]
    var evidence: [EvidenceItem]
    var custody: [CustodyEvent]
    var clocks: [ClockJSON]
}

/// Human text for case commands.
enum CaseText {
    static func printClocks(_ clocks: [ClockStatus]) {
        for s in clocks { print("  \(s.title) (\(s.recipient)): \(s.deadline == nil ? "not started" : s.deadlineLocal) [\(s.summary)]") }
    }

    static func printDetail(_ d: CaseDetail, clocks: [ClockStatus]) {
        let c = d.incident
        print("\(c.id)  \(c.title)")
        print("owner \(c.ownerOrganisationID) · status \(c.status.rawValue) · severity \(c.severity.rawValue) · your role \(d.role.rawValue) · time zone \(c.timeZone)")
        if !c.summary.isEmpty { print(c.summary) }
        if !d.shares.isEmpty { print("shared with: " + d.shares.map { "\($0.organisationID) (\($0.role.rawValue))" }.joined(separator: ", ")) }
        print("\nClocks")
        for a in ClockAnchor.allCases { if let t = c.anchor(a) { print("  anchor \(a.rawValue): \(TimeArgument.local(t, c.timeZone))") } }
        printClocks(clocks)
        print("\nTasks")
        let start = c.anchor(.awareness)
        for t in d.tasks {
            var due = ""
            if let h = t.dueHours {
                if let start {
                    let at = start.addingTimeInterval(h * 3600)
                    due = " (due \(TimeArgument.local(at, c.timeZone))\(t.status == .open || t.status == .inProgress ? (at < Date() ? ", OVERDUE" : "") : ""))"
                } else {
                    due = " (due awareness + \(Int(h)) h)"
                }
            }
            print("  [\(t.status.rawValue)] \(t.id)  \(t.phase): \(t.title)\(due)")
        }
        print("\nTimeline")
        for e in d.events { print("  \(TimeArgument.local(e.occurredAt, e.timeZone))  \(e.category)  \(e.summary)  [source: \(e.source)]\(e.anchor.map { " anchor \($0.rawValue)" } ?? "")") }
        if !d.observables.isEmpty {
            print("\nObservables")
            for o in d.observables { print("  \(o.kind.rawValue)\t\(o.value)\(o.network.map { " (\($0))" } ?? "")\tTLP:\(o.tlp.uppercased())") }
        }
        if !d.evidence.isEmpty {
            print("\nEvidence")
            for e in d.evidence {
                print("  \(e.id)  \(e.fileName)  \(e.size) bytes  sha256 \(e.sha256)")
                print("      acquired \(TimeArgument.local(e.acquiredAt, e.timeZone)) by \(e.acquiredBy) · \(e.method) · from \(e.source)")
                for cu in d.custody where cu.evidenceID == e.id {
                    print("      \(TimeArgument.local(cu.time, c.timeZone))  \(cu.action.rawValue) by \(cu.actor)\(cu.to.map { " to \($0)" } ?? "")  re-hash \(cu.matched ? "ok" : "MISMATCH")")
                }
            }
        }
    }
}
