import ArgumentParser
import Forensics
import Foundation
import LeakTraceCore

extension LeakTrace {
    /// `leaktrace logs correlate`: which sessions, accounts and addresses read the leaked records.
    struct LogsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logs",
            abstract: "Access-log forensics: who read exactly the leaked records.",
            subcommands: [Correlate.self]
        )
    }
}

extension LeakTrace.LogsCommand {
    struct Correlate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "correlate",
            abstract: "Rank the sessions, accounts and addresses whose reads explain a leak.",
            discussion: """
            Streams web (nginx/Apache combined, JSON), PostgreSQL csvlog (log_statement, pgaudit), \
            MySQL/MariaDB general-log and CSV/JSON VPN or export-job logs, gzipped or not; the mapping \
            file (docs/log-forensics.md) says which requests and statements name records and how lines \
            group into sessions. For each session, account and address: coverage, precision, \
            hypergeometric specificity, rarity-weighted score and time window; a greedy cover; a \
            timeline of the top candidates; countries from Debian's tor-geoipdb. Record keys are held as \
            keyed 64-bit hashes and never printed; personal values in labels are masked. Bad log lines \
            are counted and reported with line numbers, never fatal.
            """
        )

        @Argument(help: "The leaked dump (CSV, NDJSON, JSON, SQL dump, XLSX; gzipped too).")
        var leak: String

        @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Log files; NAME=PATH picks the mapping's source NAME, otherwise the format is sniffed.", valueName: "file"))
        var logs: [String]

        @Option(name: .long, help: ArgumentHelp("The mapping file (JSON).", valueName: "file"))
        var map: String

        @Option(help: "Rows in the leaked table (N of the specificity test); overrides the mapping.")
        var tableSize: Int?

        @Option(help: "How many sessions, accounts and addresses to list.")
        var top = 10

        @Flag(help: "Print the report as JSON (schema leaktrace.logs/1).")
        var json = false

        @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file"))
        var html: String?

        @Option(help: ArgumentHelp("The IPv4 GeoIP file (Tor's format); its geoip6 beside it is read too.", valueName: "file"))
        var geoip: String = "/usr/share/tor/geoip"

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        func validate() throws {
            guard !logs.isEmpty else { throw ValidationError("give at least one log file with --logs") }
            guard top > 0 else { throw ValidationError("--top must be positive") }
            if let tableSize, tableSize <= 0 { throw ValidationError("--table-size must be positive") }
        }

        func run() async throws {
            let started = Date()
            do {
                let mapping = try LogMapping.load(path: map)
                let hasher = KeyHasher(normalization: mapping.leak.normalize ?? .lower)
                if !quiet { Console.status("reading the leak \(leak)") }
                let keys = try LeakKeys.read(path: leak, column: mapping.leak.column, hasher: hasher)
                guard keys.count > 0 else {
                    throw CLIError("\(leak): no record keys in column '\(mapping.leak.column)'; expected the key column named in the mapping's leak.column")
                }
                var options = CorrelationOptions()
                options.tableSize = tableSize
                options.top = top
                if !quiet { options.progress = { Console.status($0) } }
                let correlator = try Correlator(mapping: mapping, leak: keys, hasher: hasher, options: options)
                var failed = 0
                for argument in logs {
                    do {
                        let (source, path) = try correlator.resolve(argument)
                        if !quiet { Console.status("reading \(path) as \(source)") }
                        try correlator.ingest(path: path, source: source)
                    } catch {
                        Console.error("\(error)")
                        failed += 1
                    }
                }
                guard failed < logs.count else { throw ExitCode(1) }
                let geo: GeoIPDatabase?
                do {
                    let v6 = (geoip as NSString).deletingLastPathComponent + "/geoip6"
                    geo = try GeoIPDatabase.load(v4Path: geoip, v6Path: v6)
                } catch {
                    Console.warning("\(error); countries are not shown")
                    geo = nil
                }
                let report = correlator.report(leakFile: leak, geoip: geo)
                if json {
                    print(try CorrelationRenderer.json(report))
                } else {
                    print(CorrelationRenderer.text(report), terminator: "")
                }
                if let html {
                    do {
                        try CorrelationRenderer.html(report).write(toFile: html, atomically: true, encoding: .utf8)
                    } catch {
                        throw CLIError("cannot write \(html): \(error.localizedDescription)")
                    }
                    if !json { print("HTML report: \(html)") }
                }
                if !quiet {
                    let lines = report.inputs.reduce(0) { $0 + $1.lines }
                    let seconds = Date().timeIntervalSince(started)
                    Console.status(String(format: "%d log lines in %.1f s (%.0f lines/s)", lines, seconds, Double(lines) / max(seconds, 1e-9)))
                }
                if failed > 0 { throw ExitCode(1) }
            } catch let error as LeakTraceError {
                throw CLIError(error.description)
            }
        }
    }
}
