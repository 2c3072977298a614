import ArgumentParser
import Foundation
import Incidents

extension LeakTrace.CaseCommand {
    /// `leaktrace case export`: the court pack, STIX 2.1 and MISP.
    struct CaseExport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export a case: the court pack (summary, evidence manifest with hashes, custody, audit excerpt with its chain proof and signed checkpoints, Evidence Act s.90A certificate template), and its observables as STIX 2.1 or MISP JSON."
        )
        @Argument(help: "The case id.") var caseID: String
        @Option(help: "Write the court pack into this directory (new or empty).") var pack: String?
        @Flag(help: "Copy the evidence files into the pack (they are personal data: only when a court or the police asked).") var includeFiles = false
        @Option(help: "Write the observables as a STIX 2.1 bundle to this file.") var stix: String?
        @Option(help: "Write the observables as a MISP event to this file.") var misp: String?
        @OptionGroup var incident: IncidentOptions

        func run() async throws {
            guard pack != nil || stix != nil || misp != nil else { throw ValidationError("give --pack DIR, --stix FILE or --misp FILE") }
            try await IncidentContext.withActor(incident) { service, me in
                if let pack {
                    let r = try await service.writeCourtPack(caseID: caseID, to: pack, includeFiles: includeFiles, generatedBy: "LeakTrace \(ToolInfo.version) (\(me.id))", by: me)
                    print("court pack: \(r.files.count) files in \(r.directory)")
                    for p in r.auditProblems { Console.warning("audit: \(p)") }
                }
                for (path, format) in [(stix, CaseService.ObservableFormat.stix), (misp, .misp)] {
                    guard let path else { continue }
                    let data = try await service.exportObservables(caseID: caseID, format: format, by: me)
                    guard FileManager.default.createFile(atPath: path, contents: data) else { throw CLIError("cannot write \(path)") }
                    print("\(format.rawValue): \(path)")
                }
            }
        }
    }
}
