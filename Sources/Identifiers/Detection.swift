import LeakTraceCore

/// The type ids LeakTrace reports (issue 2, item 3). Raw values are the ids in every output.
public enum IdentifierType: String, Sendable, CaseIterable, Codable, Comparable {
    case mykad
    case oldIC = "old_ic"
    case passport
    case phoneMobile = "phone_mobile"
    case phoneFixed = "phone_fixed"
    case email
    case imsi
    case iccid
    case imei
    case name
    case address
    case postcode
    case state
    case birthDate = "birth_date"
    case gender
    case paymentCard = "payment_card"
    case bankAccount = "bank_account"
    case date
    case other

    public static func < (lhs: IdentifierType, rhs: IdentifierType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The verdict vocabulary of spec §2.3.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Structurally valid; the type is clear.
    case valid = "VALID"
    /// Valid after a repair or from a non-canonical form; the repair is in the notes.
    case validWarn = "VALID+WARN"
    /// Valid as two or more types; the column or nearby keywords decide.
    case ambiguous = "AMBIGUOUS"
    /// Too generic alone; report only when a header or keyword supports it.
    case context = "CONTEXT"
    /// Recognisably an identifier whose digits are lost. Counted, never normalised.
    case mangled = "MANGLED"
    /// A valid identifier of a non-personal kind (toll-free number, company number).
    case notPII = "NOT-PII"
    /// Not this type.
    case invalid = "INVALID"

    /// VALID or VALID+WARN: the value is this type and has a canonical form.
    public var isValid: Bool { self == .valid || self == .validWarn }
}

/// Gender as derived from a MyKad's last digit, a name connector or a gender column.
public enum Gender: String, Sendable, Codable, CaseIterable {
    case male
    case female
}

/// What a detector knows about where the cell came from.
public struct CellContext: Sendable {
    /// The type the column was decided to hold, if any. Repairs (lost leading zeros, a lost trunk
    /// zero) are allowed only when this equals the detector's type (spec §2.2).
    public var columnType: IdentifierType?
    /// The dataset's as-of date: century inference for MyKad (§3.3) and the 02-Singapore rule (§4.9).
    public var referenceDate: CivilDate

    public init(columnType: IdentifierType? = nil, referenceDate: CivilDate = CellContext.defaultReferenceDate) {
        self.columnType = columnType
        self.referenceDate = referenceDate
    }

    /// 2014-07-31, the telco dump's as-of date (spec §1).
    public static let defaultReferenceDate = CivilDate(year: 2014, month: 7, day: 31)!

    /// A cell with no column type: free text or an untyped column.
    public static let untyped = CellContext()
}

/// Facts derived from a valid identifier. Every field is optional; detectors fill what they know.
public struct DerivedFacts: Sendable, Equatable {
    public var birthDate: CivilDate?
    public var gender: Gender?
    /// A Malaysian state (ISO 3166-2:MY number `01`...`16`) from a postcode, a state name, a phone
    /// area code or a MyKad place-of-birth code.
    public var stateCode: String?
    /// The MyKad place-of-birth code and its meaning.
    public var placeOfBirth: String?
    public var bornAbroad: Bool?
    /// Mobile: the operator the prefix was originally allocated to (portable; never "current").
    /// IMSI: the operator behind the MNC.
    public var originalOperator: String?
    /// Phones: `mobile`, `fixed`, `voip`, `tollFree`, `premium`; foreign numbers carry `countryCode`.
    public var phoneKind: String?
    /// E.164 country calling code for a phone, or MCC for an IMSI, when not Malaysian.
    public var countryCode: String?
    /// Town (postcode dataset city) for a postcode.
    public var town: String?

    public init() {}
}

/// One detector's answer for one cell or one span of text.
///
/// `notes` explain a VALID+WARN, CONTEXT or NOT-PII verdict ("left-padded", "mixed separators",
/// "placeholder", "test PAN", "Singapore via 02"). They never contain the value itself.
public struct Detection: Sendable, Equatable {
    public var type: IdentifierType
    public var verdict: Verdict
    /// The canonical form (MyKad 12 digits, phones `+60...`, email with the domain lower-cased,
    /// IMSI/ICCID/IMEI digits only). `nil` unless the verdict is VALID or VALID+WARN, or AMBIGUOUS
    /// where the detector's own reading has a canonical form.
    public var canonical: String?
    public var notes: [String]
    public var facts: DerivedFacts

    public init(type: IdentifierType, verdict: Verdict, canonical: String? = nil, notes: [String] = [], facts: DerivedFacts = DerivedFacts()) {
        self.type = type
        self.verdict = verdict
        self.canonical = canonical
        self.notes = notes
        self.facts = facts
    }

    public static func invalid(_ type: IdentifierType) -> Detection {
        Detection(type: type, verdict: .invalid)
    }
}
