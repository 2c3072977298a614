import ArgumentParser
import Exposure
import Foundation
import LeakTraceCore

extension LeakTrace {
    /// `leaktrace key init`: the index key, kept outside the database.
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Manage the index key (the HMAC secret the breach index is hashed with).",
            subcommands: [Init.self]
        )

        struct Init: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "init",
                abstract: "Create a new random index key file (mode 0600); never overwrites one.",
                discussion: """
                Default path: $XDG_CONFIG_HOME/leaktrace/index.key, else ~/.config/leaktrace/index.key. Keep it \
                away from the database and back it up: without it the index cannot be searched, and with it \
                anyone holding the database can test identifiers against it. Commands read the key from \
                --key-file, else LEAKTRACE_INDEX_KEY (64 hex digits), else LEAKTRACE_INDEX_KEY_FILE, else the default path.
                """
            )

            @Option(help: ArgumentHelp("Where to write the key.", valueName: "file"))
            var keyFile: String?

            @Flag(help: "Print JSON.")
            var json = false

            func run() throws {
                let path = keyFile ?? IndexKey.defaultPath()
                do {
                    try IndexKey.create(at: path)
                } catch {
                    throw CLIError(error.description)
                }
                if json {
                    print(#"{"keyFile":"\#(JSONText.escape(path))"}"#)
                } else {
                    print("Index key written to \(path) (mode 0600). Back it up; keep it off the database host's backups.")
                }
            }
        }
    }
}

enum JSONText {
    static func escape(_ s: String) -> String {
        JSONString.escaped(s)
    }
}
