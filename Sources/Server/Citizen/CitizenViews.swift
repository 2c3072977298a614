import Foundation
import Mustache

/// The citizen page's Mustache templates, loaded once at startup (STYLE §4.12).
///
/// Templates use only escaped `{{x}}` tags; `CitizenViewsTests` checks the files for `{{{` and `{{&`.
public struct CitizenViews: Sendable {
    let library: MustacheLibrary

    /// The pages a template must exist for; loading fails fast if one is missing.
    static let pages = ["home", "results", "mykad", "code", "verified", "message"]

    /// Loads the templates bundled with the Server module.
    /// - Throws: `CitizenViewError` when the bundle folder is missing or a template does not parse.
    public static func bundled() throws -> CitizenViews {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CitizenViewError(message: "the Server bundle has no Templates folder")
        }
        return try CitizenViews(directory: url.path)
    }

    /// Loads every `*.mustache` file of a folder, synchronously.
    public init(directory: String) throws {
        library = try TemplateFolder.load(directory, required: CitizenViews.pages)
    }

    /// Renders a page model with a named template.
    /// - Throws: `CitizenViewError` when the template is unknown.
    func render(_ model: CitizenPage, template: String) throws -> String {
        guard let html = library.render(model, withTemplate: template) else {
            throw CitizenViewError(message: "no template \(template)")
        }
        return html
    }
}

public struct CitizenViewError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "citizen page: " + message }
}

// MARK: - View models

/// What every page template gets: the language, its sentences, and one section filled in.
struct CitizenPage {
    var lang: String
    var t: CitizenText
    var title: String
    /// The other language's front page (no identifier ever goes in a URL).
    var switchHref: String
    var switchLang: String
    /// A short notice above the main content (an input error, a wrong code).
    var notice: String?
    var home: Home?
    var results: Results?
    var mykad: MykadProof?
    var code: CodeForm?
    var verified: Verified?
    var message: Message?
    /// Shown under results: what to do next, in this language.
    var nextSteps: [String]

    init(language: CitizenLanguage, title: String? = nil) {
        lang = language.rawValue
        t = language.text
        self.title = title ?? language.text.tagline
        switchHref = "/?lang=" + language.other.rawValue
        switchLang = language.other.rawValue
        nextSteps = []
    }

    struct Home {
        /// Whether this server can send codes (otherwise the MyKad note says so).
        var canVerify: Bool
    }

    struct Results {
        /// What the person typed, masked (`a***@e***.com`, `9001**-**-23`).
        var masked: String
        var breaches: [BreachRow]
        var hasBreaches: Bool
        /// The person proved they own the account looked up (or, for a MyKad, a linked contact).
        var proven: Bool
        var isMykad: Bool
        /// Offer to verify ownership (not proven, and codes can be sent).
        var offerVerify: Bool
    }

    struct BreachRow {
        var title: String
        var date: String
        /// Data classes, joined, in the page's language.
        var classes: String
        var sensitive: Bool
    }

    struct MykadProof {
        var masked: String?
        var canVerify: Bool
    }

    struct CodeForm {
        var challenge: String
        var maskedContact: String
        var validity: String
    }

    struct Verified {
        var maskedContact: String?
        var validity: String
    }

    struct Message {
        var heading: String
        var text: String
        var status: Int?
        var requestId: String?
    }
}
