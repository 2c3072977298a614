import Identifiers
import Testing

@Suite("Header vocabulary (spec §11)")
struct HeaderVocabularyTests {
    /// Headers that point to an identifier type.
    static let typed: [(String, IdentifierType)] = [
        ("No KP", .mykad), ("No. K/P", .mykad), ("K/P", .mykad), ("KP Baru", .mykad), ("No Kad Pengenalan", .mykad),
        ("ic", .mykad), ("IC No", .mykad), ("ic_no", .mykad), ("no_ic", .mykad), ("noIC", .mykad), ("icNumber", .mykad),
        ("I/C", .mykad), ("NRIC", .mykad), ("MyKad", .mykad), ("mykid_no", .mykad), ("MyTentera", .mykad),
        ("New IC", .mykad), ("ID No", .mykad), ("No. Pengenalan Diri", .mykad), ("No PERKESO", .mykad), ("socso_no", .mykad),
        ("KP Lama", .oldIC), ("ic_lama", .oldIC), ("Old IC", .oldIC), ("no_kp_lama", .oldIC),
        ("No Pasport", .passport), ("passport_no", .passport), ("passportNumber", .passport),
        ("Tel Rumah", .phoneFixed), ("tel_pejabat", .phoneFixed), ("No. Faks", .phoneFixed), ("fax", .phoneFixed), ("homePhone", .phoneFixed),
        ("No. H/P", .phoneMobile), ("h/p", .phoneMobile), ("no_hp", .phoneMobile), ("Tel Bimbit", .phoneMobile),
        ("handphone", .phoneMobile), ("Mobile No", .phoneMobile), ("MSISDN", .phoneMobile), ("mobileNumber", .phoneMobile),
        ("Emel", .email), ("E-mel", .email), ("email_address", .email), ("EmailAddress", .email), ("E-Mail", .email),
        ("IMSI", .imsi), ("iccid", .iccid), ("No Siri SIM", .iccid), ("sim_serial", .iccid), ("IMEI", .imei), ("imei_no", .imei),
        ("Nama", .name), ("Nama Penuh", .name), ("nama_pelanggan", .name), ("Full Name", .name), ("fullName", .name),
        ("customer_name", .name), ("firstname", .name),
        ("Alamat", .address), ("alamat1", .address), ("Alamat 2", .address), ("alamat_surat-menyurat", .address),
        ("Bandar", .address), ("Daerah", .address), ("mukim", .address), ("city", .address), ("home_address", .address),
        ("Poskod", .postcode), ("postcode", .postcode), ("zip", .postcode), ("postal_code", .postcode), ("ZipCode", .postcode),
        ("Negeri", .state), ("state", .state),
        ("Tarikh Lahir", .birthDate), ("T/Lahir", .birthDate), ("dob", .birthDate), ("Date of Birth", .birthDate),
        ("birth_date", .birthDate), ("dateOfBirth", .birthDate),
        ("Jantina", .gender), ("sex", .gender), ("Gender", .gender),
        ("No Akaun", .bankAccount), ("akaun_bank", .bankAccount), ("Account No.", .bankAccount), ("bank", .bankAccount),
        ("Tarikh Daftar", .date), ("created_at", .date), ("updatedAt", .date), ("activation_date", .date),
        ("timestamp", .date), ("tarikh_aktif", .date), ("Time", .date),
    ]

    @Test("typed headers", arguments: typed)
    func typedHeader(_ header: String, _ expected: IdentifierType) throws {
        let hint = try #require(HeaderVocabulary.classify(header))
        #expect(hint.type == expected, "\(header) matched \(hint.matched)")
    }

    /// A plain `tel` or `phone` is mobile-or-fixed.
    @Test("plain phone headers", arguments: ["Tel", "No Tel", "no_telefon", "Telephone", "phone", "phoneNo"])
    func plainPhone(_ header: String) throws {
        let hint = try #require(HeaderVocabulary.classify(header))
        #expect(hint.type == .phoneMobile)
        #expect(hint.phoneAny)
    }

    /// Headers with no hint: generic column names and short keywords inside longer words.
    @Test("no hint", arguments: [
        "c01", "col1", "field_3", "id", "music", "pic", "php_version", "hotel", "simpanan", "remarks",
        "status", "amount", "quantity", "notes", "Keterangan", "row_no", "candidate", "validate",
    ])
    func noHint(_ header: String) {
        let hint = HeaderVocabulary.classify(header)
        #expect(hint?.type == nil && hint?.sensitiveClass == nil, "\(header) matched \(hint?.matched ?? "")")
    }

    static let sensitive: [(String, SensitiveClass)] = [
        ("Agama", .religion), ("religion", .religion), ("Diagnosis", .health), ("kod_penyakit", .health),
        ("Ubat", .health), ("Alahan", .health), ("Kumpulan Darah", .health), ("ICD", .health), ("icd10_code", .health),
        ("Bangsa", .raceEthnicity), ("Kaum", .raceEthnicity), ("Keturunan", .raceEthnicity), ("ethnicity", .raceEthnicity),
        ("political_party", .politics), ("rekod_jenayah", .offence), ("Saman", .offence), ("criminal_record", .offence),
        ("Cap Jari", .biometric), ("fingerprint_template", .biometric), ("biometric", .biometric),
        ("PUK", .simSecrets), ("puk1", .simSecrets), ("Ki", .simSecrets), ("OPc", .simSecrets),
        ("password_hash", .credentials), ("Kata Laluan", .credentials),
    ]

    @Test("sensitive headers", arguments: sensitive)
    func sensitiveHeader(_ header: String, _ expected: SensitiveClass) throws {
        let hint = try #require(HeaderVocabulary.classify(header))
        #expect(hint.sensitiveClass == expected, "\(header) matched \(hint.matched)")
        #expect(hint.type == nil)
    }

    static let labelled: [(String, String)] = [
        ("No SSM", "ssm"), ("No. Syarikat", "ssm"), ("company_no", "ssm"), ("Nama Syarikat", "ssm"),
        ("No Cukai", "tin"), ("TIN", "tin"), ("SG/OG", "tin"), ("No Ahli KWSP", "epf"), ("EPF No", "epf"),
        ("No Tentera/Polis", "army_police"), ("No Sijil Lahir", "birth_certificate"), ("birth_cert_no", "birth_certificate"),
        ("plan", "plan"), ("package_name", "plan"), ("Warganegara", "nationality"), ("Kewarganegaraan", "nationality"),
        ("handset", "handset"), ("Model Telefon", "handset"), ("username", "username"), ("ip_address", "network"),
        ("MMC No", "professional_registration"),
    ]

    @Test("labelled headers", arguments: labelled)
    func labelledHeader(_ header: String, _ expected: String) throws {
        let hint = try #require(HeaderVocabulary.classify(header))
        #expect(hint.otherLabel == expected, "\(header) matched \(hint.matched)")
    }

    @Test func socsoPointsToMyKad() throws {
        let hint = try #require(HeaderVocabulary.classify("SOCSO No"))
        #expect(hint.type == .mykad)
        #expect(hint.otherLabel == "socso")
    }

    @Test func tokenisation() {
        #expect(HeaderVocabulary.tokens("noIC_baru") == ["no", "ic", "baru"])
        #expect(HeaderVocabulary.tokens("alamat1") == ["alamat", "1"])
        #expect(HeaderVocabulary.tokens("No. K/P", deleteJoiners: true) == ["no", "kp"])
    }
}
