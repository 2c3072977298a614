import ArgumentParser

@main
struct LeakTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaktrace",
        abstract: "Investigate and respond to mass personal-data breaches (Malaysia first).",
        version: ToolInfo.versionText,
        subcommands: [Scan.self, Synth.self, Demo.self, Serve.self, APIKeyCommand.self]
    )
}
