import Foundation
import LeakTraceCore

/// Text, JSON and self-contained HTML renderings of a ``CorrelationReport``.
public enum CorrelationRenderer {
    public static func json(_ report: CorrelationReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func f(_ v: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", v) }
    static func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    static func addresses(_ list: [AddressInfo]) -> String {
        list.map { a in a.country.map { "\(a.address) (\($0))" } ?? a.address }.joined(separator: ", ")
    }

    public static func text(_ r: CorrelationReport) -> String {
        var out = "Access-log correlation\n"
        out += "Leak: \(r.leakFile): \(r.leakRows) rows, \(r.leakKeys) distinct keys"
        out += r.leakRowsWithoutKey > 0 ? ", \(r.leakRowsWithoutKey) rows without a key\n" : "\n"
        out += "Table size N = \(r.tableSize) (\(r.tableSizeSource))\n"
        out += "Logs:\n"
        for i in r.inputs {
            out += "  \(i.path) [\(i.source), \(i.format)]: \(i.lines) lines, \(i.mappedLines) name records (\(i.keyReads) key reads)"
            if let a = i.first, let b = i.last { out += ", \(Timestamps.iso(a)) to \(Timestamps.iso(b))" }
            out += "\n"
            if i.bad.total > 0 {
                let reasons = i.bad.byReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
                out += "    bad lines: \(i.bad.total) (\(reasons)); first at lines \(i.bad.examples.prefix(5).map { String($0.line) }.joined(separator: ", "))\n"
            }
            if i.linesWithoutSession > 0 { out += "    lines without a session key: \(i.linesWithoutSession)\n" }
        }
        out += "Sessions: \(r.sessionCount), accounts: \(r.accountCount), addresses: \(r.addressCount); leaked rows no session read: \(r.leakedRowsUnread)\n"
        if let caveat = r.caveat { out += "\nCAVEAT: \(caveat)\n" }
        func table(_ title: String, _ rows: [EntityScore]) {
            out += "\n\(title) (ranked by \(r.wholeTableLeak ? "coverage" : "specificity, then rarity score"))\n"
            if rows.isEmpty { out += "  none read a leaked record\n"; return }
            out += "  rank  coverage  precision  specif.(-log10 p)  rarity  leaked/read  window\n"
            for s in rows {
                let read = s.wholeTableReads > 0 ? "whole table" : "\(s.leakedRowsRead)/\(s.rowsReadIsEstimate ? "~" : "")\(s.rowsRead)"
                out += "  \(String(s.rank).padded(4))  \(pct(s.coverage).padded(8))  \(f(s.precision).padded(9))  \(f(s.specificity, 1).padded(17))  \(f(s.rarityScore, 1).padded(6))  \(read.padded(11))  \(s.first) .. \(s.last)\n"
                out += "        \(s.label)"
                var extra: [String] = []
                if s.kind != .account, !s.accounts.isEmpty { extra.append("accounts: " + s.accounts.joined(separator: ", ")) }
                if s.kind != .address, !s.addresses.isEmpty { extra.append("addresses: " + addresses(s.addresses)) }
                if s.kind == .address, let c = s.addresses.first?.country { extra.append("country: \(c)") }
                if s.unresolvedReads > 0 { extra.append("\(s.unresolvedReads) reads of unknown rows") }
                extra.append("\(s.lines) lines")
                out += "  [" + extra.joined(separator: "; ") + "]\n"
            }
        }
        table("Sessions", r.sessions)
        table("Accounts", r.accounts)
        table("Addresses", r.addresses)
        out += "\nGreedy cover (sessions that together explain the leak):\n"
        if r.cover.isEmpty { out += "  no session is specific enough to explain the leak\n" }
        for (i, step) in r.cover.enumerated() {
            out += "  \(i + 1). \(step.session): +\(step.newRows) rows, \(pct(step.cumulativeCoverage)) explained\n"
        }
        out += "\nTimeline of the top sessions:\n"
        for t in r.timeline {
            out += "  \(t.start) +\(t.seconds / 60)min  \(t.session): \(t.lines) lines, \(t.leakedReads) leaked-record reads\n"
        }
        if let g = r.geoip {
            out += "\nCountries: \(g.database) (generated \(g.generated ?? "unknown")); ASN \(g.asn)\n"
        } else {
            out += "\nCountries: no GeoIP database loaded\n"
        }
        return out
    }

    static func escape(_ s: String) -> String {
        HTMLText.escape(s)
    }

    public static func html(_ r: CorrelationReport) -> String {
        var h = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>LeakTrace access-log correlation</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;font-size:.9em}th{background:#f3f3f3}.caveat{background:#fff4d6;padding:.5em 1em;border-left:4px solid #e0a800}.num{text-align:right}</style>
        </head><body><h1>Access-log correlation</h1>
        """
        h += "<p>Leak <code>\(escape(r.leakFile))</code>: \(r.leakRows) rows, \(r.leakKeys) distinct keys. Table size N = \(r.tableSize) (\(escape(r.tableSizeSource))).</p>"
        if let c = r.caveat { h += "<p class=\"caveat\">\(escape(c))</p>" }
        h += "<h2>Logs</h2><table><tr><th>file</th><th>source</th><th>format</th><th>lines</th><th>naming records</th><th>bad lines</th></tr>"
        for i in r.inputs {
            let bad = i.bad.total == 0 ? "0" : "\(i.bad.total): " + i.bad.byReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ") + " (first at lines " + i.bad.examples.prefix(5).map { String($0.line) }.joined(separator: ", ") + ")"
            h += "<tr><td>\(escape(i.path))</td><td>\(escape(i.source))</td><td>\(escape(i.format))</td><td class=num>\(i.lines)</td><td class=num>\(i.mappedLines)</td><td>\(escape(bad))</td></tr>"
        }
        h += "</table>"
        func table(_ title: String, _ rows: [EntityScore]) {
            h += "<h2>\(escape(title))</h2><table><tr><th>rank</th><th>who</th><th>coverage</th><th>precision</th><th>specificity (−log10 p)</th><th>rarity</th><th>leaked / read</th><th>window</th><th>accounts</th><th>addresses</th></tr>"
            for s in rows {
                let read = s.wholeTableReads > 0 ? "whole table" : "\(s.leakedRowsRead) / \(s.rowsReadIsEstimate ? "~" : "")\(s.rowsRead)"
                h += "<tr><td class=num>\(s.rank)</td><td>\(escape(s.label))</td><td class=num>\(pct(s.coverage))</td><td class=num>\(f(s.precision))</td><td class=num>\(f(s.specificity, 1))</td><td class=num>\(f(s.rarityScore, 1))</td><td class=num>\(escape(read))</td><td>\(escape(s.first)) – \(escape(s.last))</td><td>\(escape(s.accounts.joined(separator: ", ")))</td><td>\(escape(addresses(s.addresses)))</td></tr>"
            }
            h += "</table>"
        }
        table("Sessions", r.sessions)
        table("Accounts", r.accounts)
        table("Addresses", r.addresses)
        h += "<h2>Greedy cover</h2><ol>"
        for step in r.cover { h += "<li>\(escape(step.session)): +\(step.newRows) rows, \(pct(step.cumulativeCoverage)) explained</li>" }
        h += "</ol><h2>Timeline of the top sessions</h2><table><tr><th>from</th><th>minutes</th><th>session</th><th>lines</th><th>leaked-record reads</th></tr>"
        for t in r.timeline {
            h += "<tr><td>\(escape(t.start))</td><td class=num>\(t.seconds / 60)</td><td>\(escape(t.session))</td><td class=num>\(t.lines)</td><td class=num>\(t.leakedReads)</td></tr>"
        }
        h += "</table>"
        if let g = r.geoip { h += "<p>Countries from <code>\(escape(g.database))</code>, generated \(escape(g.generated ?? "unknown")). ASN \(escape(g.asn)).</p>" }
        h += "</body></html>\n"
        return h
    }
}

extension String {
    /// Left-aligned in `width` columns; never cut (Foundation's `padding` truncates).
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
