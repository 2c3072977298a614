import ArgumentParser
import Foundation
import LeakTraceCore
import Provenance

extension LeakTrace {
    /// `leaktrace trace`: which transfer and recipient a leaked table came from.
    struct Trace: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trace",
            abstract: "Trace a leaked table to transfers in the ledger: canary hits, fingerprint accusation, ledger coverage.",
            discussion: "See docs/fingerprinting.md, \"Reading the trace report\"."
        )

        @Argument(help: "The leaked table.")
        var leak: String

        @OptionGroup var keys: FingerprintKeyOptions

        @Option(help: "System-wide false-accusation bound over all recipients.")
        var epsilon = 1e-9

        @Option(help: "Recipients the bound is taken over (default: the ledger's distinct recipients).")
        var population: Int?

        @Option(help: "Rows scored against every recipient.")
        var maxScoredRows = 5_000

        @Flag(help: "Print JSON (schema leaktrace.trace/v1).")
        var json = false

        @Option(help: ArgumentHelp("Also write the report as a self-contained HTML section to this file.", valueName: "file"))
        var html: String?

        func validate() throws {
            guard epsilon > 0, epsilon < 1 else { throw ValidationError("--epsilon must be between 0 and 1") }
            if let population, population < 1 { throw ValidationError("--population must be at least 1") }
        }

        func run() throws {
            var options = TraceOptions(leak: leak)
            options.epsilon = epsilon
            options.population = population
            options.maxScoredRows = maxScoredRows
            let started = Date()
            let report = try Tracer(keys: keys.keyRing(), ledger: TransferLedger(path: keys.ledger)).trace(options)
            let seconds = Date().timeIntervalSince(started)
            print(json ? TraceRenderer.json(report) : TraceRenderer.text(report))
            if let html {
                let page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LeakTrace trace</title></head><body>\n" + TraceRenderer.html(report) + "</body></html>\n"
                guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else { throw CLIError("cannot write \(html)") }
            }
            Console.status(String(format: "trace: %d rows in %.1f s (%.0f rows/s)", report.rows, seconds, Double(report.rows) / max(seconds, 1e-9)))
        }
    }
}
