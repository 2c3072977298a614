/// The columns of a synthetic subscriber dump, in output order. Headers mix Malay and English
/// as real telco exports do (spec §11).
public enum SyntheticColumn: Int, Sendable, CaseIterable {
    /// The line's MSISDN in `60...` form (spec §5.4).
    case msisdn
    /// Full name (spec §7).
    case nama
    /// MyKad (12 digits, sometimes `YYMMDD-PB-###G`) or, for a foreigner, a passport-like number.
    case icNo
    case alamat1
    case alamat2
    case poskod
    case bandar
    case negeri
    case imsi
    case iccid
    case imei
    case handset
    case plan
    /// Activation date, `YYYY-MM-DD`, before the reference date.
    case tarikhAktif
    /// `L` (lelaki, male) or `P` (perempuan, female).
    case jantina
    /// Date of birth, `DD/MM/YYYY`; agrees with the MyKad.
    case tarikhLahir
    /// At a reserved example domain only (example.com, example.net, example.org).
    case email
    /// The holder's contact number (the first line's number) in mixed spellings (spec §4.7).
    case noTel

    /// The header text.
    public var header: String {
        switch self {
        case .msisdn: "msisdn"
        case .nama: "nama"
        case .icNo: "ic_no"
        case .alamat1: "alamat1"
        case .alamat2: "alamat2"
        case .poskod: "poskod"
        case .bandar: "bandar"
        case .negeri: "negeri"
        case .imsi: "imsi"
        case .iccid: "iccid"
        case .imei: "imei"
        case .handset: "handset"
        case .plan: "plan"
        case .tarikhAktif: "tarikh_aktif"
        case .jantina: "jantina"
        case .tarikhLahir: "tarikh_lahir"
        case .email: "email"
        case .noTel: "no_tel"
        }
    }

    /// All headers in order.
    public static let headers: [String] = allCases.map(\.header)
}

/// What the generator did to one cell. The ground truth is computed from these.
public enum SyntheticCellStatus: UInt8, Sendable, Codable {
    /// A valid value, in its canonical or an accepted alternative spelling (spec §3.2, §4.7).
    case clean
    /// An empty cell.
    case empty
    /// A deliberately invalid value (see ``SyntheticInvalidKind``).
    case invalid
    /// Spreadsheet damage: a leading `'` (repairable, spec §2.1 N6).
    case excelApostrophe
    /// Spreadsheet damage: a trailing `.0` (repairable).
    case excelFloatSuffix
    /// Spreadsheet damage: lost leading zeros of a MyKad or the trunk zero of a phone
    /// (repairable in a typed column, spec §3.9, §4.6).
    case excelLostZero
    /// Spreadsheet damage: scientific notation; the digits are lost (MANGLED, spec §2.3).
    case excelScientific
    /// Seller padding (`TEST`, `xxxxxxxx`, zeros).
    case filler

    /// Whether the original value can be recovered from the cell by the repairs the spec allows.
    public var isRecoverable: Bool {
        switch self {
        case .clean, .excelApostrophe, .excelFloatSuffix, .excelLostZero: true
        case .empty, .invalid, .excelScientific, .filler: false
        }
    }
}

/// The deliberate errors of invalid rows.
public enum SyntheticInvalidKind: String, Sendable, CaseIterable, Codable {
    /// A MyKad with a place-of-birth code that does not exist (spec §3.4 reject list).
    case mykadPlaceOfBirth = "mykad_pb"
    /// A MyKad with an impossible date (30 February, 31 April, month 13).
    case mykadDate = "mykad_date"
    /// An MSISDN with its last digit lost.
    case phoneShort = "phone_short"
    /// An IMEI whose Luhn check digit is wrong.
    case imeiLuhn = "imei_luhn"
    /// An ICCID cut to 17 digits.
    case iccidShort = "iccid_short"
    /// An IMSI whose MNC is not a Malaysian network (`50299...`).
    case imsiNetwork = "imsi_mnc"

    var column: SyntheticColumn {
        switch self {
        case .mykadPlaceOfBirth, .mykadDate: .icNo
        case .phoneShort: .msisdn
        case .imeiLuhn: .imei
        case .iccidShort: .iccid
        case .imsiNetwork: .imsi
        }
    }
}

/// The kind of a row.
public enum SyntheticRowKind: String, Sendable, Codable {
    /// One SIM line of a (synthetic) person.
    case subscriber
    /// An exact copy of an earlier subscriber row.
    case duplicate
    /// Seller padding; no person.
    case padding
    /// A marked canary person (`CANARY LEAKTRACE`).
    case canary
}

/// Name communities of spec §7.
public enum SyntheticCommunity: String, Sendable, Codable, CaseIterable {
    case malay
    case chinese
    case indian
    /// Sarawak and Sabah indigenous names with `anak`.
    case borneo
    /// A visiting foreigner with a passport-like number.
    case foreign
}
