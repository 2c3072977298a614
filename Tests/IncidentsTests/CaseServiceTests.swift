import Crypto
import Foundation
import Incidents
import LeakTraceCore
import SQLiteStore
import Testing

/// A case service over in-memory SQLite, a temp vault and a fresh signing key, with two
/// controllers (telco-a, telco-b), a regulator and the police, and one person per role.
struct CaseWorld {
    let service: CaseService
    let vaultDir: String
    var people: [String: Person] = [:]

    static func make() async throws -> CaseWorld {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let dir = NSTemporaryDirectory() + "cases-\(UUID().uuidString)"
        let service = CaseService(store: store, vault: EvidenceVault(root: dir), playbooks: try PlaybookCatalog.load(), signer: Curve25519.Signing.PrivateKey(), checkpointInterval: 4)
        var w = CaseWorld(service: service, vaultDir: dir)
        _ = try await service.addOrganisation(Organisation(id: "telco-a", name: "Telco A", kind: .controller), by: nil)
        let admin = try await service.addPerson(username: "admin", displayName: "Admin", organisationID: "telco-a", role: .viewer, isAdministrator: true, passwordHash: "x", by: nil)
        w.people["admin"] = admin
        for (id, kind) in [("telco-b", Organisation.Kind.controller), ("jpdp", .regulator), ("pdrm", .police)] {
            _ = try await service.addOrganisation(Organisation(id: id, name: id.uppercased(), kind: kind), by: admin)
        }
        for org in ["telco-a", "telco-b", "jpdp", "pdrm"] {
            for role in Role.allCases {
                let p = try await service.addPerson(username: "\(org)-\(role.rawValue)", displayName: "\(org) \(role.rawValue)", organisationID: org, role: role, isAdministrator: false, passwordHash: "x", by: admin)
                w.people[p.username] = p
            }
        }
        return w
    }

    func p(_ name: String) -> Person { people[name]! }
}

@Suite("Case service")
struct CaseServiceTests {
    @Test("Bootstrap: the first organisation and person need no administrator; later ones do")
    func bootstrap() async throws {
        let w = try await CaseWorld.make()
        #expect(w.p("admin").isAdministrator)
        await #expect(throws: CaseError.self) {
            _ = try await w.service.addOrganisation(Organisation(id: "x", name: "X", kind: .other), by: w.p("telco-a-dpo"))
        }
        await #expect(throws: CaseError.self) {
            _ = try await w.service.addPerson(username: "intruder", displayName: "I", organisationID: "telco-a", role: .dpo, isAdministrator: true, passwordHash: "x", by: nil)
        }
        await #expect(throws: CaseError.self) {
            _ = try await w.service.addOrganisation(Organisation(id: "Bad Id", name: "X", kind: .other), by: w.p("admin"))
        }
    }

    @Test("A case opened with an awareness time has its anchor, its intake event and its playbook tasks")
    func openCase() async throws {
        let w = try await CaseWorld.make()
        let aware = Date(timeIntervalSince1970: 1_772_449_200) // 2026-03-02T11:00:00Z = 19:00 MYT
        let c = try await w.service.openCase(title: "Subscriber data offered for sale", summary: "", awareness: aware, awarenessSource: "tip to Lowyat forum", playbookIDs: ["data-leaked-for-sale", "four-step-response"], by: w.p("telco-a-responder"))
        #expect(c.id.hasPrefix("LT-") && c.id.hasSuffix("-0001"))
        #expect(c.anchor(.awareness) == aware)
        let d = try await w.service.detail(caseID: c.id, for: w.p("telco-a-viewer"))
        #expect(d.tasks.count == 13 + 5)
        #expect(d.events.count == 1 && d.events[0].anchor == .awareness)
        let second = try await w.service.openCase(title: "Second", summary: "", by: w.p("telco-b-dpo"))
        #expect(second.id.hasSuffix("-0002"))
        // A later report of the same anchor does not move the clock; an earlier one does.
        _ = try await w.service.addEvent(caseID: c.id, occurredAt: aware.addingTimeInterval(3600), timeZone: "Asia/Kuala_Lumpur", source: "media enquiry", category: "intake", summary: "Journalist asked", anchor: .awareness, by: w.p("telco-a-dpo"))
        #expect(try await w.service.detail(caseID: c.id, for: w.p("telco-a-dpo")).incident.anchor(.awareness) == aware)
        _ = try await w.service.addEvent(caseID: c.id, occurredAt: aware.addingTimeInterval(-7200), timeZone: "Asia/Kuala_Lumpur", source: "monitoring alert", category: "detection", summary: "Dark-web monitor hit", anchor: .awareness, by: w.p("telco-a-dpo"))
        #expect(try await w.service.detail(caseID: c.id, for: w.p("telco-a-dpo")).incident.anchor(.awareness) == aware.addingTimeInterval(-7200))
        // Anyone who edits may record an earlier start; marking a filing done needs `notify`;
        // moving an anchor directly is the DPO's.
        _ = try await w.service.addEvent(caseID: c.id, occurredAt: aware.addingTimeInterval(-86400 * 30), timeZone: "Asia/Kuala_Lumpur", source: "log review", category: "forensics", summary: "First exfiltration seen", anchor: .occurrence, by: w.p("telco-a-responder"))
        _ = try await w.service.share(caseID: c.id, with: "jpdp", role: .regulator, by: w.p("telco-a-dpo"))
        await #expect(throws: CaseError(.forbidden, "the regulator role cannot notify on case \(c.id)")) {
            _ = try await w.service.addEvent(caseID: c.id, occurredAt: aware, timeZone: "Asia/Kuala_Lumpur", source: "x", category: "notification", summary: "x", anchor: .regulatorNotified, by: w.p("jpdp-dpo"))
        }
        await #expect(throws: CaseError(.forbidden, "the responder role cannot clocks on case \(c.id)")) {
            _ = try await w.service.setAnchor(caseID: c.id, .awareness, at: nil, by: w.p("telco-a-responder"))
        }
        #expect(try await w.service.setAnchor(caseID: c.id, .awareness, at: nil, by: w.p("telco-a-dpo")).anchor(.awareness) == nil)
    }

    @Test("Nobody sees a case they were not given: every operation answers not found")
    func isolation() async throws {
        let w = try await CaseWorld.make()
        let c = try await w.service.openCase(title: "Leak", summary: "", playbookIDs: ["four-step-response"], by: w.p("telco-a-dpo"))
        let file = w.vaultDir + "-sample.txt"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("sample listing".utf8)))
        let ev = try await w.service.addEvidence(caseID: c.id, fileAt: file, description: "listing", method: "browser save", source: "forum", by: w.p("telco-a-dpo"))
        let task = try #require(try await w.service.detail(caseID: c.id, for: w.p("telco-a-dpo")).tasks.first)
        for role in Role.allCases {
            let outsider = w.p("telco-b-\(role.rawValue)")
            #expect(try await w.service.cases(visibleTo: outsider).isEmpty)
            let ops: [@Sendable () async throws -> Void] = [
                { _ = try await w.service.detail(caseID: c.id, for: outsider) },
                { _ = try await w.service.updateCase(caseID: c.id, status: .closed, by: outsider) },
                { _ = try await w.service.setAnchor(caseID: c.id, .awareness, at: Date(), by: outsider) },
                { _ = try await w.service.share(caseID: c.id, with: "telco-b", role: .dpo, by: outsider) },
                { _ = try await w.service.addTask(caseID: c.id, phase: "x", title: "x", by: outsider) },
                { _ = try await w.service.updateTask(caseID: c.id, taskID: task.id, status: .done, by: outsider) },
                { _ = try await w.service.addEvent(caseID: c.id, occurredAt: Date(), timeZone: "UTC", source: "x", category: "x", summary: "x", by: outsider) },
                { _ = try await w.service.addObservable(caseID: c.id, kind: .ipv4, value: "203.0.113.9", by: outsider) },
                { _ = try await w.service.addEvidence(caseID: c.id, fileAt: file, description: "x", method: "x", source: "x", by: outsider) },
                { _ = try await w.service.openEvidence(caseID: c.id, evidenceID: ev.id, by: outsider) },
                { _ = try await w.service.recordCustody(caseID: c.id, evidenceID: ev.id, action: .transferred, from: "a", to: "b", reason: "x", by: outsider) },
                { _ = try await w.service.auditExcerpt(caseID: c.id, for: outsider) },
                { _ = try await w.service.applyPlaybook(caseID: c.id, playbookID: "four-step-response", by: outsider) },
                { _ = try await w.service.verifyEvidence(caseID: c.id, by: outsider) },
            ]
            for op in ops {
                await #expect(throws: CaseError(.notFound, "no case \(c.id)")) { try await op() }
            }
        }
        // The same answer as for a case that does not exist.
        await #expect(throws: CaseError(.notFound, "no case LT-2026-9999")) { _ = try await w.service.detail(caseID: "LT-2026-9999", for: w.p("telco-b-dpo")) }
    }

    @Test("A shared organisation acts in the share's role; a viewer stays a viewer")
    func sharing() async throws {
        let w = try await CaseWorld.make()
        let c = try await w.service.openCase(title: "Leak", summary: "", by: w.p("telco-a-dpo"))
        await #expect(throws: CaseError.self) { _ = try await w.service.share(caseID: c.id, with: "jpdp", role: .regulator, by: w.p("telco-a-responder")) }
        _ = try await w.service.share(caseID: c.id, with: "jpdp", role: .regulator, by: w.p("telco-a-dpo"))
        _ = try await w.service.share(caseID: c.id, with: "pdrm", role: .police, by: w.p("telco-a-dpo"))
        let reg = w.p("jpdp-dpo")
        #expect(try await w.service.cases(visibleTo: reg).map(\.1) == [.regulator])
        _ = try await w.service.addEvent(caseID: c.id, occurredAt: Date(), timeZone: "Asia/Kuala_Lumpur", source: "JPDP letter", category: "notification", summary: "Regulator asked for details", by: reg)
        let file = w.vaultDir + "-img.bin"
        #expect(FileManager.default.createFile(atPath: file, contents: Data([1, 2, 3])))
        await #expect(throws: CaseError(.forbidden, "the regulator role cannot evidence on case \(c.id)")) {
            _ = try await w.service.addEvidence(caseID: c.id, fileAt: file, description: "x", method: "x", source: "x", by: reg)
        }
        let ev = try await w.service.addEvidence(caseID: c.id, fileAt: file, description: "disk image", method: "dd", source: "server 7", by: w.p("pdrm-police"))
        #expect(ev.acquiredBy == w.p("pdrm-police").id)
        #expect(try await w.service.cases(visibleTo: w.p("jpdp-viewer")).map(\.1) == [.viewer])
        await #expect(throws: CaseError.self) { _ = try await w.service.addTask(caseID: c.id, phase: "x", title: "x", by: w.p("jpdp-viewer")) }
        try await w.service.unshare(caseID: c.id, with: "jpdp", by: w.p("telco-a-dpo"))
        #expect(try await w.service.cases(visibleTo: reg).isEmpty)
    }

    @Test("Every action is in the signed audit log, which verifies; custody re-hashes notice a changed file")
    func auditAndCustody() async throws {
        let w = try await CaseWorld.make()
        let c = try await w.service.openCase(title: "Leak", summary: "", playbookIDs: ["four-step-response"], by: w.p("telco-a-dpo"))
        let file = w.vaultDir + "-s.csv"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("a,b\n1,2\n".utf8)))
        let ev = try await w.service.addEvidence(caseID: c.id, fileAt: file, description: "sample", method: "download", source: "forum", by: w.p("telco-a-responder"))
        let t = try await w.service.recordCustody(caseID: c.id, evidenceID: ev.id, action: .transferred, from: "telco-a", to: "pdrm", reason: "police report", sealNumber: "S-1", by: w.p("telco-a-dpo"))
        #expect(t.matched)
        _ = try await w.service.openEvidence(caseID: c.id, evidenceID: ev.id, by: w.p("telco-a-viewer"))
        let excerpt = try await w.service.auditExcerpt(caseID: c.id, for: w.p("telco-a-viewer"))
        #expect(excerpt.map(\.action).contains("evidence.add"))
        #expect(excerpt.map(\.action).contains("custody.transferred"))
        #expect(excerpt.map(\.action).contains("custody.accessed"))
        #expect(try await w.service.verifyAudit().isEmpty)
        #expect(try await w.service.checkpoint() != nil)
        // Change the stored evidence file: the next custody event and the verifier say so.
        let path = EvidenceVault(root: w.vaultDir).path(for: ev.sha256)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try Data("a,b\n1,3\n".utf8).write(to: URL(fileURLWithPath: path))
        let later = try await w.service.recordCustody(caseID: c.id, evidenceID: ev.id, action: .analysed, reason: "triage", by: w.p("telco-a-dpo"))
        #expect(!later.matched)
        await #expect(throws: CaseError.self) { _ = try await w.service.openEvidence(caseID: c.id, evidenceID: ev.id, by: w.p("telco-a-dpo")) }
        let (checked, problems) = try await w.service.verifyEvidence(caseID: c.id, by: w.p("telco-a-dpo"))
        #expect(checked == 1)
        #expect(problems.contains { $0.description.contains(ev.id) })
    }

    @Test("Draft edits: a new version each time, edits of different fields from one version merge, the same field changed twice is a conflict")
    func draftRevisions() async throws {
        let w = try await CaseWorld.make()
        let c = try await w.service.openCase(title: "Leak", summary: "Listing seen", by: w.p("telco-a-dpo"))
        let v1 = try await w.service.draftNotification(caseID: c.id, kind: .commissioner, language: .en, by: w.p("telco-a-responder"))
        #expect(v1.version == 1 && v1["measures"] != nil)
        let v2 = try await w.service.reviseDraft(caseID: c.id, draftID: v1.id, fields: ["measures": "Keys rotated."], by: w.p("telco-a-dpo"))
        #expect(v2.version == 2 && v2.basedOn == v1.id && v2["measures"] == "Keys rotated.")
        // Another person, still looking at version 1, edits another field: both edits are kept.
        let v3 = try await w.service.reviseDraft(caseID: c.id, draftID: v1.id, fields: ["measures": v1["measures"] ?? "", "chronology": "Vendor account misused."], by: w.p("telco-a-responder"))
        #expect(v3.version == 3 && v3["measures"] == "Keys rotated." && v3["chronology"] == "Vendor account misused.")
        // The same field changed differently since version 1: refused, naming the field.
        await #expect(throws: CaseError(.conflict, "field measures of draft \(v1.id) was changed in version 3 since; edit version 3")) {
            _ = try await w.service.reviseDraft(caseID: c.id, draftID: v1.id, fields: ["measures": "Nothing yet."], by: w.p("telco-a-dpo"))
        }
        // The same change again makes no version.
        #expect(try await w.service.reviseDraft(caseID: c.id, draftID: v2.id, fields: ["measures": "Keys rotated."], by: w.p("telco-a-dpo")).id == v3.id)
        #expect(try await w.service.drafts(caseID: c.id, for: w.p("telco-a-viewer")).map(\.version) == [1, 2, 3])
        await #expect(throws: CaseError.self) {
            _ = try await w.service.reviseDraft(caseID: c.id, draftID: v3.id, fields: ["measures": "x"], by: w.p("telco-a-viewer"))
        }
    }

    @Test("Observables are checked for shape before they can reach a STIX or MISP export", arguments: [
        (Observable.Kind.ipv4, "203.0.113.7", true), (.ipv4, "203.0.113.300", false), (.ipv4, "1.2.3", false),
        (.ipv6, "2001:db8::1", true), (.domain, "leak-market.example", true), (.domain, "no_tld", false),
        (.url, "http://abc.onion/thread/1", true), (.url, "not a url", false),
        (.fileSHA256, String(repeating: "ab", count: 32), true), (.fileSHA256, "abc", false),
        (.wallet, "bc1qexampleexampleexample", true), (.forumHandle, "two words", false),
        (.email, "seller@example.net", true), (.email, "seller", false),
    ])
    func observableShapes(kind: Observable.Kind, value: String, ok: Bool) async throws {
        let w = try await CaseWorld.make()
        let c = try await w.service.openCase(title: "Leak", summary: "", by: w.p("telco-a-dpo"))
        if ok {
            let o = try await w.service.addObservable(caseID: c.id, kind: kind, value: value, by: w.p("telco-a-responder"))
            #expect(o.kind == kind)
        } else {
            await #expect(throws: CaseError.self) { _ = try await w.service.addObservable(caseID: c.id, kind: kind, value: value, by: w.p("telco-a-responder")) }
        }
    }
}

@Suite("Playbooks")
struct PlaybookTests {
    @Test("The built-in playbooks load, and a user file replaces one by id or is refused with its file and field")
    func catalog() throws {
        let builtIn = try PlaybookCatalog.load()
        #expect(builtIn.playbook(id: "data-leaked-for-sale")?.steps.count == 13)
        #expect(builtIn.playbook(id: "four-step-response")?.steps.map(\.phase) == ["continuity", "contain", "forensics", "forensics", "communication"])
        let dir = NSTemporaryDirectory() + "pb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(#"{"id":"four-step-response","title":"Ours","description":"d","steps":[{"id":"a","phase":"contain","title":"t","detail":"d"}]}"#.utf8).write(to: URL(fileURLWithPath: dir + "/ours.json"))
        let merged = try PlaybookCatalog.load(userDirectory: dir)
        #expect(merged.playbook(id: "four-step-response")?.title == "Ours")
        #expect(merged.playbooks.count == builtIn.playbooks.count)
        try Data(#"{"id":"bad","title":"t","description":"d","steps":[{"id":"a","phase":"x","title":"t"}]}"#.utf8).write(to: URL(fileURLWithPath: dir + "/zz-bad.json"))
        #expect {
            _ = try PlaybookCatalog.load(userDirectory: dir)
        } throws: { e in
            let e = e as? LeakTraceError
            return e?.location?.file == dir + "/zz-bad.json" && e?.message.contains("steps[0].detail") == true
        }
    }
}
