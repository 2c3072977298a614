import Foundation
import Triage

/// Text, JSON and HTML forms of an attribution report. Organisation names and file paths come
/// from sketch files a third party wrote: in HTML they go through `ReportRenderer.escape`.
public enum AttributionRenderer {
    public static func json(_ report: AttributionReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func interval(_ e: ShareEstimate) -> String { "\(pct(e.value)) [\(pct(e.low))–\(pct(e.high))]" }

    public static func text(_ report: AttributionReport) -> String {
        var out = "Source attribution — investigation \(report.investigation) (key \(report.keyId))\n"
        out += "Leak: \(report.leakFiles.joined(separator: ", ")), \(report.leakRecords) records with an identity key\n\n"
        out += "Candidates (containment of the leak in each source, 95% interval):\n"
        if report.candidates.isEmpty { out += "  none comparable\n" }
        for (i, c) in report.candidates.enumerated() {
            out += "  \(i + 1). \(c.organisation): \(interval(c.containment)) on \(c.keyType) (\(c.containment.matched) of \(c.containment.sampled) sampled hashes, scale 1/\(c.scale))\n"
            let others = c.byType.filter { $0.key != c.keyType }.sorted { $0.key < $1.key }
            for (t, e) in others { out += "       \(t): \(interval(e))\n" }
        }
        if let cover = report.cover {
            out += "\nSplit by source (greedy cover on \(cover.keyType), scale 1/\(cover.scale), \(cover.result.sampled) leak hashes):\n"
            for s in cover.result.steps {
                out += "  \(s.name): explains \(interval(s.share)) of the leak (contains \(pct(s.containment.value)) of it)\n"
            }
            out += "  unexplained: \(interval(cover.result.unexplained))\n"
        }
        if !report.dating.isEmpty || report.contentBounds != nil {
            out += "\nSnapshot date:\n"
            for d in report.dating {
                let e = d.estimate
                switch d.method {
                case "change-point":
                    out += "  \(d.organisation), join/leave change-point: \(d.day) (95% interval \(d.low) to \(d.high)); coverage q=\(pct(e.coverage)), background η=\(String(format: "%.3f%%", e.background * 100)); \(e.inLeak) of \(e.entries) ledger customers in the leak; log-likelihood gain \(String(format: "%.1f", e.support))\n"
                default:
                    out += "  \(d.organisation), SIM version peak: \(d.day) (days at the peak \(d.low) to \(d.high)); \(Int(e.support)) of \(e.inLeak) matched versions current then\n"
                }
            }
            if let b = report.contentBounds {
                if let d = b.notBefore { out += "  content: not before \(d)" + (b.latestRecordDate.map { " (latest date \($0) in column \(b.latestRecordDateColumn ?? "?"))" } ?? "") + "\n" }
                if let y = b.youngestBirthDate { out += "  content: youngest birth date \(y)\n" }
            }
        }
        for n in report.notes { out += "note: \(n)\n" }
        return out
    }

    /// An HTML section (no scripts) in the triage report's markup (`bar-track`/`bar` bars, `note`
    /// paragraphs): embedded in the triage report by `leaktrace scan --attribution`, or wrapped
    /// in a page of its own by `html(_:)`.
    public static func htmlSection(_ report: AttributionReport) -> String {
        func e(_ s: String) -> String { ReportRenderer.escape(s) }
        func bar(_ x: Double) -> String {
            let w = String(format: "%.2f%%", min(1, max(0, x.isFinite ? x : 0)) * 100)
            return "<div class=\"bar-track\" style=\"width:12em\"><div class=\"bar\" style=\"width:\(w)\"></div></div>"
        }
        var out = "<section class=\"attribution\" id=\"attribution\">\n<h2>Source attribution</h2>\n"
        out += "<p>Investigation <code>\(e(report.investigation))</code>, key <code>\(e(report.keyId))</code>; leak \(e(report.leakFiles.joined(separator: ", "))), \(report.leakRecords) records with an identity key.</p>\n"
        out += "<h3>Candidates</h3>\n<table><tr><th>#</th><th>Organisation</th><th>Containment (95% interval)</th><th></th><th>Key</th><th>Sampled</th></tr>\n"
        for (i, c) in report.candidates.enumerated() {
            out += "<tr><td>\(i + 1)</td><td>\(e(c.organisation))</td><td>\(e(interval(c.containment)))</td><td>\(bar(c.containment.value))</td><td>\(e(c.keyType))</td><td>\(c.containment.matched) / \(c.containment.sampled)</td></tr>\n"
        }
        out += "</table>\n"
        if let cover = report.cover {
            out += "<h3>Split by source</h3>\n<table><tr><th>Source</th><th>Share explained</th><th></th></tr>\n"
            for s in cover.result.steps {
                out += "<tr><td>\(e(s.name))</td><td>\(e(interval(s.share)))</td><td>\(bar(s.share.value))</td></tr>\n"
            }
            out += "<tr><td><em>unexplained</em></td><td>\(e(interval(cover.result.unexplained)))</td><td>\(bar(cover.result.unexplained.value))</td></tr>\n</table>\n"
        }
        if !report.dating.isEmpty || report.contentBounds != nil {
            out += "<h3>Snapshot date</h3>\n<ul>\n"
            for d in report.dating {
                let method = d.method == "change-point" ? "join/leave change-point" : "SIM version peak"
                out += "<li>\(e(d.organisation)), \(method): <strong>\(e(d.day))</strong> (\(e(d.low)) to \(e(d.high)))</li>\n"
            }
            if let b = report.contentBounds, let d = b.notBefore { out += "<li>content: not before \(e(d))</li>\n" }
            out += "</ul>\n"
        }
        for n in report.notes { out += "<p class=\"note\">\(e(n))</p>\n" }
        return out + "</section>\n"
    }

    /// A whole page around `htmlSection`.
    public static func html(_ report: AttributionReport) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>LeakTrace source attribution</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}
        table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}
        .bar-track{background:#eee;height:.8em}.bar{height:100%;background:#3572b0}
        .note{color:#8a5300}code{background:#f4f4f4;padding:0 .2em}
        </style></head><body>
        \(htmlSection(report))</body></html>

        """
    }
}
