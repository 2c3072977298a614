import ArgumentParser
import Dumps
import Foundation
import Identifiers
import LeakTraceCore
import Triage

extension LeakTrace {
    /// `leaktrace scan`: the triage report of one or more dumps, or identifier spans in free text.
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
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

        @Option(help: ArgumentHelp("Write the canonical identifiers found, one file per type, one distinct value per line (the affected-persons list).", valueName: "dir"))
        var emitIdentifiers: String?

        @Flag(help: "Scan unstructured text (forum posts, pastes, chat logs) for identifier spans.")
        var text = false

        @Option(help: ArgumentHelp("The dataset's as-of date (YYYY-MM-DD) for MyKad centuries and ages; default: the latest date in the dump's date columns, else today.", valueName: "date"))
        var referenceDate: String?

        @Option(help: "Force the format instead of sniffing it: csv, tsv, ndjson, json, mysqldump, pgdump or xlsx.")
        var format: String?

        @Option(help: "Force the CSV delimiter (one character, or 'tab').")
        var delimiter: String?

        @Option(help: "Whether the first CSV row is a header: auto, yes or no.")
        var header: String = "auto"

        @Option(help: "Records sampled before the column types are fixed.")
        var sampleRows: Int = 10_000

        @Option(help: "A record longer than this many bytes is skipped with a warning.")
        var maxRecordBytes: Int = 16 << 20

        @Option(help: "JSON nesting deeper than this is an error for that line.")
        var maxNesting: Int = 64

        @Option(help: "A compressed input or zip entry may expand at most this many times (zip and gzip bombs).")
        var maxExpansionRatio: Int = 200

        @Option(help: "Decompressed bytes allowed per gzip file or zip entry.")
        var maxDecompressedBytes: Int = 64 << 30

        @Option(help: "Entries allowed in one zip archive.")
        var maxZipEntries: Int = 10_000

        @Option(help: "Zips inside zips are opened this many levels deep.")
        var maxContainerDepth: Int = 2

        @Flag(help: "Skip records that cannot be read (unbalanced quotes, over-long or malformed records) and count them, instead of stopping at the first.")
        var keepGoing = false

        @Option(help: "Worker threads (default: the number of cores).")
        var workers: Int?

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        func validate() throws {
            if let referenceDate, CivilDate(iso: referenceDate) == nil {
                throw ValidationError("--reference-date must be a real date as YYYY-MM-DD")
            }
            if let format, DumpFormat(rawValue: format) == nil {
                throw ValidationError("--format must be one of: " + DumpFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let delimiter, delimiter != "tab", delimiter.utf8.count != 1 {
                throw ValidationError("--delimiter must be one ASCII character or 'tab'")
            }
            guard ["auto", "yes", "no"].contains(header) else { throw ValidationError("--header must be auto, yes or no") }
            if sampleRows < 1 { throw ValidationError("--sample-rows must be at least 1") }
            if maxRecordBytes < 1024 { throw ValidationError("--max-record-bytes must be at least 1024") }
            if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
            if maxExpansionRatio < 1 || maxDecompressedBytes < 1 || maxZipEntries < 1 || maxContainerDepth < 1 {
                throw ValidationError("--max-expansion-ratio, --max-decompressed-bytes, --max-zip-entries and --max-container-depth must be at least 1")
            }
        }

        func run() throws {
            if text {
                try runText()
                return
            }
            var options = ScanOptions(today: Clock.today())
            options.reader = ReaderOptions(
                format: format.flatMap(DumpFormat.init(rawValue:)),
                delimiter: delimiter.map { $0 == "tab" ? 0x09 : $0.utf8.first! },
                maxRecordBytes: maxRecordBytes, maxNesting: maxNesting
            )
            options.reader.maxExpansionRatio = maxExpansionRatio
            options.reader.maxDecompressedBytes = maxDecompressedBytes
            options.reader.maxZipEntries = maxZipEntries
            options.reader.maxContainerDepth = maxContainerDepth
            options.referenceDate = referenceDate.flatMap(CivilDate.init(iso:))
            options.header = header == "yes" ? .present : header == "no" ? .absent : .auto
            options.sampleRecords = sampleRows
            options.keepGoing = keepGoing
            if let workers { options.workers = workers }
            options.toolStamp = ToolInfo.stamp
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
                    try ReportRenderer.html(report).write(toFile: html, atomically: true, encoding: .utf8)
                } catch {
                    throw CLIError("cannot write \(html): \(error.localizedDescription)")
                }
                if !json { print("HTML report: \(html)") }
            }
            if report.files.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        }

        private func runText() throws {
            let scanner = TextScanner(referenceDate: referenceDate.flatMap(CivilDate.init(iso:)) ?? Clock.today())
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
