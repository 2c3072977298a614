import ArgumentParser
import Crypto
import Foundation
import LeakTraceCore
import Provenance

extension LeakTrace {
    /// `leaktrace ledger list|verify`.
    struct LedgerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger",
            abstract: "List or verify the transfer ledger.",
            subcommands: [List.self, Verify.self]
        )

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the transfers in the ledger.")

            @Option(help: ArgumentHelp("The transfer ledger.", valueName: "file"))
            var ledger: String

            @Flag(help: "Print JSON lines.")
            var json = false

            func run() throws {
                let ledger = TransferLedger(path: ledger)
                for (seq, r) in try ledger.records() {
                    if json {
                        print(#"{"seq":\#(seq),"transferId":"\#(r.transferId)","recipient":"\#(JSONText.escape(r.recipient))","purpose":"\#(JSONText.escape(r.purpose))","time":"\#(r.time)","rows":\#(r.rowCount),"canaries":\#(r.canaries.count),"sha256":"\#(r.fileSHA256)"}"#)
                    } else {
                        print("\(seq)\t\(r.transferId)\t\(r.time)\t\(r.recipient)\t\(r.purpose)\t\(r.rowCount) rows\t\(r.canaries.count) canaries\t\(r.columns.count) columns\tsha256 \(r.fileSHA256.prefix(16))…")
                    }
                }
                if !json, let head = try ledger.log.head() { print("head \(head)") }
            }
        }

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "verify",
                abstract: "Check every entry's hash, chain link and Ed25519 signature; name any entry that changed.",
                discussion: "With --key-file the signature key is derived from the master key; with --public-key (hex) only the public key is needed; with neither, the key the ledger's first entry names is used (self-attested)."
            )

            @Option(help: ArgumentHelp("The transfer ledger.", valueName: "file"))
            var ledger: String

            @Option(help: ArgumentHelp("The master key.", valueName: "file"))
            var keyFile: String?

            @Option(help: ArgumentHelp("The ledger's Ed25519 public key, 64 hex digits.", valueName: "hex"))
            var publicKey: String?

            @Option(help: ArgumentHelp("The head hash recorded elsewhere (detects a removed tail).", valueName: "hex"))
            var head: String?

            func run() throws {
                let ledger = TransferLedger(path: ledger)
                var key: Curve25519.Signing.PublicKey?
                if let keyFile {
                    key = TransferLedger.signingKey(try KeyRing(file: keyFile, what: "the master key")).publicKey
                } else if let publicKey {
                    guard let raw = Hex.decode(publicKey), let k = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                        throw ValidationError("--public-key must be 64 hex digits")
                    }
                    key = k
                } else {
                    Console.warning("no --key-file or --public-key: checking against the key the ledger names itself")
                }
                var problems = try ledger.log.verify(publicKey: key).map(\.description)
                let entries = try ledger.log.entries()
                if let head, let last = entries.last, last.hash != head, !entries.contains(where: { $0.hash == head }) {
                    problems.append("the given head hash is not in the ledger")
                } else if let head, let last = entries.last, last.hash != head {
                    problems.append("entries follow the given head; if the head was the last entry, \(entries.count - 1 - (entries.firstIndex { $0.hash == head } ?? 0)) were appended since")
                }
                if problems.isEmpty {
                    print("ledger OK: \(entries.count) entries (\(max(entries.count - 1, 0)) transfers), head \(entries.last?.hash ?? "-")")
                } else {
                    for p in problems { print("ledger FAILED: \(p)") }
                    throw ExitCode(1)
                }
            }
        }
    }
}
