import Foundation
import LeakTraceCore
import Testing
import Triage

/// `leaktrace scan --html`: a self-contained page where every report string is escaped.
@Suite struct HTMLReportTests {
    static let hostile = "<script>alert(1)</script>"

    /// A report written as the `leaktrace.scan/1` JSON a scan produces, with hostile text in
    /// every place a dump can put it: headers, path, example, notes, warning messages, mixes.
    static let reportJSON = #"""
    {
      "schema": "leaktrace.scan/1",
      "tool": { "name": "leaktrace", "version": "0.1.0",
                "dataVersions": { "phone-prefixes": "MCMC 2024-06", "postcodes": "AsyrafHussin/malaysia-postcodes@2023" } },
      "generatedAt": "2025-11-22T21:30:00Z",
      "referenceDate": "2014-07-31",
      "referenceDateSource": "latest date in the sampled date columns",
      "limits": {"maxRecordBytes": 16777216, "maxNesting": 64},
      "keepGoing": false,
      "files": [
        {
          "path": "/evidence/dump\"<img src=x onerror=alert(2)>.csv",
          "format": "csv", "delimiter": ";", "encoding": "utf-8", "formatDecision": "sniffed",
          "hasHeader": true, "bytes": 73400320, "records": 1234567,
          "invalidRows": 321, "paddingRows": 12, "blankRows": 3, "invalidUTF8Cells": 0,
          "columns": [
            { "index": 0, "header": "NO_KP", "type": "mykad", "decidedBy": "header+values",
              "filled": 1230000, "fillRate": 0.9963, "validRate": 0.9871, "validBasis": "every cell",
              "verdicts": { "VALID": 1200000, "VALID+WARN": 14190, "INVALID": 15810 },
              "distinct": 1101234, "example": "8501**-**-**79", "notes": ["14190 values valid after a repair"] },
            { "index": 1, "header": "<script>alert(1)</script>", "type": "phone_mobile", "decidedBy": "values",
              "filled": 1200000, "fillRate": 0.972, "validRate": 0.95, "validBasis": "sampled",
              "verdicts": { "VALID": 1140000, "INVALID": 60000 },
              "distinct": 1000000, "example": "012-***<b>89", "notes": ["note with 'quotes' & <tags>"] },
            { "index": 2, "header": "AGAMA", "type": "other", "decidedBy": "header", "sensitiveCategory": "religion",
              "filled": 900000, "fillRate": 0.729, "validRate": 0, "validBasis": "none",
              "verdicts": {}, "distinct": 0, "notes": [] },
            { "index": 3, "header": "TARIKH_AKTIF", "type": "date", "decidedBy": "header", "label": "timestamp",
              "filled": 1234567, "fillRate": 1.0, "validRate": 0.999, "validBasis": "every cell",
              "verdicts": { "VALID": 1234000, "INVALID": 567 }, "distinct": 3650, "notes": [] }
          ],
          "warnings": {
            "total": 7,
            "byKind": { "ragged_row": 6, "invalid_utf8": 1 },
            "examples": [
              { "kind": "ragged_row", "line": 1042, "byteOffset": 65123, "message": "expected 4 fields, found 5 <script>alert(1)</script>" },
              { "kind": "invalid_utf8", "line": 77, "byteOffset": -1, "message": "cell 2 is not UTF-8" }
            ]
          }
        },
        {
          "path": "/evidence/missing.csv",
          "hasHeader": false, "bytes": 0, "records": 0, "invalidRows": 0, "paddingRows": 0, "blankRows": 0,
          "invalidUTF8Cells": 0, "columns": [],
          "warnings": { "total": 0, "byKind": {}, "examples": [] },
          "error": "/evidence/missing.csv: cannot open <file>: No such file or directory"
        }
      ],
      "totals": {
        "files": 2, "filesFailed": 1, "bytes": 73400320, "records": 1234567,
        "uniquePersons": 1150000, "personsWithMyKad": 1101234, "personsByPhoneOnly": 48766,
        "invalidRows": 321, "paddingRows": 12, "blankRows": 3, "warnings": 7,
        "identifiers": { "mykad": { "occurrences": 1214190, "distinct": 1101234 },
                         "phone_mobile": { "occurrences": 1140000, "distinct": 1000000 } }
      },
      "dataClasses": [
        { "type": "mykad", "columns": ["NO_KP"], "occurrences": 1214190 },
        { "type": "phone_mobile", "columns": ["<script>alert(1)</script>"], "occurrences": 1140000 }
      ],
      "sensitiveClasses": [
        { "category": "religion", "statutory": true, "severity": "high", "columns": ["AGAMA"], "filledCells": 900000 },
        { "category": "credentials", "statutory": false, "severity": "high", "columns": ["PIN"], "filledCells": 10 }
      ],
      "operators": [ { "name": "Maxis", "count": 500000 }, { "name": "Celcom<i>", "count": 250000 } ],
      "networks": [],
      "states": [ { "name": "Selangor", "count": 300000 }, { "name": "Johor", "count": 150000 } ],
      "stateBasis": "residence (postcode or state column)",
      "ageBands": [ { "name": "18-24", "count": 100 }, { "name": "25-34", "count": 400 } ],
      "genders": [ { "name": "male", "count": 600000 }, { "name": "female", "count": 501234 } ],
      "snapshot": { "latestRecordDate": "2014-07-31", "latestRecordDateColumn": "TARIKH_AKTIF",
                    "youngestBirthDate": "1999-12-30", "notBefore": "2014-07-31", "futureDatesIgnored": 2 },
      "severity": { "level": "critical", "reasons": ["PDPA-sensitive data: religion (AGAMA)", "national identity numbers: mykad"] }
    }
    """#

    static func report() throws -> ScanReport {
        try JSONDecoder().decode(ScanReport.self, from: Data(reportJSON.utf8))
    }

    @Test func escapeCoversTheFiveCharacters() {
        #expect(ReportRenderer.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(ReportRenderer.escape("Jalan Ampang, 50450 Kuala Lumpur") == "Jalan Ampang, 50450 Kuala Lumpur")
        #expect(ReportRenderer.escape("&amp;") == "&amp;amp;")
    }

    @Test func hostileHeaderIsEscaped() throws {
        let html = ReportRenderer.html(try Self.report())
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>89"))
        #expect(!html.contains("Celcom<i>"))
        #expect(html.contains("dump&quot;&lt;img src=x onerror=alert(2)&gt;.csv"))
        #expect(html.contains("note with &#39;quotes&#39; &amp; &lt;tags&gt;"))
    }

    @Test func noExternalAssetsOrScript() throws {
        let html = ReportRenderer.html(try Self.report())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>"))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        // Report text is escaped, so every `<` left starts real markup: inspect each tag.
        let tags = html.split(separator: "<").dropFirst().map { $0.prefix { $0 != ">" } }
        #expect(tags.count > 100)
        for tag in tags {
            let name = tag.prefix { $0.isLetter || $0 == "!" || $0 == "/" }.lowercased()
            #expect(!["script", "link", "img", "iframe", "object", "embed", "source", "video", "audio"].contains(name), "tag <\(tag)>")
            #expect(!tag.contains("src="), "no element loads anything: <\(tag)>")
            if let href = tag.range(of: "href=\"") {
                #expect(tag[href.upperBound...].hasPrefix("#"), "external href: <\(tag)>")
            }
        }
    }

    @Test func headlineColumnsAndSectionsAppear() throws {
        let report = try Self.report()
        let html = ReportRenderer.html(report)
        #expect(html.contains("CRITICAL"))
        #expect(html.contains("PDPA-sensitive data: religion (AGAMA)"))
        #expect(html.contains("1,234,567"))
        #expect(html.contains("1,150,000"))
        for file in report.files {
            for column in file.columns {
                #expect(html.contains(ReportRenderer.escape(column.header)), "column \(column.header)")
            }
        }
        #expect(html.contains("taken <strong>on or after 2014-07-31"))
        #expect(html.contains("latest date in the sampled date columns"))
        #expect(html.contains("PDPA s.4 sensitive"))
        #expect(html.contains("high-risk (not s.4)"))
        #expect(html.contains("8501**-**-**79"))
        #expect(html.contains("semicolon (;)"))
        #expect(html.contains("every cell"))
        #expect(html.contains("sampled"))
        #expect(html.contains("65,123"), "warning byte offset")
        #expect(html.contains("1,042"), "warning line")
        #expect(html.contains("ragged_row"))
    }

    @Test func errorFileShowsItsError() throws {
        let html = ReportRenderer.html(try Self.report())
        #expect(html.contains("/evidence/missing.csv: cannot open &lt;file&gt;: No such file or directory"))
        #expect(html.contains("Could not be scanned"))
    }

    @Test func barsAreSizedByCount() throws {
        let html = ReportRenderer.html(try Self.report())
        // The largest bar fills its track; the others are proportional.
        #expect(html.contains("style=\"width:100.00%\""))
        #expect(html.contains("style=\"width:50.00%\""))
        #expect(html.contains("Mobile operators"))
        #expect(!html.contains("Networks"), "an empty mix draws no chart")
    }

    @Test func footerStampsToolDataAndPrivacy() throws {
        let html = ReportRenderer.html(try Self.report())
        #expect(html.contains("leaktrace 0.1.0"))
        #expect(html.contains("MCMC 2024-06"))
        #expect(html.contains("2025-11-22T21:30:00Z"))
        #expect(html.contains("counts and masked examples only, never raw identifiers"))
    }

    @Test func unknownSeverityDoesNotReachTheClassAttribute() throws {
        var report = try Self.report()
        report.severity.level = "x\" onmouseover=\"alert(1)"
        let html = ReportRenderer.html(report)
        #expect(html.contains("class=\"severity sev-unknown\""))
        #expect(!html.contains("onmouseover=\"alert"))
    }

    /// A real scan: the page names the file and columns and never prints a raw identifier.
    @Test func realScanRendersWithoutRawIdentifiers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("subscribers.csv")
        var rows = ["nama,no_ic,telefon,\(Self.hostile)"]
        let ics = ["850101-14-5673", "900215-10-5522", "781130-08-6011", "011231-01-1234"]
        let phones = ["012-3456789", "019-8765432", "017-2223334", "011-23456789"]
        for i in 0 ..< 40 {
            rows.append("Ahmad bin Ali \(i),\(ics[i % 4]),\(phones[i % 4]),x")
        }
        try rows.joined(separator: "\n").appending("\n").write(to: csv, atomically: true, encoding: .utf8)
        let missing = dir.appendingPathComponent("missing.csv").path

        let report = Scanner(options: ScanOptions(today: CivilDate(year: 2025, month: 1, day: 1)!)).scan(paths: [csv.path, missing])
        let html = ReportRenderer.html(report)
        #expect(html.contains("subscribers.csv"))
        #expect(html.contains("no_ic"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.lowercased().contains("<script"))
        #expect(report.files[1].error != nil)
        if let error = report.files[1].error {
            #expect(html.contains(ReportRenderer.escape(error)))
        }
        let undashed = ics.map { $0.replacingOccurrences(of: "-", with: "") }
        for raw in ics + undashed + phones {
            #expect(!html.contains(raw), "raw identifier \(raw) in the page")
        }
    }
}
