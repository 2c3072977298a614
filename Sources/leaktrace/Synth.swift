import ArgumentParser
import Foundation
import LeakTraceCore
import Synthetic

extension LeakTrace {
    /// `leaktrace synth`: seeded synthetic Malaysian subscriber dumps for demos, tests and
    /// benchmarks. Streams rows in constant memory; the same options give the same bytes.
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "synth",
            abstract: "Generate a synthetic Malaysian subscriber dump.",
            discussion: """
                Every value is synthetic: names are random combinations of common name parts, \
                numbers are random draws in valid ranges, emails use reserved example domains. \
                See docs/synthetic-data.md.
                """
        )

        @Option(help: "Number of data rows (the header is not counted).")
        var rows = 1000

        @Option(help: "Output format: csv, tsv or ndjson.")
        var format: SyntheticFormat = .csv

        @Option(help: "Seed: the same seed and options give the same bytes.")
        var seed: UInt64 = 1

        @Option(help: "Write the dump to FILE instead of standard output.")
        var out: String?

        @Option(name: .customLong("reference-date"), help: "The dump's as-of date, YYYY-MM-DD.")
        var referenceDate = "2014-07-31"

        @Option(help: "Write the ground truth as JSON to FILE.")
        var truth: String?

        @Option(help: "Marked canary rows (name CANARY LEAKTRACE), spread through the dump.")
        var canaries = 0

        @Flag(name: .customLong("clean"), help: "No invalid, padding, duplicate, damaged or empty cells.")
        var clean = false

        @Flag(help: "No progress on standard error.")
        var quiet = false

        func validate() throws {
            guard rows >= 0 else { throw ValidationError("--rows must be zero or more") }
            guard CivilDate(iso: referenceDate) != nil else {
                throw ValidationError("--reference-date must be a real date written YYYY-MM-DD")
            }
            guard canaries >= 0, canaries <= rows else { throw ValidationError("--canaries must be between 0 and --rows") }
        }

        func run() throws {
            guard let date = CivilDate(iso: referenceDate) else { throw ValidationError("bad --reference-date") }
            let configuration = SyntheticConfiguration(
                rows: rows, seed: seed, format: format, referenceDate: date,
                noise: clean ? .clean : .realistic, canaryRows: canaries)
            let dump: SyntheticDump
            do {
                dump = try SyntheticDump(configuration)
            } catch let error as LeakTraceError {
                throw ValidationError(error.message)
            }

            var sink = try out.map { try FileDescriptorSink.create(path: $0) } ?? .standardOutput
            let started = Date()
            let quiet = self.quiet
            let total = rows
            let result = try dump.write(to: &sink, progressEvery: 1_000_000) { written in
                guard !quiet else { return }
                let seconds = Date().timeIntervalSince(started)
                let rate = seconds > 0 ? Int(Double(written) / seconds) : 0
                FileHandle.standardError.write(Data("synth: \(written) / \(total) rows (\(rate) rows/s)\n".utf8))
            }
            if out != nil { try sink.close() }

            if let truth {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                var data = try encoder.encode(result)
                data.append(10)
                do {
                    try data.write(to: URL(fileURLWithPath: truth))
                } catch {
                    throw LeakTraceError(.io, "cannot write the truth file \(truth)")
                }
            }
            if !quiet {
                let seconds = Date().timeIntervalSince(started)
                let rate = seconds > 0 ? Int(Double(rows) / seconds) : 0
                FileHandle.standardError.write(Data("synth: \(rows) rows, \(result.persons) persons in \(String(format: "%.1f", seconds)) s (\(rate) rows/s)\n".utf8))
            }
        }
    }
}

extension SyntheticFormat: ExpressibleByArgument {}
