/// What a column header says about the column (spec §11).
public struct HeaderHint: Sendable, Equatable {
    /// The identifier type the header points to, if any.
    public var type: IdentifierType?
    /// The PDPA class for sensitive headers (religion, diagnosis, race, ...).
    public var sensitiveClass: SensitiveClass?
    /// A label for non-personal or CONTEXT kinds that have no `IdentifierType`: `ssm`, `tin`,
    /// `epf`, `socso`, `eis`, `credential`, `army_police`, `birth_certificate`, `plan`,
    /// `handset`, `nationality`, `race`, `religion`, `health`, `professional_registration`, ...
    public var otherLabel: String?
    /// A plain `tel`/`phone` header: the type is `.phoneMobile` but fixed lines are as likely.
    public var phoneAny: Bool
    /// The vocabulary entry that matched (for explanations in reports; never cell data).
    public var matched: String

    public init(type: IdentifierType? = nil, sensitiveClass: SensitiveClass? = nil, otherLabel: String? = nil, phoneAny: Bool = false, matched: String = "") {
        self.type = type
        self.sensitiveClass = sensitiveClass
        self.otherLabel = otherLabel
        self.phoneAny = phoneAny
        self.matched = matched
    }
}

/// Classifies column headers against the Malay/English vocabulary of spec §11.
///
/// A header is normalised twice: once with `.`, `/`, `-` as token separators and once with them
/// deleted (so `k/p` becomes `kp`, `h/p` becomes `hp`, `e-mel` becomes `emel`). camelCase and
/// letter/digit boundaries also split tokens (`noIC` → `no ic`, `alamat1` → `alamat 1`).
/// Short keywords (`ic`, `hp`, `tel`, `sim`, `ki`, `tin`) match whole tokens only, so `music`,
/// `php`, `hotel` and `simpanan` do not match; longer distinctive keywords also match as
/// substrings of the header with separators removed (`nokadpengenalan`, `emailaddress`).
/// The first matching rule wins; rules are ordered from specific to generic.
public enum HeaderVocabulary {
    private enum Pattern: Sendable {
        /// A contiguous run of whole tokens.
        case tokens([String])
        /// A substring of the header with every separator and space removed.
        /// (`ascii`: the text is ASCII, so the cheap byte test in `classify` applies.)
        case substring(String, ascii: Bool)
    }

    private struct Rule: Sendable {
        var pattern: Pattern
        var hint: HeaderHint
    }

    // MARK: - Normalisation

    /// Splits a header into case-folded tokens.
    /// - Parameters:
    ///   - header: the raw header.
    ///   - deleteJoiners: delete `.`, `/`, `-`, `'` (true) or treat them as separators (false).
    /// - Returns: the tokens, e.g. `["no", "ic"]` for `No_IC`.
    public static func tokens(_ header: String, deleteJoiners: Bool = false) -> [String] {
        var tokens: [String] = []
        var current = ""
        var previous: Character?
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for ch in header {
            if ch == "." || ch == "/" || ch == "-" || ch == "'" || ch == "’" {
                if !deleteJoiners { flush() }
                // A deleted joiner is invisible to the camelCase rule as well.
                continue
            }
            if !(ch.isLetter || ch.isNumber) {
                flush()
                previous = nil
                continue
            }
            if let p = previous, !current.isEmpty {
                let caseBoundary = p.isLowercase && ch.isUppercase
                let digitBoundary = p.isNumber != ch.isNumber
                if caseBoundary || digitBoundary { flush() }
            }
            current.append(contentsOf: ch.lowercased())
            previous = ch
        }
        flush()
        return tokens
    }

    /// Classifies a header.
    /// - Parameter header: the raw column header.
    /// - Returns: the hint of the first matching §11 rule, or `nil` for headers such as `c01`,
    ///   `col1`, `field_3` or `id`.
    public static func classify(_ header: String) -> HeaderHint? {
        let split = tokens(header, deleteJoiners: false)
        let joined = tokens(header, deleteJoiners: true)
        let squashed = joined.joined()
        if squashed.isEmpty { return nil }
        for rule in rules {
            switch rule.pattern {
            case .tokens(let seq):
                if contains(split, seq) || contains(joined, seq) { return rule.hint }
            case .substring(let s, let ascii):
                // The byte test first: it is necessary for an ASCII needle (an ASCII character
                // matches only itself) and much cheaper than the Character search on wide headers.
                if ascii && !bytesContain(squashed, s) { continue }
                if squashed.contains(s) { return rule.hint }
            }
        }
        return nil
    }

    /// Whether the UTF-8 bytes of `needle` occur in those of `haystack`.
    private static func bytesContain(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                guard let first = n.first else { return true }
                var i = 0
                while i + n.count <= h.count {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    private static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    // MARK: - Rules

    private static func t(_ words: String, _ hint: HeaderHint) -> Rule {
        Rule(pattern: .tokens(words.split(separator: " ").map(String.init)), hint: withMatch(hint, words))
    }

    private static func s(_ text: String, _ hint: HeaderHint) -> Rule {
        Rule(pattern: .substring(text, ascii: text.utf8.allSatisfy { $0 < 0x80 }), hint: withMatch(hint, text))
    }

    private static func withMatch(_ hint: HeaderHint, _ word: String) -> HeaderHint {
        var h = hint
        h.matched = word
        return h
    }

    private static func type(_ t: IdentifierType, label: String? = nil) -> HeaderHint {
        HeaderHint(type: t, otherLabel: label)
    }

    private static func label(_ l: String, sensitive: SensitiveClass? = nil) -> HeaderHint {
        HeaderHint(sensitiveClass: sensitive, otherLabel: l)
    }

    private static func sensitive(_ c: SensitiveClass, label l: String) -> HeaderHint {
        HeaderHint(sensitiveClass: c, otherLabel: l)
    }

    private static let anyPhone = HeaderHint(type: .phoneMobile, phoneAny: true)

    /// Ordered rules: specific before generic (old IC before IC, birth certificate before birth
    /// date, company name before name, email address before address, fixed and mobile phones
    /// before a plain `tel`).
    private static let rules: [Rule] = [
        // Network and file names are not personal columns despite "address"/"name".
        t("ip address", label("network")), t("ip addr", label("network")), t("mac address", label("network")),
        s("ipaddress", label("network")), s("macaddress", label("network")),
        t("ip", label("network")),
        s("filename", label("file")), t("file name", label("file")), s("hostname", label("network")),
        // Credentials and SIM secrets (§5.5, §8.9).
        t("puk", label("credential", sensitive: .simSecrets)), t("pin", label("credential", sensitive: .simSecrets)),
        t("ki", label("credential", sensitive: .simSecrets)), t("opc", label("credential", sensitive: .simSecrets)),
        s("password", label("credential", sensitive: .credentials)), s("passwd", label("credential", sensitive: .credentials)),
        t("pwd", label("credential", sensitive: .credentials)), t("kata laluan", label("credential", sensitive: .credentials)),
        t("hash", label("credential", sensitive: .credentials)), s("passwordhash", label("credential", sensitive: .credentials)),
        s("katalaluan", label("credential", sensitive: .credentials)),
        // Logins look like names but are account identifiers.
        s("username", label("username")), t("user name", label("username")), t("nama pengguna", label("username")),
        t("login", label("username")), t("userid", label("username")),
        // Company (§8.6) before "name" and "no".
        t("ssm", label("ssm")), t("no syarikat", label("ssm")), t("nama syarikat", label("ssm")),
        t("pendaftaran syarikat", label("ssm")), t("company no", label("ssm")), t("company name", label("ssm")),
        t("company", label("ssm")), t("syarikat", label("ssm")), t("roc", label("ssm")), t("rob", label("ssm")),
        // Tax (§8.6).
        t("no cukai", label("tin")), t("cukai pendapatan", label("tin")), t("rujukan cukai", label("tin")),
        t("cukai", label("tin")), t("tin", label("tin")), t("sg og", label("tin")), t("sgog", label("tin")), t("tax", label("tin")),
        // EPF / SOCSO / EIS (§8.5). SOCSO numbers are IC numbers.
        t("kwsp", label("epf")), t("epf", label("epf")),
        t("perkeso", type(.mykad, label: "socso")), t("socso", type(.mykad, label: "socso")), t("ssn", type(.mykad, label: "socso")),
        t("sip", label("eis")), t("eis", label("eis")),
        // Professional registration numbers (§8.8): personal, not sensitive.
        t("mmc", label("professional_registration")), t("apc", label("professional_registration")),
        t("nsr", label("professional_registration")),
        // Birth certificate before birth date.
        t("sijil lahir", label("birth_certificate")), s("sijillahir", label("birth_certificate")),
        t("birth cert", label("birth_certificate")), s("birthcert", label("birth_certificate")),
        // Old IC before IC; MyTentera before the army rule.
        t("kp lama", type(.oldIC)), t("ic lama", type(.oldIC)), t("old ic", type(.oldIC)), s("oldic", type(.oldIC)),
        s("kplama", type(.oldIC)), s("iclama", type(.oldIC)),
        s("mytentera", type(.mykad)),
        t("tentera", label("army_police")), t("polis", label("army_police")), t("police", label("army_police")),
        t("army", label("army_police")), t("service no", label("army_police")), t("service number", label("army_police")),
        // NRIC.
        s("mykad", type(.mykad)), s("mykid", type(.mykad)), s("mypr", type(.mykad)), s("mykas", type(.mykad)),
        s("nric", type(.mykad)), s("kadpengenalan", type(.mykad)), s("pengenalan", type(.mykad)),
        t("kp", type(.mykad)), t("kp baru", type(.mykad)), t("ic", type(.mykad)), t("new ic", type(.mykad)),
        t("id no", type(.mykad)), t("id number", type(.mykad)), t("no id", type(.mykad)),
        t("identity card", type(.mykad)), t("national id", type(.mykad)),
        // Passport.
        s("passport", type(.passport)), s("pasport", type(.passport)),
        // SIM and device (§5).
        s("imsi", type(.imsi)), s("iccid", type(.iccid)), s("imei", type(.imei)),
        t("siri sim", type(.iccid)), t("sim serial", type(.iccid)), t("sim no", type(.iccid)), t("sim", type(.iccid)),
        s("simserial", type(.iccid)),
        t("handset", label("handset")), t("model telefon", label("handset")), t("phone model", label("handset")),
        t("device model", label("handset")),
        // Phones: fixed and mobile before generic.
        t("tel rumah", type(.phoneFixed)), t("tel pejabat", type(.phoneFixed)), t("telefon rumah", type(.phoneFixed)),
        t("telefon pejabat", type(.phoneFixed)), t("faks", type(.phoneFixed)), t("fax", type(.phoneFixed)),
        t("home phone", type(.phoneFixed)), t("office phone", type(.phoneFixed)), t("phone home", type(.phoneFixed)),
        t("phone office", type(.phoneFixed)), t("tel office", type(.phoneFixed)), t("tel home", type(.phoneFixed)),
        t("landline", type(.phoneFixed)), s("telrumah", type(.phoneFixed)), s("telpejabat", type(.phoneFixed)),
        t("hp", type(.phoneMobile)), s("bimbit", type(.phoneMobile)), s("handphone", type(.phoneMobile)),
        t("mobile", type(.phoneMobile)), s("mobileno", type(.phoneMobile)), s("msisdn", type(.phoneMobile)),
        t("cell", type(.phoneMobile)), t("cellphone", type(.phoneMobile)), t("mobile phone", type(.phoneMobile)),
        t("tel", anyPhone), s("telefon", anyPhone), s("telephone", anyPhone), s("phone", anyPhone), t("contact no", anyPhone),
        // Email.
        s("email", type(.email)), t("emel", type(.email)), t("e mel", type(.email)), t("e mail", type(.email)), t("mail", type(.email)),
        // Birth date before date, gender.
        t("tarikh lahir", type(.birthDate)), t("tkh lahir", type(.birthDate)), s("tarikhlahir", type(.birthDate)),
        t("t lahir", type(.birthDate)), t("tlahir", type(.birthDate)), t("dob", type(.birthDate)),
        t("date of birth", type(.birthDate)), t("birth date", type(.birthDate)), s("birthdate", type(.birthDate)),
        s("dateofbirth", type(.birthDate)), t("birthday", type(.birthDate)), t("lahir", type(.birthDate)),
        s("jantina", type(.gender)), t("sex", type(.gender)), s("gender", type(.gender)),
        // Sensitive classes (§8.8, §9).
        t("agama", sensitive(.religion, label: "religion")), s("religion", sensitive(.religion, label: "religion")),
        s("diagnosis", sensitive(.health, label: "health")), s("diagnos", sensitive(.health, label: "health")),
        s("penyakit", sensitive(.health, label: "health")), t("ubat", sensitive(.health, label: "health")),
        s("ubatan", sensitive(.health, label: "health")), s("alahan", sensitive(.health, label: "health")),
        s("allerg", sensitive(.health, label: "health")), t("kumpulan darah", sensitive(.health, label: "health")),
        t("blood type", sensitive(.health, label: "health")), t("blood group", sensitive(.health, label: "health")),
        s("bloodtype", sensitive(.health, label: "health")), t("icd", sensitive(.health, label: "health")),
        s("icd10", sensitive(.health, label: "health")), s("medication", sensitive(.health, label: "health")),
        t("oku", sensitive(.health, label: "health")), s("kecacatan", sensitive(.health, label: "health")),
        s("disabilit", sensitive(.health, label: "health")), t("hiv", sensitive(.health, label: "health")),
        t("medical", sensitive(.health, label: "health")), t("disease", sensitive(.health, label: "health")),
        t("vaccination", sensitive(.health, label: "health")), t("vaksin", sensitive(.health, label: "health")),
        t("bangsa", sensitive(.raceEthnicity, label: "race")), t("kaum", sensitive(.raceEthnicity, label: "race")),
        s("keturunan", sensitive(.raceEthnicity, label: "race")), t("race", sensitive(.raceEthnicity, label: "race")),
        s("ethnic", sensitive(.raceEthnicity, label: "race")),
        s("politic", sensitive(.politics, label: "politics")), s("politik", sensitive(.politics, label: "politics")),
        t("parti", sensitive(.politics, label: "politics")), t("party membership", sensitive(.politics, label: "politics")),
        t("undi", sensitive(.politics, label: "politics")), t("vote", sensitive(.politics, label: "politics")),
        s("offence", sensitive(.offence, label: "offence")), s("offense", sensitive(.offence, label: "offence")),
        s("criminal", sensitive(.offence, label: "offence")), s("jenayah", sensitive(.offence, label: "offence")),
        t("saman", sensitive(.offence, label: "offence")), s("summons", sensitive(.offence, label: "offence")),
        t("arrest", sensitive(.offence, label: "offence")), t("conviction", sensitive(.offence, label: "offence")),
        t("court case", sensitive(.offence, label: "offence")), t("kes mahkamah", sensitive(.offence, label: "offence")),
        s("fingerprint", sensitive(.biometric, label: "biometric")), t("cap jari", sensitive(.biometric, label: "biometric")),
        s("capjari", sensitive(.biometric, label: "biometric")), s("biometri", sensitive(.biometric, label: "biometric")),
        s("thumbprint", sensitive(.biometric, label: "biometric")), t("face template", sensitive(.biometric, label: "biometric")),
        // Nationality: personal, not s. 4.
        s("warganegara", label("nationality")), s("nationality", label("nationality")), s("citizenship", label("nationality")),
        // Bank (§8.3) before name ("nama bank" is the bank, not a person).
        t("nama bank", label("bank_name")), t("bank name", label("bank_name")),
        t("no akaun", type(.bankAccount)), t("akaun bank", type(.bankAccount)), t("account no", type(.bankAccount)),
        t("account number", type(.bankAccount)), t("bank account", type(.bankAccount)), t("acct no", type(.bankAccount)),
        s("accountno", type(.bankAccount)), s("bankaccount", type(.bankAccount)), t("akaun", type(.bankAccount)),
        t("bank", type(.bankAccount)),
        // Plan / package (telco product, not personal).
        t("plan", label("plan")), t("package", label("plan")), t("pakej", label("plan")), t("pelan", label("plan")),
        t("product name", label("plan")),
        // Names (§7).
        s("namapenuh", type(.name)), s("namapelanggan", type(.name)), t("nama", type(.name)), t("name", type(.name)),
        s("fullname", type(.name)), s("firstname", type(.name)), s("lastname", type(.name)), s("surname", type(.name)),
        s("givenname", type(.name)), s("customername", type(.name)), s("custname", type(.name)),
        // Address parts (§6.3): postcode and state before the address words.
        s("poskod", type(.postcode)), s("postcode", type(.postcode)), s("postalcode", type(.postcode)),
        t("postal code", type(.postcode)), t("kod pos", type(.postcode)), t("zip", type(.postcode)), s("zipcode", type(.postcode)),
        t("negeri", type(.state)), t("state", type(.state)), t("province", type(.state)),
        s("alamat", type(.address)), s("address", type(.address)), t("addr", type(.address)),
        t("bandar", type(.address)), t("daerah", type(.address)), t("mukim", type(.address)), t("city", type(.address)),
        t("town", type(.address)), t("street", type(.address)), t("jalan", type(.address)),
        // Date-like headers last: "tarikh daftar", "created_at", "activation_date".
        s("tarikh", type(.date)), t("tkh", type(.date)), t("date", type(.date)), s("datetime", type(.date)),
        s("timestamp", type(.date)), t("time", type(.date)), t("created", type(.date)), t("updated", type(.date)),
        t("modified", type(.date)), s("activation", type(.date)), t("activated", type(.date)), t("aktif", type(.date)),
        t("aktivasi", type(.date)), t("expiry", type(.date)), t("tamat", type(.date)), t("dt", type(.date)),
        s("regdate", type(.date)), t("registered", type(.date)),
    ]
}
