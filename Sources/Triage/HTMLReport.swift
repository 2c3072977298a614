import Dumps
import Foundation
import Identifiers
import LeakTraceCore

extension ReportRenderer {
    /// A self-contained HTML page (inline CSS, no external assets, no JavaScript needed).
    ///
    /// Covers everything the text summary does, laid out for a DPO or incident responder:
    /// headline and severity, classes, identifiers, one section per file with its column
    /// profile and warnings, and CSS bar charts for the population mixes. Every string taken
    /// from the report goes through ``escape(_:)``: a dump's header or a warning message is
    /// attacker-controlled text.
    ///
    /// - Parameter sections: further sections placed after the file sections, before the footer:
    ///   markup made by LeakTrace's own renderers (source attribution, trace), which escape every
    ///   string they take from their inputs. Never pass text that was not escaped.
    public static func html(_ report: ScanReport, sections: [String] = []) -> String {
        var page = HTMLPage()
        page.render(report, sections: sections)
        return page.out
    }

    /// Escapes text for HTML element content and quoted attribute values: `& < > " '`.
    public static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }
}

/// Builds the page. Report strings only ever enter `out` through `text(_:)`/`ReportRenderer.escape`;
/// everything else written here is markup or numbers formatted by this file.
private struct HTMLPage {
    var out = ""

    // MARK: Formatting

    private static func e(_ s: String) -> String { ReportRenderer.escape(s) }

    private static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var grouped = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(c)
        }
        return (n < 0 ? "-" : "") + String(grouped.reversed())
    }

    private static func percent(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        return String(format: "%.1f%%", x * 100)
    }

    /// A CSS width from a share, clamped to 0...100 %.
    private static func width(_ share: Double) -> String {
        let clamped = share.isFinite ? min(1, max(0, share)) : 0
        return String(format: "%.2f%%", clamped * 100)
    }

    private static func bytes(_ n: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard n >= 1024 else { return "\(count(n)) bytes" }
        var value = Double(n)
        var unit = "bytes"
        for u in units where value >= 1024 {
            value /= 1024
            unit = u
        }
        return "\(count(n)) bytes (\(String(format: "%.1f", value)) \(unit))"
    }

    /// The severity as one of the page's CSS classes; an unknown level gets a neutral style.
    private static func severityClass(_ level: String) -> String {
        switch level.lowercased() {
        case "critical": return "sev-critical"
        case "high": return "sev-high"
        case "medium": return "sev-medium"
        case "low": return "sev-low"
        default: return "sev-unknown"
        }
    }

    private static func delimiterName(_ d: String) -> String {
        switch d {
        case "\t", "\\t": return "tab"
        case ",": return "comma (,)"
        case ";": return "semicolon (;)"
        case "|": return "pipe (|)"
        case " ": return "space"
        default: return d
        }
    }

    private mutating func raw(_ markup: String) { out += markup }
    private mutating func text(_ s: String) { out += Self.e(s) }

    // MARK: Page

    mutating func render(_ report: ScanReport, sections: [String] = []) {
        let t = report.totals
        let level = report.severity.level
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
        raw("<title>LeakTrace triage: ")
        text(level.uppercased())
        raw(", \(Self.count(t.records)) records")
        if let first = report.files.first {
            raw(" – ")
            text(URL(fileURLWithPath: first.path).lastPathComponent)
            if report.files.count > 1 { raw(" and \(report.files.count - 1) more") }
        }
        raw("</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n<main>\n")

        headline(report)
        classes(report)
        identifiers(report)
        mixes(report)
        files(report)
        for section in sections { raw(section) }
        footer(report)

        raw("</main>\n</body>\n</html>\n")
    }

    private mutating func headline(_ report: ScanReport) {
        let t = report.totals
        raw("<header class=\"top\">\n<p class=\"kicker\">LeakTrace triage report</p>\n")
        raw("<h1>")
        if report.files.count == 1, let f = report.files.first {
            text(f.path)
        } else {
            let paths = Set(report.files.map(\.path))
            raw(paths.count == 1 ? "" : "\(Self.count(paths.count)) files")
            if paths.count == 1, let path = paths.first { text(path + " — \(report.files.count) tables") }
        }
        raw("</h1>\n")
        raw("<p class=\"meta\">Generated ")
        text(report.generatedAt)
        raw(" · schema <code>")
        text(report.schema)
        raw("</code></p>\n</header>\n")

        let level = report.severity.level
        raw("<section class=\"severity \(Self.severityClass(level))\" aria-label=\"Severity\">\n")
        raw("<div class=\"badge\">")
        text(level.uppercased())
        raw("</div>\n<div class=\"reasons\"><h2>Severity: ")
        text(level.lowercased())
        raw("</h2>\n")
        if report.severity.reasons.isEmpty {
            raw("<p>No reason recorded: no personal data class raised the level.</p>\n")
        } else {
            raw("<ul>\n")
            for reason in report.severity.reasons {
                raw("<li>")
                text(reason)
                raw("</li>\n")
            }
            raw("</ul>\n")
        }
        raw("</div>\n</section>\n")

        raw("<section class=\"figures\" aria-label=\"Key figures\">\n")
        func figure(_ label: String, _ value: String, _ note: String? = nil, emphasis: Bool = false) {
            raw("<div class=\"figure\(emphasis ? " em" : "")\"><div class=\"value\">\(value)</div><div class=\"label\">\(label)</div>")
            if let note { raw("<div class=\"note\">\(note)</div>") }
            raw("</div>\n")
        }
        figure("records", Self.count(t.records), "in \(Self.count(t.files)) file\(t.files == 1 ? "" : "s")" + (t.filesFailed > 0 ? ", \(Self.count(t.filesFailed)) failed" : ""))
        figure("unique persons", Self.count(t.uniquePersons), "same MyKad, else same phone, counts once", emphasis: true)
        figure("persons by MyKad", Self.count(t.personsWithMyKad))
        figure("persons by phone only", Self.count(t.personsByPhoneOnly))
        figure("invalid rows", Self.count(t.invalidRows), "identifier cells filled, none valid")
        figure("padding rows", Self.count(t.paddingRows), "seller filler, kept apart from persons")
        figure("blank rows", Self.count(t.blankRows))
        figure("warnings", Self.count(t.warnings), t.warnings > 0 ? "see the file sections" : nil)
        raw("</section>\n")

        raw("<section class=\"bounds\">\n<h2>Dates</h2>\n<dl>\n")
        raw("<dt>Reference date</dt><dd>")
        text(report.referenceDate.description)
        raw(" <span class=\"muted\">(")
        text(report.referenceDateSource)
        raw(")</span><br><span class=\"muted small\">The as-of date for MyKad centuries and ages.</span></dd>\n")
        let s = report.snapshot
        raw("<dt>Snapshot</dt><dd>")
        if let nb = s.notBefore {
            raw("taken <strong>on or after ")
            text(nb.description)
            raw("</strong>")
        } else {
            raw("<span class=\"muted\">no bound: no dates or MyKad birth dates found</span>")
        }
        raw("</dd>\n")
        if let d = s.latestRecordDate {
            raw("<dt>Latest record date</dt><dd>")
            text(d.description)
            if let column = s.latestRecordDateColumn {
                raw(" <span class=\"muted\">in column <code>")
                text(column)
                raw("</code></span>")
            }
            raw("</dd>\n")
        }
        if let y = s.youngestBirthDate {
            raw("<dt>Youngest birth date</dt><dd>")
            text(y.description)
            raw("</dd>\n")
        }
        if s.futureDatesIgnored > 0 {
            raw("<dt>Future dates ignored</dt><dd>\(Self.count(s.futureDatesIgnored)) <span class=\"muted\">(later than the scan day; treated as damage)</span></dd>\n")
        }
        raw("</dl>\n</section>\n")
    }

    private mutating func classes(_ report: ScanReport) {
        raw("<section>\n<h2>Data classes</h2>\n")
        if report.dataClasses.isEmpty {
            raw("<p class=\"muted\">No personal data class recognised.</p>\n")
        } else {
            raw("<div class=\"table-wrap\"><table>\n<thead><tr><th>Class</th><th class=\"num\">Valid cells</th><th>Columns</th></tr></thead>\n<tbody>\n")
            for c in report.dataClasses {
                raw("<tr><td><code>")
                text(c.type)
                raw("</code></td><td class=\"num\">\(Self.count(c.occurrences))</td><td>")
                columnList(c.columns)
                raw("</td></tr>\n")
            }
            raw("</tbody></table></div>\n")
        }

        raw("<h2>PDPA sensitive and high-risk classes</h2>\n")
        if report.sensitiveClasses.isEmpty {
            raw("<p class=\"muted\">No sensitive or high-risk class found.</p>\n")
        } else {
            raw("<div class=\"table-wrap\"><table>\n<thead><tr><th>Class</th><th>Kind</th><th>Severity</th><th class=\"num\">Filled cells</th><th>Columns</th></tr></thead>\n<tbody>\n")
            let ordered = report.sensitiveClasses.filter(\.statutory) + report.sensitiveClasses.filter { !$0.statutory }
            for f in ordered {
                raw("<tr><td><code>")
                text(f.category)
                raw("</code></td><td>")
                raw(f.statutory ? "<span class=\"tag statutory\">PDPA s.4 sensitive</span>" : "<span class=\"tag highrisk\">high-risk (not s.4)</span>")
                raw("</td><td><span class=\"tag \(Self.severityClass(f.severity))\">")
                text(f.severity)
                raw("</span></td><td class=\"num\">\(Self.count(f.filledCells))</td><td>")
                columnList(f.columns)
                raw("</td></tr>\n")
            }
            raw("</tbody></table></div>\n")
        }
        raw("</section>\n")
    }

    private mutating func columnList(_ columns: [String]) {
        for (i, column) in columns.enumerated() {
            if i > 0 { raw(", ") }
            raw("<code>")
            text(column)
            raw("</code>")
        }
    }

    private mutating func identifiers(_ report: ScanReport) {
        let ids = report.totals.identifiers.sorted { $0.value.occurrences != $1.value.occurrences ? $0.value.occurrences > $1.value.occurrences : $0.key < $1.key }
        raw("<section>\n<h2>Identifiers</h2>\n")
        guard !ids.isEmpty else {
            raw("<p class=\"muted\">No identifier validated.</p>\n</section>\n")
            return
        }
        raw("<div class=\"table-wrap compact\"><table>\n<thead><tr><th>Identifier</th><th class=\"num\">Valid cells</th><th class=\"num\">Distinct</th></tr></thead>\n<tbody>\n")
        for (type, c) in ids {
            raw("<tr><td><code>")
            text(type)
            raw("</code></td><td class=\"num\">\(Self.count(c.occurrences))</td><td class=\"num\">\(Self.count(c.distinct))</td></tr>\n")
        }
        raw("</tbody></table></div>\n<p class=\"muted small\">Distinct counts are exact up to 16,384 values per column and estimates (about ±1 %) beyond; MyKad counts persons exactly.</p>\n</section>\n")
    }

    private mutating func mixes(_ report: ScanReport) {
        let charts: [(String, String?, [ScanReport.NamedCount])] = [
            ("Mobile operators", "Original allocation of the number prefix; numbers are portable.", report.operators),
            ("Networks", "IMSI by MNC: the serving network when the dump was taken.", report.networks),
            ("States", "By " + report.stateBasis + ".", report.states),
            ("Age at the reference date", "From MyKad birth dates.", report.ageBands),
            ("Gender", "From the MyKad last digit.", report.genders),
        ]
        guard charts.contains(where: { !$0.2.isEmpty }) else { return }
        raw("<section>\n<h2>Who is in the dump</h2>\n<div class=\"charts\">\n")
        for (title, note, counts) in charts where !counts.isEmpty {
            chart(title, note, counts)
        }
        raw("</div>\n</section>\n")
    }

    /// Horizontal bars, widths relative to the largest bar; the share is of the chart's total.
    private mutating func chart(_ title: String, _ note: String?, _ counts: [ScanReport.NamedCount]) {
        let limit = 16
        var shown = Array(counts.prefix(limit))
        if counts.count > limit {
            let rest = counts.dropFirst(limit).reduce(0) { $0 + $1.count }
            shown.append(ScanReport.NamedCount(name: "\(counts.count - limit) others", count: rest))
        }
        let total = max(1, counts.reduce(0) { $0 + max(0, $1.count) })
        let largest = max(1, shown.map(\.count).max() ?? 1)
        raw("<figure class=\"chart\">\n<figcaption><strong>")
        text(title)
        raw("</strong>")
        if let note {
            raw(" <span class=\"muted small\">")
            text(note)
            raw("</span>")
        }
        raw("</figcaption>\n")
        for c in shown {
            raw("<div class=\"bar-row\"><div class=\"bar-label\" title=\"")
            text(c.name)
            raw("\">")
            text(c.name)
            raw("</div><div class=\"bar-track\"><div class=\"bar\" style=\"width:\(Self.width(Double(c.count) / Double(largest)))\"></div></div>")
            raw("<div class=\"bar-value\">\(Self.count(c.count)) <span class=\"muted\">\(Self.percent(Double(c.count) / Double(total)))</span></div></div>\n")
        }
        raw("</figure>\n")
    }

    private mutating func files(_ report: ScanReport) {
        raw("<section>\n<h2>Files</h2>\n")
        if report.files.count > 1 {
            raw("<ol class=\"toc\">\n")
            for (i, f) in report.files.enumerated() {
                raw("<li><a href=\"#file-\(i + 1)\">")
                text(f.path)
                if let table = f.table { text(" — table " + table) }
                raw("</a>")
                if f.error != nil { raw(" <span class=\"tag sev-critical\">error</span>") }
                raw("</li>\n")
            }
            raw("</ol>\n")
        }
        for (i, f) in report.files.enumerated() {
            file(f, number: i + 1)
        }
        raw("</section>\n")
    }

    private mutating func file(_ f: FileReport, number: Int) {
        raw("<article class=\"file\" id=\"file-\(number)\">\n<h3>")
        text(f.path)
        if let table = f.table { text(" — table " + table) }
        raw("</h3>\n")
        if let error = f.error {
            raw("<div class=\"error\" role=\"alert\"><strong>Could not be scanned:</strong> ")
            text(error)
            raw("</div>\n")
        }
        if f.error == nil || f.records > 0 || f.format != nil {
            raw("<dl class=\"facts\">\n")
            func fact(_ label: String, _ value: String?) {
                raw("<div><dt>\(label)</dt><dd>")
                if let value { text(value) } else { raw("<span class=\"muted\">–</span>") }
                raw("</dd></div>\n")
            }
            fact("Format", f.format.map { $0 + (f.formatDecision.map { " (\($0))" } ?? "") })
            if f.format != "ndjson" || f.delimiter != nil {
                fact("Delimiter", f.delimiter.map(Self.delimiterName))
            }
            fact("Encoding", f.encoding)
            fact("Header row", f.hasHeader ? "yes" : "no")
            fact("Records", Self.count(f.records))
            fact("Size", Self.bytes(f.bytes))
            fact("Invalid rows", Self.count(f.invalidRows))
            fact("Padding rows", Self.count(f.paddingRows))
            fact("Blank rows", Self.count(f.blankRows))
            if f.invalidUTF8Cells > 0 { fact("Invalid UTF-8 cells", Self.count(f.invalidUTF8Cells)) }
            raw("</dl>\n")
        }
        if !f.columns.isEmpty { columns(f.columns) }
        warnings(f.warnings)
        raw("</article>\n")
    }

    private mutating func columns(_ columns: [ColumnProfile]) {
        raw("<h4>Columns</h4>\n<div class=\"table-wrap\"><table class=\"columns\">\n<thead><tr>")
        raw("<th class=\"num\">#</th><th>Column</th><th>Type</th><th>Decided by</th><th class=\"num\">Fill</th><th class=\"num\">Valid</th><th class=\"num\">Distinct</th><th>Masked example</th><th>Notes</th><th>Verdicts</th>")
        raw("</tr></thead>\n<tbody>\n")
        for c in columns {
            let typed = c.type != "other"
            raw("<tr\(typed ? " class=\"typed\"" : "")><td class=\"num muted\">\(c.index + 1)</td><td class=\"col-header\"><code>")
            text(c.header)
            raw("</code></td><td>")
            raw(typed ? "<strong>" : "<span class=\"muted\">")
            text(c.type)
            raw(typed ? "</strong>" : "</span>")
            if let label = c.label, label != c.sensitiveCategory {
                raw(" <span class=\"tag\">")
                text(label)
                raw("</span>")
            }
            if let category = c.sensitiveCategory {
                raw(" <span class=\"tag sev-high\">sensitive: ")
                text(category)
                raw("</span>")
            }
            raw("</td><td>")
            text(c.decidedBy)
            raw("</td><td class=\"num\">\(Self.percent(c.fillRate))<div class=\"mini\"><div style=\"width:\(Self.width(c.fillRate))\"></div></div></td>")
            if typed {
                raw("<td class=\"num\">\(Self.percent(c.validRate))<div class=\"basis\">")
                text(c.validBasis)
                raw("</div></td><td class=\"num\">\(Self.count(c.distinct))</td>")
            } else {
                raw("<td class=\"num muted\">–</td><td class=\"num muted\">–</td>")
            }
            raw("<td>")
            if let example = c.example {
                raw("<code class=\"example\">")
                text(example)
                raw("</code>")
            }
            raw("</td><td class=\"notes\">")
            if !c.notes.isEmpty {
                raw("<ul>")
                for note in c.notes {
                    raw("<li>")
                    text(note)
                    raw("</li>")
                }
                raw("</ul>")
            }
            raw("</td><td class=\"verdicts\">")
            verdicts(c.verdicts)
            raw("</td></tr>\n")
        }
        raw("</tbody></table></div>\n")
    }

    /// Verdicts in the order of ``Verdict``, then any unknown ones by name.
    private mutating func verdicts(_ counts: [String: Int]) {
        let known = Verdict.allCases.map(\.rawValue)
        let ordered = known.filter { counts[$0] != nil } + counts.keys.filter { !known.contains($0) }.sorted()
        for name in ordered {
            let cls: String
            switch name {
            case Verdict.valid.rawValue: cls = "v-valid"
            case Verdict.validWarn.rawValue: cls = "v-warn"
            case Verdict.invalid.rawValue, Verdict.mangled.rawValue: cls = "v-bad"
            default: cls = "v-other"
            }
            raw("<span class=\"verdict \(cls)\">")
            text(name)
            raw(" \(Self.count(counts[name] ?? 0))</span> ")
        }
    }

    private mutating func warnings(_ log: WarningLog) {
        guard log.total > 0 else { return }
        raw("<h4>Warnings <span class=\"muted\">(\(Self.count(log.total)))</span></h4>\n<div class=\"warn-kinds\">")
        for (kind, n) in log.byKind.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            raw("<span class=\"tag\"><code>")
            text(kind)
            raw("</code> \(Self.count(n))</span> ")
        }
        raw("</div>\n")
        guard !log.examples.isEmpty else { return }
        raw("<div class=\"table-wrap\"><table class=\"warnings\">\n<thead><tr><th>Kind</th><th class=\"num\">Line</th><th class=\"num\">Byte offset</th><th>Message</th></tr></thead>\n<tbody>\n")
        for w in log.examples.sorted(by: { ($0.line, $0.byteOffset) < ($1.line, $1.byteOffset) }) {
            raw("<tr><td><code>")
            text(w.kind)
            raw("</code></td><td class=\"num\">\(Self.count(w.line))</td><td class=\"num\">")
            raw(w.byteOffset >= 0 ? Self.count(w.byteOffset) : "<span class=\"muted\">–</span>")
            raw("</td><td>")
            text(w.message)
            raw("</td></tr>\n")
        }
        raw("</tbody></table></div>\n<p class=\"muted small\">First \(WarningLog.examplesPerKind) examples of each kind.</p>\n")
    }

    private mutating func footer(_ report: ScanReport) {
        raw("<footer>\n<p><strong>")
        text(report.tool.name)
        raw(" ")
        text(report.tool.version)
        raw("</strong> · generated ")
        text(report.generatedAt)
        raw(" · schema <code>")
        text(report.schema)
        raw("</code></p>\n")
        if !report.tool.dataVersions.isEmpty {
            raw("<p>Data: ")
            for (i, (name, version)) in report.tool.dataVersions.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { raw(" · ") }
                text(name)
                raw(" <code>")
                text(version)
                raw("</code>")
            }
            raw("</p>\n")
        }
        raw("<p class=\"privacy\">This report holds counts and masked examples only, never raw identifiers.</p>\n</footer>\n")
    }

    // MARK: Style

    private static let css = """
    :root { --fg: #1d2330; --muted: #5d6675; --line: #d9dde4; --bg: #ffffff; --panel: #f5f6f8; --bar: #3b6fb6;
      --critical: #8b0d1a; --high: #c43d12; --medium: #a66a00; --low: #2f7a3d; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 40px; }
    h1 { font-size: 1.5rem; margin: 0 0 4px; overflow-wrap: anywhere; }
    h2 { font-size: 1.15rem; margin: 28px 0 10px; }
    h3 { font-size: 1.05rem; margin: 0 0 10px; overflow-wrap: anywhere; }
    h4 { font-size: 0.95rem; margin: 18px 0 8px; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
    .muted { color: var(--muted); }
    .small { font-size: 0.85em; }
    .kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: .78rem; color: var(--muted); font-weight: 600; }
    .meta { margin: 0; color: var(--muted); font-size: .9rem; }
    header.top { border-bottom: 2px solid var(--fg); padding-bottom: 12px; margin-bottom: 18px; }

    .severity { display: flex; gap: 18px; align-items: flex-start; border: 1px solid var(--line); border-left: 8px solid var(--sev, #666);
      border-radius: 6px; padding: 14px 18px; background: var(--panel); }
    .severity .badge { flex: none; background: var(--sev, #666); color: #fff; font-weight: 800; letter-spacing: .06em;
      padding: 10px 16px; border-radius: 4px; font-size: 1.2rem; }
    .severity h2 { margin: 0 0 6px; font-size: 1rem; }
    .severity ul { margin: 0; padding-left: 20px; }
    .sev-critical { --sev: var(--critical); } .sev-high { --sev: var(--high); }
    .sev-medium { --sev: var(--medium); } .sev-low { --sev: var(--low); } .sev-unknown { --sev: #666; }

    .figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 16px 0 4px; }
    .figure { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
    .figure.em { border-color: var(--fg); border-width: 2px; }
    .figure .value { font-size: 1.45rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .figure .label { font-weight: 600; }
    .figure .note { color: var(--muted); font-size: .8rem; }

    dl { margin: 0; }
    .bounds dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
    .bounds dt { font-weight: 600; }
    .bounds dd { margin: 0; }
    .facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin-bottom: 6px; }
    .facts dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
    .facts dd { margin: 0; font-weight: 600; }

    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
    table { border-collapse: collapse; width: 100%; font-size: .9rem; }
    th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
    thead th { background: var(--panel); font-weight: 600; white-space: nowrap; }
    tbody tr:last-child td { border-bottom: none; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.warnings .num { width: 1%; }
    .table-wrap.compact { display: inline-block; max-width: 100%; }
    .table-wrap.compact table { width: auto; min-width: 360px; }
    table.columns tr.typed td:nth-child(2) { border-left: 3px solid var(--bar); }
    td code { overflow-wrap: normal; white-space: nowrap; }
    .col-header code { font-weight: 600; white-space: normal; overflow-wrap: break-word; }
    .basis { font-size: .75rem; color: var(--muted); }
    .mini { height: 4px; background: var(--line); margin-top: 3px; min-width: 48px; }
    .mini div { height: 4px; background: var(--bar); }
    .notes ul { margin: 0; padding-left: 14px; font-size: .8rem; min-width: 160px; }
    .example { white-space: nowrap; background: var(--panel); padding: 1px 4px; border-radius: 3px; }
    .verdicts { min-width: 120px; }
    .verdict { display: inline-block; font-size: .72rem; padding: 1px 4px; margin: 1px 0; border-radius: 3px; white-space: nowrap; border: 1px solid var(--line); }
    .v-valid { background: #e4f2e6; border-color: #b9dcc0; } .v-warn { background: #fff3d6; border-color: #f0d48a; }
    .v-bad { background: #fbe3e0; border-color: #eebcb5; } .v-other { background: var(--panel); }
    .tag { display: inline-block; font-size: .75rem; padding: 1px 6px; border-radius: 10px; background: var(--panel); border: 1px solid var(--line); white-space: nowrap; }
    .tag.statutory { background: #fbe3e0; border-color: #e5a59b; color: #7a1a0c; font-weight: 600; }
    .tag.highrisk { background: #fff3d6; border-color: #f0d48a; color: #6b4500; }
    .tag.sev-critical, .tag.sev-high, .tag.sev-medium, .tag.sev-low, .tag.sev-unknown { background: var(--sev); border-color: var(--sev); color: #fff; }

    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px 28px; }
    .chart { margin: 0; break-inside: avoid; }
    .chart figcaption { margin-bottom: 6px; }
    .bar-row { display: grid; grid-template-columns: minmax(90px, 34%) 1fr auto; gap: 8px; align-items: center; font-size: .88rem; padding: 1px 0; }
    .bar-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .bar-track { background: var(--panel); height: 14px; border-radius: 2px; }
    .bar { background: var(--bar); height: 14px; border-radius: 2px; min-width: 1px; }
    .bar-value { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; min-width: 96px; }

    .file { border-top: 1px solid var(--line); padding-top: 16px; margin-top: 16px; }
    .error { border: 1px solid #e5a59b; border-left: 6px solid var(--critical); background: #fbe3e0; padding: 10px 14px; border-radius: 4px; margin-bottom: 10px; overflow-wrap: anywhere; }
    .warn-kinds { margin-bottom: 8px; }
    .toc { padding-left: 22px; }
    .toc a { color: inherit; }

    footer { margin-top: 36px; padding-top: 12px; border-top: 2px solid var(--fg); color: var(--muted); font-size: .85rem; }
    footer p { margin: 4px 0; }
    .privacy { font-weight: 600; color: var(--fg); }

    @media (max-width: 640px) {
      main { padding: 14px 10px 28px; }
      .severity { flex-direction: column; gap: 10px; }
      .figures { grid-template-columns: repeat(2, 1fr); gap: 8px; }
      .figure .value { font-size: 1.2rem; }
      .bounds dl { grid-template-columns: 1fr; }
      .bounds dd { margin-bottom: 6px; }
      .charts { grid-template-columns: 1fr; }
    }
    @media print {
      @page { margin: 14mm; }
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .table-wrap { overflow: visible; border: none; }
      table { font-size: 8.5pt; }
      thead { display: table-header-group; }
      tr, .figure, .chart, .severity, .error { break-inside: avoid; }
      h2, h3, h4 { break-after: avoid; }
      .file { break-before: auto; }
      .toc a { text-decoration: none; }
    }

    """
}
