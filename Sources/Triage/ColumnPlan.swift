import Identifiers

/// How the scan treats one column, decided once from the header and the sample (spec §2.2), then
/// fixed for the rest of the stream.
struct ColumnPlan: Sendable {
    var index: Int
    var header: String
    /// The decided type; nil for a column that is not personal data LeakTrace recognises.
    var type: IdentifierType?
    var decidedBy: String
    var sensitive: SensitiveClass?
    var label: String?
    /// Validity measured per cell for the whole stream (identifier columns) or on the sample
    /// only (free-text columns such as names and addresses).
    var validateEveryCell: Bool
    var sampleValid = 0
    var sampleFilled = 0
    var notes: [String] = []
    /// For date columns: day-first order decided over the column (never MM/DD by default).
    var dateOrder: DateOrderChoice = .dayFirst

    var typeId: String { type?.rawValue ?? "other" }

    /// Types whose every cell is validated on the hot path (cheap byte-level detectors).
    static let streamedTypes: Set<IdentifierType> = [
        .mykad, .phoneMobile, .phoneFixed, .email, .imsi, .iccid, .imei, .paymentCard,
        .postcode, .gender, .birthDate, .date, .state, .passport,
    ]

    /// Types that identify a person on their own (a row with one of them valid is not invalid).
    static let identifyingTypes: Set<IdentifierType> = [
        .mykad, .oldIC, .passport, .phoneMobile, .phoneFixed, .email, .imsi, .iccid, .imei, .paymentCard, .bankAccount,
    ]
}

enum DateOrderChoice: Sendable {
    case dayFirst
    case yearFirst
}
