import Foundation

/// A notification regime as data: who must be told, by when, from which recorded event
/// (spec/response-regulation.md §1 Table A and §3 "minimum engine model").
///
/// Built-in regimes are JSON files in `Data/regimes/`; users add or replace them with their own
/// directory (see ``RegimeCatalog``).
public struct Regime: Codable, Sendable, Equatable, Identifiable {
    /// A slug (`my-pdpa-2024`): the file's id; a user file with the same id replaces the built-in.
    public var id: String
    public var name: String
    /// ISO 3166 alpha-2 code, or `EU`.
    public var jurisdiction: String
    /// How sure the research is about this regime as a whole (spec tags).
    public var status: VerificationStatus
    /// When the regime applies to a case whose `regimeIDs` is empty. Not consulted when the case
    /// names the regime explicitly.
    public var applicability: Applicability
    /// `false`: applies only when the case names it (e.g. SEC 8-K needs a listed company, which the
    /// facts do not record).
    public var autoSelect: Bool
    /// The records duty (breach register), if the regime has one.
    public var register: RegisterRule?
    public var clocks: [ClockDefinition]

    public init(id: String, name: String, jurisdiction: String, status: VerificationStatus, applicability: Applicability = Applicability(), autoSelect: Bool = true, register: RegisterRule? = nil, clocks: [ClockDefinition]) {
        self.id = id
        self.name = name
        self.jurisdiction = jurisdiction
        self.status = status
        self.applicability = applicability
        self.autoSelect = autoSelect
        self.register = register
        self.clocks = clocks
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, jurisdiction, status, applicability, autoSelect, register, clocks
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        jurisdiction = try c.decode(String.self, forKey: .jurisdiction)
        status = try c.decodeChoice(VerificationStatus.self, forKey: .status)
        applicability = try c.decodeIfPresent(Applicability.self, forKey: .applicability) ?? Applicability()
        autoSelect = try c.decodeIfPresent(Bool.self, forKey: .autoSelect) ?? true
        register = try c.decodeIfPresent(RegisterRule.self, forKey: .register)
        clocks = try c.decode([ClockDefinition].self, forKey: .clocks)
    }
}

/// The spec's confidence tags: [V] verified against the primary text, [S] several secondary
/// sources agree, [U] unverified.
public enum VerificationStatus: String, Codable, Sendable, CaseIterable {
    case verified = "V"
    case secondary = "S"
    case unverified = "U"
}

/// The duty to keep a breach register.
public struct RegisterRule: Codable, Sendable, Equatable {
    /// Minimum retention in years, counted from the entry date.
    public var retentionYears: Int
    /// Whether breaches that are not notified must be recorded too.
    public var includesNonNotifiable: Bool
    public var reference: String
    public var status: VerificationStatus

    public init(retentionYears: Int, includesNonNotifiable: Bool, reference: String, status: VerificationStatus) {
        self.retentionYears = retentionYears
        self.includesNonNotifiable = includesNonNotifiable
        self.reference = reference
        self.status = status
    }
}

/// One filing a regime requires: a recipient, a stage, a start event and a duration.
public struct ClockDefinition: Codable, Sendable, Equatable, Identifiable {
    public enum Stage: String, Codable, Sendable, CaseIterable {
        case immediate, initial, intermediate, final, update
    }

    public enum Unit: String, Codable, Sendable, CaseIterable {
        /// Elapsed hours (absolute time: 72 h across a DST change is 72 real hours).
        case hours
        /// Calendar days in the case's time zone (same wall-clock time, or end of day).
        case calendarDays
        /// Monday to Friday in the case's time zone (public holidays are not modelled).
        case businessDays
    }

    /// Unique within the regime (`commissioner`); ``qualifiedID`` is unique in a catalog.
    public var id: String
    public var title: String
    public var recipient: String
    public var stage: Stage
    /// The start event. More than one means "earliest of": each recorded reading is computed and
    /// the earliest deadline (the worst case) is the clock's deadline.
    public var anchors: [ClockAnchor]
    /// `nil`: no fixed duration ("without undue delay", "immediately").
    public var duration: Int?
    public var unit: Unit?
    /// For day units: the deadline is the end (23:59:59 local) of the last day rather than the
    /// anchor's time of day on it ("no later than 3 calendar days after the day ...").
    public var endOfDay: Bool
    /// What the law says when there is no fixed duration ("without undue delay").
    public var deadlineText: String?
    /// The law allows the clock to be paused (law-enforcement hold, AG delay). Informational.
    public var pausable: Bool
    /// The recorded event that marks the filing done; `nil`: only an explicit completion input.
    public var completion: ClockAnchor?
    /// When this clock applies, on top of its regime's applicability.
    public var applicability: Applicability
    /// The legal reference (section, regulation, guideline).
    public var reference: String
    public var status: VerificationStatus

    public init(id: String, title: String, recipient: String, stage: Stage, anchors: [ClockAnchor], duration: Int?, unit: Unit?, endOfDay: Bool = false, deadlineText: String? = nil, pausable: Bool = false, completion: ClockAnchor? = nil, applicability: Applicability = Applicability(), reference: String, status: VerificationStatus) {
        self.id = id
        self.title = title
        self.recipient = recipient
        self.stage = stage
        self.anchors = anchors
        self.duration = duration
        self.unit = unit
        self.endOfDay = endOfDay
        self.deadlineText = deadlineText
        self.pausable = pausable
        self.completion = completion
        self.applicability = applicability
        self.reference = reference
        self.status = status
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, recipient, stage, anchor, duration, unit, endOfDay, deadlineText, pausable, completion, applicability, reference, status
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        recipient = try c.decode(String.self, forKey: .recipient)
        stage = try c.decodeChoice(Stage.self, forKey: .stage)
        // `anchor` is one anchor name or a list of them ("earliest of").
        if (try? c.decode(String.self, forKey: .anchor)) != nil {
            anchors = [try c.decodeChoice(ClockAnchor.self, forKey: .anchor)]
        } else {
            var list = try c.nestedUnkeyedContainer(forKey: .anchor)
            var found: [ClockAnchor] = []
            while !list.isAtEnd {
                let index = list.currentIndex
                let name = try list.decode(String.self)
                guard let anchor = ClockAnchor(rawValue: name) else {
                    let allowed = ClockAnchor.allCases.map(\.rawValue).joined(separator: ", ")
                    throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: list.codingPath + [IndexKey(index)], debugDescription: "unknown anchor '\(name)' (expected one of \(allowed))"))
                }
                found.append(anchor)
            }
            anchors = found
        }
        duration = try c.decodeIfPresent(Int.self, forKey: .duration)
        unit = try c.decodeChoiceIfPresent(Unit.self, forKey: .unit)
        endOfDay = try c.decodeIfPresent(Bool.self, forKey: .endOfDay) ?? false
        deadlineText = try c.decodeIfPresent(String.self, forKey: .deadlineText)
        pausable = try c.decodeIfPresent(Bool.self, forKey: .pausable) ?? false
        completion = try c.decodeChoiceIfPresent(ClockAnchor.self, forKey: .completion)
        applicability = try c.decodeIfPresent(Applicability.self, forKey: .applicability) ?? Applicability()
        reference = try c.decode(String.self, forKey: .reference)
        status = try c.decodeChoice(VerificationStatus.self, forKey: .status)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(stage, forKey: .stage)
        if anchors.count == 1 { try c.encode(anchors[0], forKey: .anchor) } else { try c.encode(anchors, forKey: .anchor) }
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encodeIfPresent(unit, forKey: .unit)
        if endOfDay { try c.encode(endOfDay, forKey: .endOfDay) }
        try c.encodeIfPresent(deadlineText, forKey: .deadlineText)
        try c.encode(pausable, forKey: .pausable)
        try c.encodeIfPresent(completion, forKey: .completion)
        if applicability != Applicability() { try c.encode(applicability, forKey: .applicability) }
        try c.encode(reference, forKey: .reference)
        try c.encode(status, forKey: .status)
    }

    /// `regimeID/clockID`: the key for explicit completions.
    public func qualifiedID(in regime: Regime) -> String { regime.id + "/" + id }
}

/// An applicability predicate as data. Every condition given must hold (AND); `anyOf` holds when
/// one of its members does. An empty predicate always holds.
///
/// Unknown facts never satisfy a condition: a `minSubjects` test with no subject estimate fails.
public struct Applicability: Codable, Sendable, Equatable {
    /// At least one of the case's jurisdictions is listed.
    public var jurisdictions: [String]?
    /// The organisation is (or is not) an NCII entity.
    public var ncii: Bool?
    /// The estimated number of subjects is at least this.
    public var minSubjects: Int?
    /// The breach causes (or does not cause) significant harm to individuals: PDPA DBN Guideline
    /// criteria (a)–(d), see ``HarmAssessment``.
    public var significantHarm: Bool?
    /// Sensitive classes were (or were not) exposed.
    public var sensitiveData: Bool?
    /// At least one of these data classes was exposed (any vocabulary: `bank_account` matches
    /// "Bank account numbers").
    public var dataClassesAny: [String]?
    /// The case's sector is not one of these (PDPA does not bind Federal and State Governments).
    public var excludedSectors: [String]?
    /// At least one member holds.
    public var anyOf: [Applicability]?

    public init(jurisdictions: [String]? = nil, ncii: Bool? = nil, minSubjects: Int? = nil, significantHarm: Bool? = nil, sensitiveData: Bool? = nil, dataClassesAny: [String]? = nil, excludedSectors: [String]? = nil, anyOf: [Applicability]? = nil) {
        self.jurisdictions = jurisdictions
        self.ncii = ncii
        self.minSubjects = minSubjects
        self.significantHarm = significantHarm
        self.sensitiveData = sensitiveData
        self.dataClassesAny = dataClassesAny
        self.excludedSectors = excludedSectors
        self.anyOf = anyOf
    }

    /// Whether the predicate holds for these facts.
    public func holds(for facts: IncidentCase.Facts) -> Bool {
        if let jurisdictions {
            let wanted = Set(jurisdictions.map { $0.uppercased() })
            guard facts.jurisdictions.contains(where: { wanted.contains($0.uppercased()) }) else { return false }
        }
        if let ncii, facts.ncii != ncii { return false }
        if let minSubjects {
            guard let subjects = facts.subjects, subjects >= minSubjects else { return false }
        }
        if let significantHarm, HarmAssessment(facts: facts).significantHarm != significantHarm { return false }
        if let sensitiveData, facts.sensitiveClasses.isEmpty == sensitiveData { return false }
        if let dataClassesAny {
            let wanted = Set(dataClassesAny.map(DataClassNames.canonical))
            guard (facts.dataClasses + facts.sensitiveClasses).contains(where: { wanted.contains(DataClassNames.canonical($0)) }) else { return false }
        }
        if let excludedSectors, let sector = facts.sector {
            if excludedSectors.contains(where: { $0.caseInsensitiveCompare(sector) == .orderedSame }) { return false }
        }
        if let anyOf, !anyOf.contains(where: { $0.holds(for: facts) }) { return false }
        return true
    }
}

// MARK: - Decoding helpers

extension KeyedDecodingContainer {
    /// Decodes a string enum, naming the allowed values when the value is unknown.
    func decodeChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T where T.RawValue == String {
        let raw = try decode(String.self, forKey: key)
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown value '\(raw)' (expected one of \(allowed))")
        }
        return value
    }

    func decodeChoiceIfPresent<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T? where T.RawValue == String {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeChoice(type, forKey: key)
    }
}

/// A list position in a decoding path.
struct IndexKey: CodingKey {
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    let index: Int

    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init(intValue: Int) { self.index = intValue }
}
