import ArgumentParser
import Foundation
import LeakTraceCore
import Provenance

/// Options shared by export, ledger and trace: the master key and the ledger file.
struct FingerprintKeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The organisation's master key (64 hex digits, made by `leaktrace key init`).", valueName: "file"))
    var keyFile: String

    @Option(help: ArgumentHelp("The transfer ledger (one signed, hash-chained JSON entry per line).", valueName: "file"))
    var ledger: String

    func keyRing() throws -> KeyRing { try KeyRing(file: keyFile, what: "the master key") }
}

extension LeakTrace {
    /// `leaktrace export`: one recipient's marked copy of a table, recorded in the ledger.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a recipient's fingerprinted copy of a table and record it in the transfer ledger.",
            discussion: """
            Marks live only in harmless choices (phone spelling and grouping, MyKad dashes, name case, address \
            abbreviations, optionally blank optional fields, keyed row order): every value's canonical form \
            equals the source's. Unique canary records with the organisation's own contact points are mixed in. \
            Output is RFC 4180 CSV. See docs/fingerprinting.md.
            """
        )

        @Option(help: "Recipient id (vendor, partner, employee). Marks are keyed by recipient.")
        var recipient: String

        @Option(help: "Purpose of the transfer, recorded in the ledger.")
        var purpose: String

        @Option(name: .customLong("in"), help: ArgumentHelp("The source table (CSV, TSV, NDJSON, SQL dump, XLSX).", valueName: "file"))
        var input: String

        @Option(help: ArgumentHelp("The copy to write (CSV).", valueName: "file"))
        var out: String

        @OptionGroup var keys: FingerprintKeyOptions

        @Option(help: ArgumentHelp("Owned, monitored phone block for canaries: FIRST..LAST.", valueName: "range"))
        var canaryPhones: String?

        @Option(help: ArgumentHelp("Mail domain you control for canary addresses.", valueName: "domain"))
        var canaryEmailDomain: String?

        @Option(help: "Canaries in this transfer (default: max(20, 4.6/q) capped at 1% of rows, q = 5%).")
        var canaries: Int?

        @Option(help: "Row order: keyed (per recipient) or source.")
        var order = "keyed"

        @Option(name: .customLong("column-kind"), help: ArgumentHelp("Override a column's kind: COLUMN=phone|phone_international|mykad|name|address|email|other (repeatable).", valueName: "col=kind"))
        var columnKinds: [String] = []

        @Option(name: .customLong("no-mark"), help: ArgumentHelp("A column that must carry no marks (repeatable).", valueName: "column"))
        var noMark: [String] = []

        @Option(name: .customLong("suppress"), help: ArgumentHelp("An optional column that may be left empty as a mark (repeatable).", valueName: "column"))
        var suppress: [String] = []

        @Option(help: ArgumentHelp("The column that keys rows (default: the first phone column, else MyKad).", valueName: "column"))
        var keyColumn: String?

        @Flag(help: "Print the ledger entry summary as JSON.")
        var json = false

        func run() throws {
            guard order == "keyed" || order == "source" else { throw ValidationError("--order is keyed or source") }
            var options = ExportOptions(recipient: recipient, purpose: purpose, input: input, output: out)
            options.keyedOrder = order == "keyed"
            options.canaries = canaries
            switch (canaryPhones, canaryEmailDomain) {
            case let (phones?, domain?): options.contacts = try CanaryContacts(phoneRange: phones, emailDomain: domain)
            case (nil, nil):
                if let canaries, canaries > 0 { throw ValidationError("--canaries needs --canary-phones and --canary-email-domain") }
                Console.warning("no --canary-phones/--canary-email-domain: this copy carries no canaries")
            default: throw ValidationError("give both --canary-phones and --canary-email-domain")
            }
            for spec in columnKinds {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let kind = FieldKind(rawValue: parts[1]) else {
                    throw ValidationError("--column-kind wants COLUMN=KIND with KIND one of \(FieldKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.kinds[parts[0]] = kind
            }
            options.unmarked = Set(noMark)
            options.suppressible = Set(suppress)
            options.keyColumn = keyColumn
            let started = Date()
            let summary = try Exporter(keys: keys.keyRing(), ledger: TransferLedger(path: keys.ledger)).export(options)
            let seconds = Date().timeIntervalSince(started)
            let r = summary.record
            if json {
                print(#"{"transferId":"\#(r.transferId)","seq":\#(summary.seq),"rows":\#(r.rowCount),"markedRows":\#(r.markedRows),"canaries":\#(r.canaries.count),"slotsPerRow":\#(String(format: "%.2f", summary.slotsPerRow)),"sha256":"\#(r.fileSHA256)","seconds":\#(String(format: "%.3f", seconds))}"#)
            } else {
                print("Transfer \(r.transferId) to \(r.recipient): \(r.rowCount) rows (\(r.markedRows) marked, \(r.canaries.count) canaries), \(String(format: "%.2f", summary.slotsPerRow)) mark slots per row")
                print("  slots: " + r.slotSchema.map { "\($0.column) [\($0.slots.map(\.rawValue).joined(separator: ", "))]" }.joined(separator: "; "))
                print("  wrote \(out) (sha256 \(r.fileSHA256)); ledger entry \(summary.seq) in \(keys.ledger)")
                Console.status(String(format: "export: %.1f s (%.0f rows/s)", seconds, Double(r.rowCount) / max(seconds, 1e-9)))
            }
        }
    }
}
