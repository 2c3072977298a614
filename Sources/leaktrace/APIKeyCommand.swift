import ArgumentParser
import Exposure
import Foundation
import Server

extension LeakTrace {
    /// `leaktrace apikey create|list|revoke`: the lookup API's keys (HIBP-style, 32 hex digits).
    struct APIKeyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apikey",
            abstract: "Create, list and revoke API keys of the lookup API (`leaktrace serve`).",
            discussion: "A key is shown once, at creation; the database keeps only its keyed hash, so a lost key cannot be recovered, only revoked and replaced.",
            subcommands: [Create.self, List.self, Revoke.self]
        )

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a key and print it (once).")

            @OptionGroup var store: StoreOptions

            @Option(help: "Who or what the key is for (shown in lists).")
            var label: String

            @Option(help: "Requests per minute allowed for this key.")
            var rpm: Int = 10

            @Flag(help: "Print JSON.")
            var json = false

            func validate() throws {
                guard rpm > 0 else { throw ValidationError("--rpm must be positive") }
                guard !label.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--label must not be empty") }
            }

            func run() async throws {
                let (store, label, rpm, json) = (self.store, self.label, self.rpm, self.json)
                let secret = APIKeyAuthenticator.generate()
                let record = try await StoreFactory.withStore(store, logger: StoreFactory.commandLogger()) { s, key in
                    let record = APIKeyRecord(
                        id: "lt_" + String(APIKeyAuthenticator.generate().prefix(8)),
                        keyHash: APIKeyAuthenticator.hash(secret, key: key),
                        label: label, rpm: rpm, createdAt: Breach.timestamp(Date())
                    )
                    try await s.insertAPIKey(record)
                    return record
                }
                if json {
                    print(try APIKeyJSON.text(["id": record.id, "key": secret, "label": record.label, "rpm": record.rpm, "createdAt": record.createdAt]))
                } else {
                    print("API key \(record.id) (\(record.label), \(record.rpm) requests/minute):")
                    print(secret)
                    print("Send it as the hibp-api-key header. It is shown only now.")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys: ids, labels, limits, dates (never a key).")

            @OptionGroup var store: StoreOptions

            @Flag(help: "Print JSON.")
            var json = false

            func run() async throws {
                let store = self.store
                let keys = try await StoreFactory.withStore(store, logger: StoreFactory.commandLogger()) { s, _ in try await s.apiKeys() }
                if json {
                    let rows: [[String: Any]] = keys.map {
                        ["id": $0.id, "label": $0.label, "rpm": $0.rpm, "createdAt": $0.createdAt, "revokedAt": $0.revokedAt.map { $0 as Any } ?? NSNull()]
                    }
                    print(try APIKeyJSON.text(rows))
                    return
                }
                if keys.isEmpty {
                    print("No API keys. Create one with `leaktrace apikey create --label NAME`.")
                    return
                }
                for k in keys {
                    let state = k.revokedAt.map { "revoked \($0)" } ?? "active"
                    print("\(k.id)  \(k.rpm) rpm  created \(k.createdAt)  \(state)  \(k.label)")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "revoke",
                abstract: "Revoke a key by its id.",
                discussion: "A running server stops accepting it within its key cache time (5 seconds by default)."
            )

            @OptionGroup var store: StoreOptions

            @Argument(help: "The key's id (lt_…), as `apikey list` shows it.")
            var id: String

            @Flag(help: "Print JSON.")
            var json = false

            func run() async throws {
                let (store, id) = (self.store, self.id)
                let revoked = try await StoreFactory.withStore(store, logger: StoreFactory.commandLogger()) { s, _ in
                    try await s.revokeAPIKey(id: id, at: Breach.timestamp(Date()))
                }
                if json {
                    print(try APIKeyJSON.text(["id": id, "revoked": revoked]))
                } else if revoked {
                    print("Revoked \(id).")
                }
                if !revoked {
                    if !json { Console.error("no active API key with id \(id)") }
                    throw ExitCode(1)
                }
            }
        }
    }
}

enum APIKeyJSON {
    static func text(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
