import Foundation
import Triage

/// Text, JSON and HTML renderings of a ``TraceReport``. Values in hits are already masked; every
/// string still goes through the triage report's HTML escaping (headers and file names are
/// attacker-controlled).
public enum TraceRenderer {
    public static func json(_ report: TraceReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? String(decoding: encoder.encode(report), as: UTF8.self)) ?? "{}"
    }

    public static func text(_ r: TraceReport) -> String {
        var out = "LeakTrace trace: \(r.leak)\n"
        out += "\(r.rows) rows, \(r.rowsKeyed) matched to a row key (\(r.keyColumn ?? "no key column")), ledger of \(r.ledgerEntries) transfers, key \(r.keyId)\n\n"
        out += "Conclusions\n"
        for c in r.conclusions { out += "  - \(c)\n" }
        out += "\n1. Canary hits (exact)\n"
        if r.canaryHits.isEmpty { out += "  none\n" }
        for h in r.canaryHits.prefix(50) {
            out += "  line \(h.line): \(h.canaryId) of \(h.transferId) → \(h.recipient)  matched \(h.matched.joined(separator: "+"))  \(h.masked.joined(separator: " "))\n"
        }
        if r.canaryHits.count > 50 { out += "  … \(r.canaryHits.count - 50) more\n" }
        if r.canaryPartialMatches > 0 { out += "  \(r.canaryPartialMatches) owned contact point(s) matched a canary but another attribute contradicted it: not counted\n" }
        out += "\n2. Fingerprint (symmetric Tardos, bound \(String(format: "%.0e", r.epsilon)) over \(r.population) recipients, \(r.rowsScored) rows scored)\n"
        for s in r.slots {
            out += "  slot \(s.column) \(s.slot): \(s.status)  (0: \(s.zeros), 1: \(s.ones), neither: \(s.erased))\n"
        }
        for s in r.recipients.prefix(20) {
            out += String(format: "  %@ %@  score %.1f / threshold %.1f over %d positions, bound 1e%.1f\n",
                          s.accused ? "ACCUSED" : "       ", s.recipient, s.score, s.threshold, s.positions, s.log10Bound)
        }
        out += "\n3. Ledger coverage (\(r.sampledKeys) sampled row keys, FracMinHash 1/64)\n"
        for c in r.coverage.prefix(20) {
            out += String(format: "  %@  coverage %.2f  guilt %.2f  (%@)\n", c.recipient, c.coverage, c.guilt, c.transfers.joined(separator: ", "))
        }
        if !r.ledgerProblems.isEmpty {
            out += "\nLedger problems\n"
            for p in r.ledgerProblems { out += "  \(p)\n" }
        }
        return out
    }

    /// A self-contained HTML section (inline styles, no scripts), to stand alone or be embedded.
    public static func html(_ r: TraceReport) -> String {
        func e(_ s: String) -> String { ReportRenderer.escape(s) }
        var out = "<section class=\"leaktrace-trace\" style=\"font-family:system-ui,sans-serif;max-width:60rem\">\n"
        out += "<h2>Trace: \(e(r.leak))</h2>\n"
        out += "<p>\(r.rows) rows, \(r.rowsKeyed) matched to a row key; ledger of \(r.ledgerEntries) transfers; key <code>\(e(r.keyId))</code>.</p>\n"
        out += "<h3>Conclusions</h3>\n<ul>\n"
        for c in r.conclusions { out += "<li>\(e(c))</li>\n" }
        out += "</ul>\n<h3>1. Canary hits (exact)</h3>\n"
        if r.canaryHits.isEmpty { out += "<p>None.</p>\n" } else {
            out += "<table>\n<tr><th>Line</th><th>Canary</th><th>Transfer</th><th>Recipient</th><th>Matched</th><th>Row (masked)</th></tr>\n"
            for h in r.canaryHits.prefix(200) {
                out += "<tr><td>\(h.line)</td><td>\(e(h.canaryId))</td><td>\(e(h.transferId))</td><td>\(e(h.recipient))</td><td>\(e(h.matched.joined(separator: "+")))</td><td>\(e(h.masked.joined(separator: " ")))</td></tr>\n"
            }
            out += "</table>\n"
        }
        out += "<h3>2. Fingerprint</h3>\n<p>Symmetric Tardos score, per-case Chernoff threshold at \(e(String(format: "%.0e", r.epsilon))) over \(r.population) recipients; \(r.rowsScored) rows scored.</p>\n"
        out += "<table>\n<tr><th>Column</th><th>Slot</th><th>Status</th><th>0</th><th>1</th><th>Neither</th></tr>\n"
        for s in r.slots {
            out += "<tr><td>\(e(s.column))</td><td>\(e(s.slot))</td><td>\(e(s.status))</td><td>\(s.zeros)</td><td>\(s.ones)</td><td>\(s.erased)</td></tr>\n"
        }
        out += "</table>\n<table>\n<tr><th>Recipient</th><th>Verdict</th><th>Score</th><th>Threshold</th><th>Positions</th><th>Bound (log10)</th></tr>\n"
        for s in r.recipients.prefix(50) {
            out += "<tr><td>\(e(s.recipient))</td><td>\(s.accused ? "<strong>accused</strong>" : "not accused")</td><td>\(String(format: "%.1f", s.score))</td><td>\(String(format: "%.1f", s.threshold))</td><td>\(s.positions)</td><td>\(String(format: "%.1f", s.log10Bound))</td></tr>\n"
        }
        out += "</table>\n<h3>3. Ledger coverage</h3>\n<table>\n<tr><th>Recipient</th><th>Coverage</th><th>Guilt</th><th>Transfers</th></tr>\n"
        for c in r.coverage.prefix(50) {
            out += "<tr><td>\(e(c.recipient))</td><td>\(String(format: "%.2f", c.coverage))</td><td>\(String(format: "%.2f", c.guilt))</td><td>\(e(c.transfers.joined(separator: ", ")))</td></tr>\n"
        }
        out += "</table>\n"
        if !r.ledgerProblems.isEmpty {
            out += "<h3>Ledger problems</h3>\n<ul>\n"
            for p in r.ledgerProblems { out += "<li>\(e(p))</li>\n" }
            out += "</ul>\n"
        }
        out += "</section>\n"
        return out
    }
}
