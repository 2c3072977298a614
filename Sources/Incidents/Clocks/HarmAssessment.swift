import Foundation

/// The PDPA DBN Guideline's *significant harm* test, evaluated from a case's facts
/// (spec/response-regulation.md §2.1 [S]).
///
/// Criteria (a)–(d) decide the data-subject duty; (e), scale above 1,000 subjects, obliges notice
/// to the Commissioner only. The class lists are the triage type ids, the sensitive class ids and
/// the HIBP class titles, compared through ``DataClassNames``.
public struct HarmAssessment: Sendable, Equatable {
    /// One criterion and whether the facts meet it.
    public struct Criterion: Sendable, Equatable {
        /// `a` to `e`.
        public var letter: String
        public var met: Bool
        /// Why, in words that name classes and counts only.
        public var reason: String
        /// The exposed classes that meet the criterion (empty for (b) and (e)).
        public var classes: [String] = []
    }

    public var criteria: [Criterion]

    /// Classes whose exposure risks financial loss, credit damage or property loss: criterion (a).
    static let financialClasses: Set<String> = ["bank_account", "payment_card", "financial", "credentials"]
    /// Classes that, combined with other information, enable identity fraud: criterion (d).
    static let identityClasses: Set<String> = ["mykad", "passport", "sim"]

    public init(facts: IncidentCase.Facts) {
        let classes = facts.dataClasses + facts.sensitiveClasses
        let financial = classes.filter { Self.financialClasses.contains(DataClassNames.canonical($0)) }
        let identity = classes.filter { Self.identityClasses.contains(DataClassNames.canonical($0)) }
        let misuse = !financial.isEmpty || !identity.isEmpty
        criteria = [
            Criterion(letter: "a", met: !financial.isEmpty, reason: financial.isEmpty ? "no financial or credential classes exposed" : "financial or credential classes exposed: " + financial.joined(separator: ", "), classes: financial),
            Criterion(letter: "b", met: misuse, reason: misuse ? "exposed classes can be misused for illegal purposes (scams, account takeover)" : "no class known to enable misuse"),
            Criterion(letter: "c", met: !facts.sensitiveClasses.isEmpty, reason: facts.sensitiveClasses.isEmpty ? "no sensitive personal data exposed" : "sensitive personal data exposed: " + facts.sensitiveClasses.joined(separator: ", "), classes: facts.sensitiveClasses),
            Criterion(letter: "d", met: !identity.isEmpty, reason: identity.isEmpty ? "no identity document or SIM identifiers exposed" : "identity classes exposed: " + identity.joined(separator: ", "), classes: identity),
            Criterion(letter: "e", met: (facts.subjects ?? 0) > 1000, reason: facts.subjects.map { "\($0) subjects estimated (threshold: more than 1,000)" } ?? "number of subjects not yet estimated"),
        ]
    }

    /// Criteria (a)–(d): the data subjects must be notified.
    public var significantHarm: Bool { criteria.contains { $0.letter != "e" && $0.met } }

    /// Any criterion, (e) included: significant harm for the Commissioner's purposes.
    public var significantForCommissioner: Bool { criteria.contains { $0.met } }
}
