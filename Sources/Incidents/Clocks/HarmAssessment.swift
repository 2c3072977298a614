import Foundation

/// The PDPA DBN Guideline's *significant harm* test, evaluated from a case's facts
/// (spec/response-regulation.md §2.1 [S]).
///
/// Criteria (a)–(d) decide the data-subject duty; (e), scale above 1,000 subjects, obliges notice
/// to the Commissioner only. The class lists are the triage type ids, the sensitive class ids and
/// the HIBP class titles, compared case-insensitively with `_`, `-` and spaces ignored.
public struct HarmAssessment: Sendable, Equatable {
    /// One criterion and whether the facts meet it.
    public struct Criterion: Sendable, Equatable {
        /// `a` to `e`.
        public var letter: String
        public var met: Bool
        /// Why, in words that name classes and counts only.
        public var reason: String
    }

    public var criteria: [Criterion]

    /// Classes whose exposure risks financial loss, credit damage or property loss: criterion (a).
    static let financialClasses: Set<String> = Set([
        "bank_account", "payment_card", "financial", "Bank account numbers", "Credit cards", "Financial information",
        "credentials", "Passwords", "sim_secrets",
    ].map(normalised))
    /// Classes that, combined with other information, enable identity fraud: criterion (d).
    static let identityClasses: Set<String> = Set([
        "mykad", "old_ic", "passport", "Government issued IDs", "Passport numbers", "imsi", "iccid", "SIM card details",
    ].map(normalised))

    public init(facts: IncidentCase.Facts) {
        let classes = facts.dataClasses + facts.sensitiveClasses
        let financial = classes.filter { Self.financialClasses.contains(Self.normalised($0)) }
        let identity = classes.filter { Self.identityClasses.contains(Self.normalised($0)) }
        let misuse = !financial.isEmpty || !identity.isEmpty
        criteria = [
            Criterion(letter: "a", met: !financial.isEmpty, reason: financial.isEmpty ? "no financial or credential classes exposed" : "financial or credential classes exposed: " + financial.joined(separator: ", ")),
            Criterion(letter: "b", met: misuse, reason: misuse ? "exposed classes can be misused for illegal purposes (scams, account takeover)" : "no class known to enable misuse"),
            Criterion(letter: "c", met: !facts.sensitiveClasses.isEmpty, reason: facts.sensitiveClasses.isEmpty ? "no sensitive personal data exposed" : "sensitive personal data exposed: " + facts.sensitiveClasses.joined(separator: ", ")),
            Criterion(letter: "d", met: !identity.isEmpty, reason: identity.isEmpty ? "no identity document or SIM identifiers exposed" : "identity classes exposed: " + identity.joined(separator: ", ")),
            Criterion(letter: "e", met: (facts.subjects ?? 0) > 1000, reason: facts.subjects.map { "\($0) subjects estimated (threshold: more than 1,000)" } ?? "number of subjects not yet estimated"),
        ]
    }

    /// Criteria (a)–(d): the data subjects must be notified.
    public var significantHarm: Bool { criteria.contains { $0.letter != "e" && $0.met } }

    /// Any criterion, (e) included: significant harm for the Commissioner's purposes.
    public var significantForCommissioner: Bool { criteria.contains { $0.met } }

    /// Lower-cased with `_`, `-` and spaces removed, so `bank_account` and `Bank Account` compare equal.
    static func normalised(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }
}
