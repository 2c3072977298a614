import Foundation
import Mustache

/// The case UI's Mustache templates (`case-*.mustache`, `signin.mustache`), loaded once at
/// startup (STYLE §4.12). Only escaped `{{x}}` tags; `CaseViewTests` checks the files.
public struct CaseViews: Sendable {
    let library: MustacheLibrary

    static let pages = ["signin", "case-list", "case-new", "case-show", "case-error", "case-draft-edit"]

    /// Loads the templates bundled with the Server module.
    /// - Throws: `CitizenViewError` when the folder is missing or a template does not parse.
    public static func bundled() throws -> CaseViews {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CitizenViewError(message: "the Server bundle has no Templates folder")
        }
        return try CaseViews(directory: url.path)
    }

    public init(directory: String) throws {
        library = try TemplateFolder.load(directory, include: { $0.hasPrefix("case-") || $0.hasPrefix("signin") }, required: CaseViews.pages)
    }

    func render(_ model: Any, template: String) throws -> String {
        guard let html = library.render(model, withTemplate: template) else {
            throw CitizenViewError(message: "no template \(template)")
        }
        return html
    }
}

// MARK: - View models

/// What the page frame shows: the title and, when signed in, who and the sign-out form.
struct CaseChrome {
    var title: String
    var user: String?
    var organisation: String?
    var csrf: String?
    var notice: String?
}

/// A `<select>` option.
struct CaseOption {
    var value: String
    var label: String
    var selected: Bool = false
}

enum SignInPage {
    struct Model {
        var chrome: CaseChrome
        var signinToken: String
        var username: String
        var next: String
    }
}

enum CaseList {
    struct Model {
        var chrome: CaseChrome
        var csrf: String
        var canOpen: Bool
        var rows: [Row]
        var hasRows: Bool
    }

    struct Row {
        var id: String
        var href: String
        var title: String
        var owner: String
        var status: String
        var severity: String
        var role: String
        /// The next open clock: its title, deadline (case time zone) and state.
        var nextClock: String?
        var nextDeadline: String?
        var state: String?
        var stateClass: String
        var overdue: Bool
    }
}

enum CaseNew {
    struct Model {
        var chrome: CaseChrome
        var csrf: String
        var severities: [CaseOption]
        var timeZone: String
        var playbooks: [Playbook]
    }

    struct Playbook {
        var id: String
        var title: String
        var description: String
        var checked: Bool
    }
}

/// Editing a notification draft: one text area per field; saving makes the next version.
enum CaseDraftEdit {
    struct Model {
        var chrome: CaseChrome
        var csrf: String
        var caseID: String
        var caseTitle: String
        var index: Int
        var draftID: String
        var kind: String
        var language: String
        var version: Int
        var fields: [Field]
    }

    struct Field {
        var key: String
        var label: String
        var text: String
    }
}

enum CaseShow {
    struct Model {
        var chrome: CaseChrome
        var csrf: String
        var id: String
        /// The case id again, for sections whose rows have an `id` of their own.
        var caseID: String
        var title: String
        var summary: String
        var status: String
        var severity: String
        var owner: String
        var role: String
        var timeZone: String
        var created: String
        var facts: [Fact]
        var factsForm: FactsForm
        var canEdit: Bool
        var canEvidence: Bool
        var canShare: Bool
        var canClocks: Bool
        var statuses: [CaseOption]
        var clocksAvailable: Bool
        var clocks: [Clock]
        var hasClocks: Bool
        var tasks: [Task]
        var events: [Event]
        var anchors: [CaseOption]
        var categories: [CaseOption]
        var observables: [ObservableRow]
        var observableKinds: [CaseOption]
        var evidence: [Evidence]
        var custodyActions: [CaseOption]
        var maxUpload: String
        var shares: [Share]
        var shareOrganisations: [CaseOption]
        var roles: [CaseOption]
        var drafts: [Draft]
        var hasDrafts: Bool
        var canNotify: Bool
        var draftKinds: [CaseOption]
        var nowLocal: String
    }

    struct Fact {
        var label: String
        var value: String
    }

    /// The facts form's current values.
    struct FactsForm {
        var subjects: String
        var records: String
        var dataClasses: String
        var sensitiveClasses: String
        var ncii: Bool
        var sector: String
        var jurisdictions: String
    }

    struct Clock {
        var regime: String
        var title: String
        var recipient: String
        var deadline: String
        var state: String
        var stateClass: String
        var remaining: String
        var overdue: Bool
    }

    struct Task {
        var taskID: String
        var title: String
        var phase: String
        var status: String
        var due: String?
        var overdue: Bool
        var actions: [CaseOption]
    }

    struct Event {
        var occurred: String
        var category: String
        var summary: String
        var source: String
        var anchor: String?
    }

    struct ObservableRow {
        var kind: String
        var value: String
        var network: String?
        var tlp: String
        var comment: String
    }

    struct Evidence {
        var id: String
        var fileName: String
        var sha256: String
        var size: String
        var bytes: String
        var description: String
        var acquirer: String
        var acquired: String
        var method: String
        var source: String
        var href: String
        var custody: [Custody]
    }

    struct Custody {
        var time: String
        var action: String
        var actor: String
        var matched: Bool
        var reason: String
    }

    struct Share {
        var organisation: String
        var role: String
        var granted: String
    }

    struct Draft {
        var index: Int
        var kind: String
        var language: String
        var version: Int
        var created: String
        var editable: Bool
    }
}

enum CaseErrorPage {
    struct Model {
        var chrome: CaseChrome
        var status: Int
        var heading: String
        var requestId: String
        /// Only for 400 and 409: what was wrong with the input (field names, never values).
        var detail: String?
    }
}

// MARK: - Formatting

enum CaseFormat {
    /// `2026-11-20 09:30 +08:00` in the given IANA zone.
    static func local(_ date: Date, _ zone: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = TimeZone(identifier: zone) ?? .gmt
        f.dateFormat = "yyyy-MM-dd HH:mm xxx"
        return f.string(from: date)
    }

    /// Parses `2026-11-20T09:30`, `2026-11-20 09:30` (optionally with `:ss`) as a time in `zone`.
    static func parseLocal(_ text: String, _ zone: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "T", with: " ")
        guard let tz = TimeZone(identifier: zone) else { return nil }
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.calendar = Calendar(identifier: .gregorian)
            f.timeZone = tz
            f.dateFormat = format
            f.isLenient = false
            if let d = f.date(from: t) { return d }
        }
        return nil
    }

    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var v = Double(bytes) / 1024
        var i = 0
        while v >= 1024, i < units.count - 1 { v /= 1024; i += 1 }
        return String(format: "%.1f", v) + " " + units[i]
    }
}
