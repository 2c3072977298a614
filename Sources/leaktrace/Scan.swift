import ArgumentParser
import Dumps
import Foundation
import Identifiers
import LeakTraceCore
import Provenance
import Triage

extension LeakTrace {
    /// `leaktrace scan`: the triage report of one or more dumps, or identifier spans in free text.
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "Triage leaked dumps: what, whose, how many, how sensitive.",
            discussion: """
            Reads CSV, TSV (delimiter and quoting sniffed), NDJSON, JSON arrays, mysqldump and pg_dump, and XLSX (one report section per table or sheet), gzipped or zipped, in UTF-8, UTF-16 or Windows-1252, streamed in bounded memory on all \
            cores. Column types come from the header vocabulary and the validation rates of sampled values. \
            Output: text on stdout, or --json (schema leaktrace.scan/1, see docs/scan-report.md), and \
            optionally an HTML report. With --text, scans unstructured text for identifier spans instead.
            """
        )

        @Argument(help: "Files to scan.")
        var files: [String]

        @Flag(help: "Print JSON (a report; with --text, one span object per line).")
        var json = false

        @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file"))
        var html: String?

        @Option(help: ArgumentHelp("Add a source-attribution section to the HTML report: the JSON of `leaktrace attribute --json` for this leak (repeatable).", valueName: "file"))
        var attribution: [String] = []

        @Option(help: ArgumentHelp("Add a trace section (canary hits, accused recipients, ledger coverage) to the HTML report: the JSON of `leaktrace trace --json` for this leak (repeatable).", valueName: "file"))
        var trace: [String] = []

        @Option(help: ArgumentHelp("Write the canonical identifiers found, one file per type, one distinct value per line (the affected-persons list).", valueName: "dir"))
        var emitIdentifiers: String?

        @Flag(help: "Scan unstructured text (forum posts, pastes, chat logs) for identifier spans.")
        var text = false

        @OptionGroup var reading: ReadingOptions

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        func run() throws {
            if text {
                try runText()
                return
            }
            if html == nil, !(attribution.isEmpty && trace.isEmpty) {
                throw ValidationError("--attribution and --trace add sections to the HTML report: give --html FILE too")
            }
            let sections = try attribution.map { AttributionRenderer.htmlSection(try Self.decode(AttributionReport.self, $0, from: "leaktrace attribute --json")) }
                + trace.map { TraceRenderer.html(try Self.decode(TraceReport.self, $0, from: "leaktrace trace --json")) }
            MemoryTuning.keepBatchBuffers()
            var options = reading.scanOptions()
            if let emitIdentifiers {
                do {
                    try FileManager.default.createDirectory(atPath: emitIdentifiers, withIntermediateDirectories: true)
                } catch {
                    throw CLIError("cannot create \(emitIdentifiers): \(error.localizedDescription)")
                }
                options.emitDirectory = emitIdentifiers
            }
            if !quiet {
                options.progress = { p in
                    let share = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) * 100 : 0
                    Console.status(String(format: "scanning %@: %.0f%%, %d records", p.path, min(share, 100), p.records))
                }
            }
            let report = Scanner(options: options).scan(paths: files)
            if !quiet { Console.status("") }
            for file in report.files {
                if let error = file.error { Console.error(error) }
            }
            let scanned = report.files.filter { $0.error == nil }
            guard !scanned.isEmpty else { throw ExitCode(1) }
            if json {
                print(try ReportRenderer.json(report))
            } else {
                print(ReportRenderer.text(report), terminator: "")
            }
            if let html {
                do {
                    try ReportRenderer.html(report, sections: sections).write(toFile: html, atomically: true, encoding: .utf8)
                } catch {
                    throw CLIError("cannot write \(html): \(error.localizedDescription)")
                }
                if !json { print("HTML report: \(html)") }
            }
            if report.files.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        }

        /// Reads a report another command wrote as JSON, naming the file and the command on failure.
        static func decode<T: Decodable>(_ type: T.Type, _ path: String, from command: String) throws -> T {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            do { return try decoder.decode(type, from: data) } catch {
                throw CLIError("\(path): not the JSON of `\(command)` (\(error is DecodingError ? "fields missing or of the wrong type" : "unreadable"))")
            }
        }

        private func runText() throws {
            let scanner = TextScanner(referenceDate: reading.referenceDate.flatMap(CivilDate.init(iso:)) ?? Clock.today())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var failed = false
            var total = 0
            for file in files {
                do {
                    try scanner.scanFile(path: file) { span in
                        total += 1
                        if json {
                            var object = SpanLine(file: file, span: span)
                            object.file = file
                            if let data = try? encoder.encode(object) { print(String(decoding: data, as: UTF8.self)) }
                        } else {
                            print("\(file):\(span.line) [\(span.start),\(span.end)) \(span.type) \(span.verdict) \(span.canonical ?? "-") confidence \(String(format: "%.2f", span.confidence))")
                        }
                    }
                } catch {
                    Console.error(error.description)
                    failed = true
                }
            }
            if !json && !quiet { Console.status("\(total) spans") }
            if failed { throw ExitCode(1) }
        }
    }
}

/// One `--text --json` line: the span and the file it came from.
struct SpanLine: Encodable {
    var file: String
    var span: TextSpan

    enum CodingKeys: String, CodingKey {
        case file
    }

    func encode(to encoder: any Encoder) throws {
        try span.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
    }
}
