import ArgumentParser
import Foundation
import Triage

extension LeakTrace {
    /// `leaktrace demo`: the main job on the embedded default, end to end, with nothing to supply.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a synthetic telco dump, scan it, and write the HTML triage report.",
            discussion: "Everything is synthetic and generated here (see docs/synthetic-data.md); no real person's data is used."
        )

        @Option(help: ArgumentHelp("Where the dump and the reports go.", valueName: "dir"))
        var out: String = "demo-out"

        @Option(help: "Rows in the synthetic dump.")
        var rows: Int = 200_000

        @Option(help: "Generator seed.")
        var seed: UInt64 = 2017

        func run() throws {
            try FileManager.default.createDirectory(atPath: out + "/identifiers", withIntermediateDirectories: true)
            let dump = out + "/synthetic-telco-dump.csv"
            let html = out + "/report.html"
            let json = out + "/report.json"
            Console.status("generating \(rows) synthetic rows into \(dump)")
            var synth = try Synth.parse(["--rows", String(rows), "--format", "csv", "--seed", String(seed), "--out", dump, "--quiet"])
            try synth.run()

            Console.status("scanning \(dump)")
            var options = ScanOptions(today: Clock.today())
            options.toolStamp = ToolInfo.stamp
            options.emitDirectory = out + "/identifiers"
            let report = Scanner(options: options).scan(paths: [dump])
            if let error = report.files.first?.error { throw CLIError(error) }
            try ReportRenderer.json(report).write(toFile: json, atomically: true, encoding: .utf8)
            try ReportRenderer.html(report).write(toFile: html, atomically: true, encoding: .utf8)

            print(ReportRenderer.text(report))
            print("Demo dump:        \(dump)")
            print("HTML report:      \(html)")
            print("JSON report:      \(json)")
            print("Affected persons: \(out)/identifiers/ (canonical identifiers, one file per type)")
        }
    }
}
