import ArgumentParser
import Foundation
import Incidents

extension LeakTrace.CaseCommand {
    /// `leaktrace case evidence add|list|get|custody`.
    struct CaseEvidence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Evidence on a case: stored by SHA-256 with who acquired it, when, how and from where; every access and transfer recorded.",
            subcommands: [Add.self, List.self, Get.self, Custody.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Store a file as evidence (a capture, a sample, a triage report, an attribution or trace result).")
            @Argument(help: "The case id.") var caseID: String
            @Argument(help: "The file.") var file: String
            @Option(help: "What it is.") var description: String
            @Option(help: "How it was acquired, with tool and version (download with curl 8.5, leaktrace scan 0.x ...).") var method: String
            @Option(help: "Where it came from (URL, host, person).") var source: String
            @Option(help: "file, capture, triage-report, attribution, trace or forensics.") var kind: String = "file"
            @Option(help: "Legal basis or authority for collection.") var legalBasis: String?
            @Option(help: "When it was acquired, if not now (ISO 8601 with offset).") var acquiredAt: String?
            @Option(help: "SHA-256 of the evidence it was derived from.") var derivedFrom: String?
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                guard let k = EvidenceItem.Kind(rawValue: kind) else { throw ValidationError("--kind: expected one of \(EvidenceItem.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
                let when = try acquiredAt.map { try TimeArgument.parse($0, timeZone: "UTC", field: "--acquired-at") }
                try await IncidentContext.withActor(incident) { service, me in
                    let item = try await service.addEvidence(caseID: caseID, fileAt: file, kind: k, description: description, method: method, source: source, legalBasis: legalBasis, acquiredAt: when, parentSHA256: derivedFrom, by: me)
                    if json { print(try IncidentContext.json(item)); return }
                    print("evidence \(item.id): \(item.fileName) \(item.size) bytes sha256 \(item.sha256)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List a case's evidence with its custody history.")
            @Argument(help: "The case id.") var caseID: String
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withActor(incident) { service, me in
                    let d = try await service.detail(caseID: caseID, for: me)
                    if json {
                        struct Out: Encodable { var evidence: [EvidenceItem]; var custody: [CustodyEvent] }
                        print(try IncidentContext.json(Out(evidence: d.evidence, custody: d.custody)))
                        return
                    }
                    for e in d.evidence {
                        print("\(e.id)\t\(e.kind.rawValue)\t\(e.size)\t\(e.sha256)\t\(e.fileName)")
                        for c in d.custody where c.evidenceID == e.id {
                            print("    \(TimeArgument.local(c.time, d.incident.timeZone))\t\(c.action.rawValue)\t\(c.actor)\(c.from.map { "\tfrom \($0)" } ?? "")\(c.to.map { "\tto \($0)" } ?? "")\tre-hash \(c.matched ? "ok" : "MISMATCH")")
                        }
                    }
                }
            }
        }

        struct Get: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "get", abstract: "Copy an evidence file out of the vault (recorded as an access, re-hashed first).")
            @Argument(help: "The case id.") var caseID: String
            @Argument(help: "The evidence id.") var evidenceID: String
            @Option(help: "Where to write the copy.") var out: String
            @Option(help: "Why it is accessed.") var reason: String = "copied out for analysis"
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withActor(incident) { service, me in
                    let (item, path) = try await service.openEvidence(caseID: caseID, evidenceID: evidenceID, reason: reason, by: me)
                    if FileManager.default.fileExists(atPath: out) { throw CLIError("\(out) exists; not overwriting") }
                    try FileManager.default.copyItem(atPath: path, toPath: out)
                    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)
                    print("copied \(item.fileName) (sha256 \(item.sha256)) to \(out)")
                }
            }
        }

        struct Custody: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "custody", abstract: "Record a custody event: transferred, analysed, copied, exported, returned, disposed.")
            @Argument(help: "The case id.") var caseID: String
            @Argument(help: "The evidence id.") var evidenceID: String
            @Option(help: "transferred, analysed, copied, exported, returned, disposed, verified.") var action: String
            @Option(help: "From whom (transfer).") var from: String?
            @Option(help: "To whom (transfer).") var to: String?
            @Option(help: "Why.") var reason: String
            @Option(help: "The seal number.") var seal: String?
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                guard let a = CustodyEvent.Action(rawValue: action), a != .acquired else { throw ValidationError("--action: expected transferred, analysed, copied, exported, returned, disposed, verified or accessed") }
                try await IncidentContext.withActor(incident) { service, me in
                    let ev = try await service.recordCustody(caseID: caseID, evidenceID: evidenceID, action: a, from: from, to: to, reason: reason, sealNumber: seal, by: me)
                    print("custody \(ev.id): \(ev.action.rawValue), re-hash \(ev.matched ? "matches" : "DOES NOT MATCH (\(ev.observedSHA256))")")
                    if !ev.matched { throw ExitCode(1) }
                }
            }
        }
    }
}

extension LeakTrace {
    /// `leaktrace audit verify|checkpoint`.
    struct AuditCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "The tamper-evident audit log of every action on cases.",
            subcommands: [Verify.self, Checkpoint.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check every entry's hash and chain link and every signed checkpoint; name any entry changed, removed or reordered. Exit 1 when anything is wrong.")
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                let problems = try await IncidentContext.withService(incident) { service in
                    try await service.checkpoint()
                    return try await service.verifyAudit().map(\.description)
                }
                if json {
                    print(try IncidentContext.json(["problems": problems]))
                } else if problems.isEmpty {
                    print("audit log intact")
                } else {
                    for p in problems { print(p) }
                }
                if !problems.isEmpty { throw ExitCode(1) }
            }
        }

        struct Checkpoint: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Sign a checkpoint at the log's head now and print it (publish the head elsewhere to anchor it).")
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withService(incident) { service in
                    guard let cp = try await service.checkpoint() else { print("the audit log is empty"); return }
                    print(try IncidentContext.json(cp))
                }
            }
        }
    }
}

extension LeakTrace {
    /// `leaktrace evidence verify`.
    struct EvidenceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evidence",
            abstract: "Check the evidence vault.",
            subcommands: [Verify.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "verify", abstract: "Re-hash every evidence file (of one case, or all) against its recorded SHA-256 and size; name each one that is missing or changed. Exit 1 when anything is wrong.")
            @Option(help: "Only this case (you must be able to read it); default every case, which needs an administrator.") var caseID: String?
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                let (checked, problems) = try await IncidentContext.withActor(incident) { service, me in
                    let result = try await service.verifyEvidence(caseID: caseID, by: me)
                    return (result.checked, result.problems.map(\.description))
                }
                if json {
                    struct Out: Encodable { var checked: Int; var problems: [String] }
                    print(try IncidentContext.json(Out(checked: checked, problems: problems)))
                } else {
                    for p in problems { print(p) }
                    print(problems.isEmpty ? "\(checked) evidence files intact" : "\(problems.count) problems in \(checked) evidence files")
                }
                if !problems.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
