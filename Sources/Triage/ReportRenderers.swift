import Dumps
import Foundation
import LeakTraceCore

/// Renders a ``ScanReport`` as text (stdout default), JSON (`--json`) or HTML (`--html`).
public enum ReportRenderer {
    /// The versioned JSON document, keys sorted so output is stable.
    public static func json(_ report: ScanReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        return String(decoding: data, as: UTF8.self)
    }

    private static func percent(_ x: Double) -> String {
        String(format: "%.1f%%", x * 100)
    }

    private static func number(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// The human summary.
    public static func text(_ report: ScanReport) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        let t = report.totals
        line("LeakTrace triage report (\(report.schema))")
        line("Severity: \(report.severity.level.uppercased())")
        for reason in report.severity.reasons { line("  - \(reason)") }
        line()
        line("Records:         \(number(t.records)) in \(t.files) file(s), \(number(t.bytes)) bytes")
        line("Unique persons:  \(number(t.uniquePersons))  (\(number(t.personsWithMyKad)) by MyKad, \(number(t.personsByPhoneOnly)) by phone only)")
        line("Invalid rows:    \(number(t.invalidRows))   Padding rows: \(number(t.paddingRows))   Blank rows: \(number(t.blankRows))   Warnings: \(number(t.warnings))")
        line("Reference date:  \(report.referenceDate) (\(report.referenceDateSource))")
        line("Limits:          " + report.limits.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + (report.keepGoing ? "; --keep-going: bad records skipped and counted" : "; strict: a bad record stops its file"))
        if let nb = report.snapshot.notBefore {
            var s = "Snapshot:        taken on or after \(nb)"
            if let d = report.snapshot.latestRecordDate { s += "; latest record date \(d)" + (report.snapshot.latestRecordDateColumn.map { " (\($0))" } ?? "") }
            if let y = report.snapshot.youngestBirthDate { s += "; youngest birth \(y)" }
            line(s)
        }
        line()
        line("Data classes: " + (report.dataClasses.isEmpty ? "none" : report.dataClasses.map(\.type).joined(separator: ", ")))
        if !report.sensitiveClasses.isEmpty {
            line("Sensitive classes (PDPA): " + report.sensitiveClasses.map { "\($0.category)\($0.statutory ? "" : " (high-risk, not s.4)") in \($0.columns.joined(separator: ", "))" }.joined(separator: "; "))
        }
        let ids = t.identifiers.sorted { $0.key < $1.key }
        if !ids.isEmpty {
            line("Identifiers (valid cells / distinct): " + ids.map { "\($0.key) \(number($0.value.occurrences))/\(number($0.value.distinct))" }.joined(separator: ", "))
        }
        for file in report.files {
            line()
            if let error = file.error {
                line("error: \(error)")
                if file.records == 0 { continue }
            }
            line("\(file.path)\(file.table.map { " table \($0)" } ?? ""): \(file.format ?? "?")\(file.delimiter.map { " delimiter '\($0)'" } ?? ""), \(file.encoding ?? "?"), \(file.hasHeader ? "header row" : "no header row"), \(number(file.records)) records")
            let header = pad("column", 24) + pad("type", 14) + pad("by", 14) + pad("fill", 8) + pad("valid", 8) + pad("distinct", 10) + "example"
            line("  " + header)
            for c in file.columns {
                let typeText = c.type + (c.sensitiveCategory.map { "!" + $0 } ?? "")
                line("  " + pad(c.header, 24) + pad(typeText, 14) + pad(c.decidedBy, 14) + pad(percent(c.fillRate), 8) + pad(c.type == "other" ? "-" : percent(c.validRate), 8) + pad(c.type == "other" ? "-" : number(c.distinct), 10) + (c.example ?? ""))
            }
            if file.warnings.total > 0 {
                line("  warnings: " + file.warnings.byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                for w in file.warnings.examples.prefix(5) {
                    line("    line \(w.line)\(w.byteOffset >= 0 ? " (byte \(w.byteOffset))" : ""): \(w.message)")
                }
            }
        }
        func mix(_ title: String, _ counts: [ScanReport.NamedCount]) {
            guard !counts.isEmpty else { return }
            let total = max(1, counts.reduce(0) { $0 + $1.count })
            line()
            line(title)
            for c in counts.prefix(12) {
                line("  " + pad(c.name, 22) + pad(number(c.count), 12) + percent(Double(c.count) / Double(total)))
            }
        }
        mix("Mobile operators (original allocation of the prefix; numbers are portable)", report.operators)
        mix("Networks (IMSI MNC)", report.networks)
        mix("States (\(report.stateBasis))", report.states)
        mix("Age at reference date (per MyKad)", report.ageBands)
        mix("Gender (MyKad last digit)", report.genders)
        return out
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        let clipped = s.count > width - 1 ? String(s.prefix(width - 2)) + "…" : s
        return clipped + String(repeating: " ", count: max(1, width - clipped.count))
    }
}
