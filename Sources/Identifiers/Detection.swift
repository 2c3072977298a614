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
    @inlinable @inline(__always) public var isValid: Bool { self == .valid || self == .validWarn }
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
///
/// The string facts a detector takes from a fixed table (a state number, a place-of-birth code,
/// a phone kind, an operator) are stored as small numbers and read back as the table's shared
/// strings; anything else (a foreign country code, a town, a value no table holds) lives in a
/// box. A detection is made for every cell a scan reads, and this keeps it small: copying or
/// dropping one touches two references instead of seven.
public struct DerivedFacts: Sendable, Equatable {
    public var birthDate: CivilDate?
    public var gender: Gender?
    public var bornAbroad: Bool?

    /// 0: nil; `FactTables.boxed`: in `extra`; else 1 + the table index.
    private var stateNumber: UInt8 = 0
    /// `originalOperator` as 1 + its index in `FactTables.operators`, so a scan counts
    /// operators in an array; 0 when unset, `FactTables.boxed` when no table has it.
    package var operatorTableNumber: UInt8 { operatorNumber }
    private var placeNumber: UInt8 = 0
    private var kindNumber: UInt8 = 0
    private var operatorNumber: UInt8 = 0
    private var extra: Extra?

    /// The facts no table holds. Immutable: a change makes a new box, so copies never share a
    /// mutation.
    private final class Extra: Sendable {
        let values: [Field: String]

        init(_ values: [Field: String]) {
            self.values = values
        }
    }

    private enum Field: Sendable { case state, place, kind, `operator`, country, town }

    private mutating func setExtra(_ field: Field, _ value: String?) {
        var values = extra?.values ?? [:]
        values[field] = value
        extra = values.isEmpty ? nil : Extra(values)
    }

    private static func read(_ number: UInt8, _ table: [String], _ boxed: String??) -> String? {
        switch number {
        case 0: return nil
        case FactTables.boxed: return boxed ?? nil
        default: return table[Int(number) - 1]
        }
    }

    /// Stores `value` as a table number when the table has it, else in the box.
    /// - Returns: the new number for the field whose number was `old`.
    private mutating func write(_ value: String?, _ table: [String], _ field: Field, old: UInt8) -> UInt8 {
        if let value, let i = table.firstIndex(of: value) {
            if old == FactTables.boxed { setExtra(field, nil) }
            return UInt8(i + 1)
        } else if let value {
            setExtra(field, value)
            return FactTables.boxed
        }
        if old == FactTables.boxed { setExtra(field, nil) }
        return 0
    }

    /// A Malaysian state (ISO 3166-2:MY number `01`...`16`) from a postcode, a state name, a phone
    /// area code or a MyKad place-of-birth code.
    public var stateCode: String? {
        get { Self.read(stateNumber, FactTables.twoDigits, extra?.values[.state]) }
        set { stateNumber = write(newValue, FactTables.twoDigits, .state, old: stateNumber) }
    }

    /// The MyKad place-of-birth code and its meaning.
    public var placeOfBirth: String? {
        get { Self.read(placeNumber, PlaceOfBirth.descriptions, extra?.values[.place]) }
        set { placeNumber = write(newValue, PlaceOfBirth.descriptions, .place, old: placeNumber) }
    }

    /// Mobile: the operator the prefix was originally allocated to (portable; never "current").
    /// IMSI: the operator behind the MNC.
    public var originalOperator: String? {
        get { Self.read(operatorNumber, FactTables.operators, extra?.values[.operator]) }
        set { operatorNumber = write(newValue, FactTables.operators, .operator, old: operatorNumber) }
    }

    /// Phones: `mobile`, `fixed`, `voip`, `tollFree`, `premium`; foreign numbers carry `countryCode`.
    public var phoneKind: String? {
        get { Self.read(kindNumber, FactTables.phoneKinds, extra?.values[.kind]) }
        set { kindNumber = write(newValue, FactTables.phoneKinds, .kind, old: kindNumber) }
    }

    /// E.164 country calling code for a phone, or MCC for an IMSI, when not Malaysian.
    public var countryCode: String? {
        get { extra?.values[.country] }
        set { setExtra(.country, newValue) }
    }

    /// Town (postcode dataset city) for a postcode.
    public var town: String? {
        get { extra?.values[.town] }
        set { setExtra(.town, newValue) }
    }

    public init() {}

    // Hot-path setters: the detectors know the table number already.

    /// A state number 0...99 (`stateCode` is its two digits).
    mutating func setState(number: Int) {
        if stateNumber == FactTables.boxed { setExtra(.state, nil) }
        stateNumber = UInt8(number + 1)
    }

    /// A MyKad place-of-birth code that `PlaceOfBirth` knows.
    mutating func setPlaceOfBirth(code: Int) {
        if placeNumber == FactTables.boxed { setExtra(.place, nil) }
        placeNumber = UInt8(code + 1)
    }

    /// A number from `FactTables` (1 + index in `operators`; 0 leaves the operator unset).
    mutating func setOperator(number: UInt8) {
        if operatorNumber == FactTables.boxed { setExtra(.operator, nil) }
        operatorNumber = number
    }

    mutating func setPhoneKind(_ kind: PhoneKind) {
        if kindNumber == FactTables.boxed { setExtra(.kind, nil) }
        kindNumber = UInt8(FactTables.phoneKindIndex(kind) + 1)
    }

    public static func == (a: DerivedFacts, b: DerivedFacts) -> Bool {
        a.birthDate == b.birthDate && a.gender == b.gender && a.bornAbroad == b.bornAbroad
            && a.stateCode == b.stateCode && a.placeOfBirth == b.placeOfBirth && a.originalOperator == b.originalOperator
            && a.phoneKind == b.phoneKind && a.countryCode == b.countryCode && a.town == b.town
    }
}

/// The tables `DerivedFacts` numbers its string facts by.
package enum FactTables {
    package static let boxed: UInt8 = 255
    /// `00`...`99`.
    static let twoDigits: [String] = (0 ..< 100).map { $0 < 10 ? "0\($0)" : "\($0)" }
    static let phoneKinds: [String] = PhoneKind.allCases.map(\.rawValue)
    static func phoneKindIndex(_ kind: PhoneKind) -> Int {
        switch kind {
        case .mobile: 0
        case .fixed: 1
        case .voip: 2
        case .tollFree: 3
        case .premium: 4
        }
    }

    /// Every operator name a detector gives: mobile prefixes' original operators and IMSI brands.
    package static let operators: [String] = {
        var names = PhoneMetadata.operatorNames
        for entry in MobileNetworkCodes.malaysia where !names.contains(entry.brand) { names.append(entry.brand) }
        precondition(names.count < Int(boxed))
        return names
    }()

    /// An operator name's number (1 + its index in `operators`), 0 if it is not there.
    static func operatorNumber(_ name: String) -> UInt8 {
        operators.firstIndex(of: name).map { UInt8($0 + 1) } ?? 0
    }

    /// `PhoneMetadata.operatorNames[i]`'s number: `operators` begins with those names. A
    /// function, not a table: a global table costs a call to check that it is initialised on every
    /// read (`swift_once`), and a scan reads this once per mobile number.
    @inline(__always)
    static func phoneOperatorNumber(_ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: index + 1)
    }
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
