import ArgumentParser
import Foundation
import Incidents

extension LeakTrace.CaseCommand {
    /// `leaktrace case notify`: draft, revise, list and render notifications.
    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Draft a notification from the case and its latest triage report (Commissioner, data subjects in Malay or English, breach register, NACSA); revise a draft into a new version; write it as HTML ready to print.",
            discussion: "Attach the triage report first: `leaktrace scan DUMP --json > triage.json` then `leaktrace case evidence add CASE triage.json --kind triage-report ...`."
        )
        @Argument(help: "The case id.") var caseID: String
        @Option(help: "commissioner, dataSubject, breachRegister, nacsaInitial or nacsaDetails.") var kind: String?
        @Option(help: "en or ms.") var lang: String = "en"
        @Option(help: "Revise this draft (its id, e.g. LT-2026-0001/commissioner/en/v1) instead of drafting anew.") var revise: String?
        @Option(help: "A field to change when revising: key=text (repeatable).") var set: [String] = []
        @Flag(help: "List the case's drafts.") var list = false
        @Option(help: "Write the draft as a self-contained HTML document (A4 print CSS).") var html: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var incident: IncidentOptions

        func run() async throws {
            try await IncidentContext.withActor(incident) { service, me in
                if list {
                    let drafts = try await service.drafts(caseID: caseID, for: me)
                    if json { print(try IncidentContext.json(drafts)); return }
                    for d in drafts { print("\(d.id)\t\(d.createdBy)\t\(TimeArgument.local(d.createdAt, "UTC"))\(d.changedKeys.isEmpty ? "" : "\tchanged: " + d.changedKeys.joined(separator: ", "))") }
                    return
                }
                let draft: NotificationDraft
                if let revise {
                    var fields: [String: String] = [:]
                    for s in set {
                        guard let eq = s.firstIndex(of: "=") else { throw ValidationError("--set: expected key=text") }
                        fields[String(s[..<eq])] = String(s[s.index(after: eq)...])
                    }
                    guard !fields.isEmpty else { throw ValidationError("--revise needs at least one --set key=text") }
                    draft = try await service.reviseDraft(caseID: caseID, draftID: revise, fields: fields, by: me)
                } else {
                    guard let kind, let k = NotificationDraft.Kind(rawValue: kind) else {
                        throw ValidationError("--kind: expected one of \(NotificationDraft.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard let l = NotificationDraft.Language(rawValue: lang) else { throw ValidationError("--lang: expected en or ms") }
                    draft = try await service.draftNotification(caseID: caseID, kind: k, language: l, by: me)
                }
                let title = try await service.detail(caseID: caseID, for: me).incident.title
                if let html {
                    try NotificationHTML.render(draft, caseTitle: title).write(toFile: html, atomically: true, encoding: .utf8)
                }
                if json { print(try IncidentContext.json(draft)); return }
                print("\(draft.id) (version \(draft.version))\(html.map { ", written to \($0)" } ?? "")")
                if html == nil {
                    for f in draft.fields { print("\n\(f.label) [\(f.key)]\n\(f.text)") }
                }
            }
        }
    }
}
