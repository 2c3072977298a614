import Identifiers
import Triage

/// The catalogue of data classes a breach can expose, HIBP's names where HIBP has one.
///
/// Each class has a fixed bit in the index's per-entry mask (`IndexEntry.classes`): bits are
/// stored, so a class never moves and a new one takes the next free bit.
public enum DataClass: Int, Sendable, CaseIterable, Codable {
    case governmentIDs = 0
    case passportNumbers = 1
    case phoneNumbers = 2
    case emailAddresses = 3
    case simCardDetails = 4
    case deviceInformation = 5
    case names = 6
    case physicalAddresses = 7
    case geographicLocations = 8
    case datesOfBirth = 9
    case genders = 10
    case creditCards = 11
    case bankAccountNumbers = 12
    case healthRecords = 13
    case religions = 14
    case politicalViews = 15
    case criminalRecords = 16
    case biometricData = 17
    case ethnicities = 18
    case passwords = 19
    case financialInformation = 20

    /// The display name, as HIBP writes its data classes.
    public var title: String {
        switch self {
        case .governmentIDs: "Government issued IDs"
        case .passportNumbers: "Passport numbers"
        case .phoneNumbers: "Phone numbers"
        case .emailAddresses: "Email addresses"
        case .simCardDetails: "SIM card details"
        case .deviceInformation: "Device information"
        case .names: "Names"
        case .physicalAddresses: "Physical addresses"
        case .geographicLocations: "Geographic locations"
        case .datesOfBirth: "Dates of birth"
        case .genders: "Genders"
        case .creditCards: "Credit cards"
        case .bankAccountNumbers: "Bank account numbers"
        case .healthRecords: "Health records"
        case .religions: "Religions"
        case .politicalViews: "Political views"
        case .criminalRecords: "Criminal records"
        case .biometricData: "Biometric data"
        case .ethnicities: "Ethnicities"
        case .passwords: "Passwords"
        case .financialInformation: "Financial information"
        }
    }

    /// The Malay display name, for the citizen page.
    public var titleMalay: String {
        switch self {
        case .governmentIDs: "Nombor kad pengenalan"
        case .passportNumbers: "Nombor pasport"
        case .phoneNumbers: "Nombor telefon"
        case .emailAddresses: "Alamat e-mel"
        case .simCardDetails: "Butiran kad SIM"
        case .deviceInformation: "Maklumat peranti"
        case .names: "Nama"
        case .physicalAddresses: "Alamat rumah"
        case .geographicLocations: "Lokasi geografi"
        case .datesOfBirth: "Tarikh lahir"
        case .genders: "Jantina"
        case .creditCards: "Kad kredit"
        case .bankAccountNumbers: "Nombor akaun bank"
        case .healthRecords: "Rekod kesihatan"
        case .religions: "Agama"
        case .politicalViews: "Pandangan politik"
        case .criminalRecords: "Rekod jenayah"
        case .biometricData: "Data biometrik"
        case .ethnicities: "Keturunan"
        case .passwords: "Kata laluan"
        case .financialInformation: "Maklumat kewangan"
        }
    }

    public var bit: UInt64 { UInt64(1) << UInt64(rawValue) }

    public init?(title: String) {
        guard let found = DataClass.allCases.first(where: { $0.title == title }) else { return nil }
        self = found
    }

    /// The class a column of this identifier type exposes.
    public init?(_ type: IdentifierType) {
        switch type {
        case .mykad, .oldIC: self = .governmentIDs
        case .passport: self = .passportNumbers
        case .phoneMobile, .phoneFixed: self = .phoneNumbers
        case .email: self = .emailAddresses
        case .imsi, .iccid: self = .simCardDetails
        case .imei: self = .deviceInformation
        case .name: self = .names
        case .address, .postcode: self = .physicalAddresses
        case .state: self = .geographicLocations
        case .birthDate: self = .datesOfBirth
        case .gender: self = .genders
        case .paymentCard: self = .creditCards
        case .bankAccount: self = .bankAccountNumbers
        case .date, .other: return nil
        }
    }

    public init(_ sensitive: SensitiveClass) {
        switch sensitive {
        case .health: self = .healthRecords
        case .religion: self = .religions
        case .politics: self = .politicalViews
        case .offence: self = .criminalRecords
        case .biometric: self = .biometricData
        case .raceEthnicity: self = .ethnicities
        case .credentials: self = .passwords
        case .simSecrets: self = .simCardDetails
        case .financial: self = .financialInformation
        }
    }

    /// The classes of a mask, in HIBP's order (alphabetical by title).
    public static func titles(of mask: UInt64) -> [String] {
        allCases.filter { mask & $0.bit != 0 }.map(\.title).sorted()
    }

    public static func classes(of mask: UInt64) -> [DataClass] {
        allCases.filter { mask & $0.bit != 0 }.sorted { $0.title < $1.title }
    }

    /// The mask of one record's identity facts (see `RecordIdentities`).
    public static func mask(types: UInt32, sensitive: UInt16) -> UInt64 {
        var mask: UInt64 = 0
        for type in IdentifierType.allCases where types & (UInt32(1) << UInt32(type.ordinal)) != 0 {
            if let c = DataClass(type) { mask |= c.bit }
        }
        for (i, s) in SensitiveClass.allCases.enumerated() where sensitive & (UInt16(1) << UInt16(i)) != 0 {
            mask |= DataClass(s).bit
        }
        return mask
    }
}
