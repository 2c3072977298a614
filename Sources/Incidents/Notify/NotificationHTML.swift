import Foundation
import LeakTraceCore

/// Renders a draft as one self-contained HTML document (no external assets) with print CSS for A4,
/// marked DRAFT on screen and on paper. Every piece of text is HTML-escaped.
public enum NotificationHTML {
    /// - Parameters:
    ///   - draft: the draft to render.
    ///   - caseTitle: the case title shown in the header.
    /// - Returns: a complete `<!DOCTYPE html>` document.
    public static func render(_ draft: NotificationDraft, caseTitle: String) -> String {
        let ms = draft.language == .ms
        let title = kindTitle(draft.kind, draft.language)
        let draftWord = ms ? "DRAF" : "DRAFT"
        var html = """
        <!DOCTYPE html>
        <html lang="\(draft.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(escape(draftWord + ": " + title + " · " + draft.caseID))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <div class="watermark" aria-hidden="true">\(draftWord)</div>
        <p class="banner">\(escape(draftWord + " · " + (ms ? "belum dihantar, untuk semakan" : "not sent, for review")))</p>
        <header>
        <h1>\(escape(title))</h1>
        <table class="meta">
        <tr><th>\(ms ? "Kes" : "Case")</th><td>\(escape(draft.caseID + " · " + caseTitle))</td></tr>
        <tr><th>\(ms ? "Versi" : "Version")</th><td>\(draft.version)\(draft.basedOn.map { escape(" (" + (ms ? "semakan " : "revises ") + $0 + ")") } ?? "")</td></tr>
        <tr><th>\(ms ? "Disediakan oleh" : "Prepared by")</th><td>\(escape(draft.createdBy + " · " + iso(draft.createdAt)))</td></tr>
        </table>
        </header>
        <main>

        """
        for field in draft.fields {
            let changed = draft.changedKeys.contains(field.key) ? " changed" : ""
            html += "<section class=\"field\(changed)\" id=\"f-\(escape(field.key))\">\n"
            html += "<h2>\(escape(field.label))</h2>\n"
            html += paragraphs(field.text)
            html += "</section>\n"
        }
        html += """
        </main>
        <footer>\(escape(draftWord + " · " + draft.id))</footer>
        </body>
        </html>

        """
        return html
    }

    /// Escapes `& < > " '` so text can never open a tag or leave an attribute.
    public static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }

    // MARK: - Private

    /// Lines starting with `- ` become a list; other lines become paragraphs.
    private static func paragraphs(_ text: String) -> String {
        var out = ""
        var inList = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("- ") {
                if !inList { out += "<ul>\n"; inList = true }
                out += "<li>\(escape(String(line.dropFirst(2))))</li>\n"
            } else {
                if inList { out += "</ul>\n"; inList = false }
                out += "<p>\(escape(String(line)))</p>\n"
            }
        }
        if inList { out += "</ul>\n" }
        return out
    }

    private static func kindTitle(_ kind: NotificationDraft.Kind, _ language: NotificationDraft.Language) -> String {
        let ms = language == .ms
        switch kind {
        case .commissioner: return ms ? "Pemberitahuan pelanggaran data peribadi kepada Pesuruhjaya Perlindungan Data Peribadi" : "Personal data breach notification to the Personal Data Protection Commissioner"
        case .dataSubject: return ms ? "Notis pelanggaran data peribadi" : "Notice of a personal data breach"
        case .breachRegister: return ms ? "Daftar pelanggaran data: catatan" : "Breach register entry"
        case .nacsaInitial: return ms ? "Pemberitahuan insiden keselamatan siber kepada NACSA (6 jam)" : "Cyber security incident notification to NACSA (6 hours)"
        case .nacsaDetails: return ms ? "Butiran tambahan insiden keselamatan siber kepada NACSA (14 hari)" : "Supplementary cyber security incident details to NACSA (14 days)"
        }
    }

    private static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// Screen and print styles; A4 pages, fields never split, a DRAFT mark on every page.
    static let css = """
    :root { color-scheme: light; }
    body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #111; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
    h1 { font-size: 16pt; margin: 0.5rem 0 1rem; }
    h2 { font-size: 12pt; margin: 1.2rem 0 0.3rem; border-bottom: 1px solid #bbb; }
    p { margin: 0.25rem 0; white-space: pre-wrap; }
    ul { margin: 0.25rem 0 0.25rem 1.2rem; padding: 0; }
    table.meta { border-collapse: collapse; font-size: 10pt; }
    table.meta th { text-align: left; padding: 0.1rem 1rem 0.1rem 0; font-weight: 600; }
    .banner { background: #b00020; color: #fff; font-weight: 700; letter-spacing: 0.1em; padding: 0.4rem 0.8rem; text-transform: uppercase; }
    .watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 96pt; font-weight: 800; color: rgba(176, 0, 32, 0.08); transform: rotate(-30deg); pointer-events: none; z-index: -1; }
    .field.changed { border-left: 3px solid #e0a000; padding-left: 0.6rem; }
    footer { margin-top: 2rem; font-size: 9pt; color: #555; border-top: 1px solid #bbb; padding-top: 0.3rem; }
    @page { size: A4; margin: 20mm 18mm 22mm 18mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
      .banner { background: none; color: #b00020; border: 2px solid #b00020; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .watermark { color: rgba(176, 0, 32, 0.12); }
      header { page-break-after: avoid; break-after: avoid; }
      h2 { page-break-after: avoid; break-after: avoid; }
      section.field { page-break-inside: avoid; break-inside: avoid; }
      ul, p { orphans: 3; widows: 3; }
      .field.changed { border-left: none; padding-left: 0; }
    }
    """
}
