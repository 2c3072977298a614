// The Malaysian national-number patterns below are pasted verbatim from python-phonenumbers 9.0.43
// `phonenumbers/data/region_MY.py`, which is generated from Google's libphonenumber metadata.
// Copyright (C) 2009 The Libphonenumber Authors. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0). Refresh them deliberately and rerun the §12 tests
// (spec §4.4: the patterns drift between releases).

/// The kind of a Malaysian national number, from the pinned libphonenumber classes (spec §4.4).
public enum PhoneKind: String, Sendable, CaseIterable {
    case mobile
    case fixed
    case voip
    case tollFree
    case premium
}

/// Pinned phone numbering data for Malaysia (spec §4.2–§4.5) and the data versions of the module.
public enum PhoneMetadata {
    /// The pinned data versions from the spec header, for `--version`.
    public static let dataVersions: [String: String] = [
        "placeOfBirth": "python-stdnum 2.2 stdnum/my/bp.dat",
        "phone": "python-phonenumbers 9.0.43 (libphonenumber metadata, region MY)",
        "mccMnc": "python-stdnum imsi.dat (master); pbakondy/mcc-mnc-list 97bc165 (2023-04-04)",
        "postcodes": "AsyrafHussin/malaysia-postcodes 99958fe (2025-12-28)",
    ]

    /// §4.4 fixedLine (NSN length 8, 9).
    public static let fixedLine = DigitPattern(#"427[01]\d{4}|(?:3(?:2[0-36-9]|3[0-368]|4[0-278]|5[0-24-8]|6[0-467]|7[1246-9]|8\d|9[0-57])\d|4(?:2[0-689]|[3-79]\d|8[1-35689])|5(?:2[0-589]|[3468]\d|5[0-489]|7[1-9]|9[23])|6(?:2[2-9]|3[1357-9]|[46]\d|5[0-6]|7[0-35-9]|85|9[015-8])|7(?:[2579]\d|3[03-68]|4[0-8]|6[5-9]|8[0-35-9])|8(?:[24][2-8]|3[2-5]|5[2-7]|6[2-589]|7[2-578]|[89][2-9])|9(?:0[57]|13|[25-7]\d|[3489][0-8]))\d{5}"#)

    /// §4.4 mobile (NSN length 9, 10).
    public static let mobile = DigitPattern(#"1(?:(?:1888[689]|4400|8(?:47|8[27])[0-4])\d{4}|9\d{7,8})|1(?:0(?:[23568]\d|4[0-6]|7[016-9]|9[0-8])|1(?:[1-5]\d\d|6(?:0[5-9]|[1-9]\d)|7(?:[0-4]\d|5[0-79]|6[02-4]|8[02-5]))|(?:[26]\d|[37][1-9]|4[235-9])\d|5(?:31|9\d\d)|8(?:1[23]|[236]\d|4[06]|5(?:46|[7-9])|7[016-9]|8[01]|9[0-8]))\d{5}"#)

    /// §4.4 tollFree (10).
    public static let tollFree = DigitPattern(#"1[378]00\d{6}"#)

    /// §4.4 premiumRate (10).
    public static let premiumRate = DigitPattern(#"1600\d{6}"#)

    /// §4.4 voip (10).
    public static let voip = DigitPattern(#"15(?:4(?:6[0-4]\d|8(?:0[125]|[17]\d|21|3[01]|4[01589]|5[014]|6[02]))|6(?:32[0-6]|78\d))\d{4}"#)

    /// §4.5 structural superset, the cheap pre-filter run before the exact patterns.
    public static let superset = DigitPattern(#"^(?:1(?:[02-46-8]\d{7}|[18]\d{8}|9\d{7,8}|5(?:31\d{5}|[469]\d{7})|[3678]00\d{6})|3\d{8}|[4-79]\d{7}|8[2-9]\d{6})$"#)

    /// §4.5 and §4.4 compiled into one automaton: bit 0 superset, 1 tollFree, 2 premiumRate,
    /// 3 voip, 4 mobile, 5 fixedLine. Built at first use.
    package static let classifier = DigitAutomaton([superset, tollFree, premiumRate, voip, mobile, fixedLine])

    /// Classifies a Malaysian NSN (digits, no trunk 0 or country code) by the pinned patterns.
    ///
    /// One pass of `classifier` answers all six patterns at once; the decision below is the
    /// one `referenceKind(ofNSN:)` takes pattern by pattern.
    ///
    /// - Returns: the kind, or `nil` when the number is not valid.
    public static func kind(ofNSN nsn: UnsafeBufferPointer<UInt8>) -> PhoneKind? {
        guard nsn.count >= 8, nsn.count <= 10 else { return nil }
        let mask = classifier.matchMask(nsn)
        guard mask & 1 != 0 else { return nil }
        if nsn[0] == UInt8(ascii: "1") {
            if nsn.count == 10 {
                if mask & 2 != 0 { return .tollFree }
                if mask & 4 != 0 { return .premium }
                if mask & 8 != 0 { return .voip }
            }
            return mask & 16 != 0 ? .mobile : nil
        }
        return mask & 32 != 0 ? .fixed : nil
    }

    /// The original classifier: each pattern run by backtracking. The reference for tests.
    package static func referenceKind(ofNSN nsn: UnsafeBufferPointer<UInt8>) -> PhoneKind? {
        guard nsn.count >= 8, nsn.count <= 10, superset.matchesByBacktracking(nsn) else { return nil }
        if nsn[0] == UInt8(ascii: "1") {
            if nsn.count == 10 {
                if tollFree.matchesByBacktracking(nsn) { return .tollFree }
                if premiumRate.matchesByBacktracking(nsn) { return .premium }
                if voip.matchesByBacktracking(nsn) { return .voip }
            }
            return mobile.matchesByBacktracking(nsn) ? .mobile : nil
        }
        return fixedLine.matchesByBacktracking(nsn) ? .fixed : nil
    }

    /// Classifies an NSN given as a string.
    public static func kind(ofNSN nsn: String) -> PhoneKind? {
        CellBytes.withBytes(nsn) { kind(ofNSN: $0) }
    }

    // MARK: - Original allocation (§4.2)

    /// The operator a mobile NSN's prefix was originally allocated to, at the 3-digit trunk level
    /// (4 digits for `014` and `01531`, whose blocks are split). `nil` for mixed ranges
    /// (`010`, `011`, `015`, `018`): finer blocks differ between metadata versions (§4.2).
    /// Portability means this is never the current operator.
    static func originalOperator(nsn: UnsafeBufferPointer<UInt8>) -> String? {
        originalOperatorIndex(nsn: nsn).map { operatorNames[$0] }
    }

    /// The names `originalOperatorIndex` indexes.
    static let operatorNames = ["Maxis", "Celcom", "DiGi", "Tune Talk"]

    /// `originalOperator` as an index into `operatorNames` (the detector stores the number).
    static func originalOperatorIndex(nsn: UnsafeBufferPointer<UInt8>) -> Int? {
        let maxis = 0, celcom = 1, digi = 2, tuneTalk = 3
        guard nsn.count >= 4, nsn[0] == UInt8(ascii: "1") else { return nil }
        switch nsn[1] {
        case UInt8(ascii: "2"), UInt8(ascii: "7"): return maxis
        case UInt8(ascii: "3"), UInt8(ascii: "9"): return celcom
        case UInt8(ascii: "6"): return digi
        case UInt8(ascii: "4"):
            switch nsn[2] {
            case UInt8(ascii: "2"), UInt8(ascii: "7"): return maxis
            case UInt8(ascii: "3"), UInt8(ascii: "6"), UInt8(ascii: "9"): return digi
            case UInt8(ascii: "5"), UInt8(ascii: "8"): return celcom
            case UInt8(ascii: "4"): return tuneTalk
            default: return nil
            }
        case UInt8(ascii: "5"):
            return nsn[2] == UInt8(ascii: "3") && nsn[3] == UInt8(ascii: "1") ? tuneTalk : nil
        default: return nil
        }
    }

    // MARK: - Landline areas (§4.3)

    /// Main places covered by a landline NSN's area code, for reports (`"Kuching, ..."`).
    public static func areaCoverage(ofNSN nsn: String) -> String? {
        let utf8 = Array(nsn.utf8)
        guard let first = utf8.first else { return nil }
        switch first {
        case UInt8(ascii: "3"): return "Selangor, WP Kuala Lumpur, WP Putrajaya"
        case UInt8(ascii: "4"): return "Perlis, Kedah, Pulau Pinang, north Perak"
        case UInt8(ascii: "5"): return "Perak, Cameron Highlands"
        case UInt8(ascii: "6"): return "Melaka, Negeri Sembilan, north-west Johor"
        case UInt8(ascii: "7"): return "Johor"
        case UInt8(ascii: "9"): return "Kelantan, Terengganu, Pahang"
        case UInt8(ascii: "8"):
            guard utf8.count > 1 else { return nil }
            switch utf8[1] {
            case UInt8(ascii: "2"): return "Kuching, Samarahan, Serian, Bau, Lundu (Sarawak)"
            case UInt8(ascii: "3"): return "Sri Aman, Betong, Saratok, Lubok Antu (Sarawak)"
            case UInt8(ascii: "4"): return "Sibu, Sarikei, Kapit, Mukah, Bintangor (Sarawak)"
            case UInt8(ascii: "5"): return "Miri, Limbang, Lawas, Marudi (Sarawak)"
            case UInt8(ascii: "6"): return "Bintulu, Belaga, Tatau (Sarawak)"
            case UInt8(ascii: "7"): return "WP Labuan, Beaufort, Keningau, Tenom, Sipitang (Sabah)"
            case UInt8(ascii: "8"): return "Kota Kinabalu, Kudat, Tuaran, Ranau, Papar, Kota Belud (Sabah)"
            case UInt8(ascii: "9"): return "Sandakan, Tawau, Lahad Datu, Semporna, Kunak (Sabah)"
            default: return nil
            }
        default: return nil
        }
    }

    /// The state (ISO 3166-2:MY number) of a landline area that lies in one state only.
    static func stateCode(fixedNSN nsn: UnsafeBufferPointer<UInt8>) -> String? {
        stateNumber(fixedNSN: nsn).map { FactTables.twoDigits[$0] }
    }

    /// `stateCode(fixedNSN:)` as a number (`1` for `01`).
    static func stateNumber(fixedNSN nsn: UnsafeBufferPointer<UInt8>) -> Int? {
        guard nsn.count >= 2 else { return nil }
        switch (nsn[0], nsn[1]) {
        case (UInt8(ascii: "7"), _): return 1
        case (UInt8(ascii: "8"), UInt8(ascii: "2")...UInt8(ascii: "6")): return 13
        case (UInt8(ascii: "8"), UInt8(ascii: "8")...UInt8(ascii: "9")): return 12
        default: return nil
        }
    }

    // MARK: - Foreign country calling codes

    /// Two-digit ITU country calling codes; others (not starting 1 or 7) are three digits.
    static let twoDigitCountryCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66,
        81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]

    /// Number of digits in the country calling code at the start of an international number.
    static func countryCodeLength(_ digits: DigitBuffer) -> Int? {
        guard digits.count >= 2, digits[0] != UInt8(ascii: "0") else { return nil }
        if digits[0] == UInt8(ascii: "1") || digits[0] == UInt8(ascii: "7") { return 1 }
        return twoDigitCountryCodes.contains(digits.value(0, 2)) ? 2 : 3
    }
}
