import ArgumentParser

@main
struct LeakTrace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaktrace",
        abstract: "Investigate and respond to mass personal-data breaches (Malaysia first).",
        version: ToolInfo.versionText,
        subcommands: [Scan.self, Synth.self, Demo.self, Key.self, BreachCommand.self,
                      Serve.self, APIKeyCommand.self, SketchCommand.self, Attribute.self, OPRFCommand.self,
                      LogsCommand.self, Export.self, LedgerCommand.self, Trace.self, Simulate.self,
                      OrgCommand.self, UserCommand.self, CaseCommand.self, EvidenceCommand.self, AuditCommand.self]
    )
}
