import LeakTraceCore

/// One mobile network code under Malaysia's MCC 502 (spec §5.1).
public struct MobileNetworkCode: Sendable, Equatable {
    /// The MNC digits: two, or three for `150`–`157`.
    public let mnc: String
    /// The brand or operator behind it.
    public let brand: String
    /// Whether the source lists it as operational (`nil`: status unknown).
    public let operational: Bool?
}

/// MCC/MNC reference data (python-stdnum `imsi.dat` and pbakondy/mcc-mnc-list 97bc165).
public enum MobileNetworkCodes {
    /// Malaysia's mobile country code.
    public static let malaysiaMCC = "502"

    /// The MCC 502 table of spec §5.1.
    public static let malaysia: [MobileNetworkCode] = [
        MobileNetworkCode(mnc: "01", brand: "ATUR 450 (Telekom Malaysia)", operational: false),
        MobileNetworkCode(mnc: "10", brand: "Shared (former Celcom)", operational: true),
        MobileNetworkCode(mnc: "11", brand: "TM Homeline (Telekom Malaysia)", operational: true),
        MobileNetworkCode(mnc: "12", brand: "Maxis", operational: true),
        MobileNetworkCode(mnc: "13", brand: "Celcom", operational: true),
        MobileNetworkCode(mnc: "14", brand: "Telekom Malaysia (PSTN SMS)", operational: nil),
        MobileNetworkCode(mnc: "150", brand: "Tune Talk", operational: true),
        MobileNetworkCode(mnc: "151", brand: "SalamFone (Baraka Telecom)", operational: false),
        MobileNetworkCode(mnc: "152", brand: "Yes (YTL Communications)", operational: true),
        MobileNetworkCode(mnc: "153", brand: "unifi", operational: true),
        MobileNetworkCode(mnc: "154", brand: "Tron (Talk Focus)", operational: false),
        MobileNetworkCode(mnc: "155", brand: "Clixster", operational: false),
        MobileNetworkCode(mnc: "156", brand: "Altel", operational: true),
        MobileNetworkCode(mnc: "157", brand: "Telin Malaysia", operational: true),
        MobileNetworkCode(mnc: "16", brand: "DiGi", operational: true),
        MobileNetworkCode(mnc: "17", brand: "Maxis", operational: true),
        MobileNetworkCode(mnc: "18", brand: "U Mobile", operational: true),
        MobileNetworkCode(mnc: "19", brand: "Celcom", operational: true),
        MobileNetworkCode(mnc: "20", brand: "Electcoms", operational: false),
    ]

    /// Index by numeric MNC (two-digit codes as 0...99, three-digit as 150...157): a plain array
    /// (no hashing on the hot path).
    private static let byNumber: [MobileNetworkCode?] = {
        var table = [MobileNetworkCode?](repeating: nil, count: 1000)
        for entry in malaysia {
            guard let number = Int(entry.mnc), number >= 0, number < table.count else { continue }
            table[number] = entry
        }
        return table
    }()

    /// `byNumber`'s brands as `DerivedFacts` operator numbers (0 where there is no entry).
    static let operatorNumbers: [UInt8] = byNumber.map { entry in entry.map { FactTables.operatorNumber($0.brand) } ?? 0 }

    /// The MCC 502 entry for an MNC written as digits (`"12"`, `"153"`).
    public static func lookupMalaysia(_ mnc: String) -> MobileNetworkCode? {
        guard mnc.count == 2 || mnc.count == 3, let number = Int(mnc) else { return nil }
        return lookupMalaysia(number: number, length: mnc.count)
    }

    static func lookupMalaysia(number: Int, length: Int) -> MobileNetworkCode? {
        guard number >= 0, number < byNumber.count, let entry = byNumber[number], entry.mnc.utf8.count == length else { return nil }
        return entry
    }

    /// `knownMCCs` as a bitmap over 0...999, for the hot path.
    private static let knownMCCBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 16)
        for mcc in knownMCCs where mcc >= 0 && mcc < 1000 { bits[mcc >> 6] |= 1 << UInt64(mcc & 63) }
        return bits
    }()

    /// Whether a three-digit MCC is in `knownMCCs`.
    static func isKnownMCC(_ mcc: Int) -> Bool {
        guard mcc >= 0, mcc < 1000 else { return false }
        return knownMCCBits[mcc >> 6] & (1 << UInt64(mcc & 63)) != 0
    }

    /// Mobile country codes in use (ITU E.212 list as published on Wikipedia's "Mobile country
    /// code" page, the source of both pinned datasets).
    public static let knownMCCs: Set<Int> = [
        202, 204, 206, 208, 212, 213, 214, 216, 218, 219, 220, 221, 222, 226, 228, 230, 231, 232, 234, 235,
        238, 240, 242, 244, 246, 247, 248, 250, 255, 257, 259, 260, 262, 266, 268, 270, 272, 274, 276, 278,
        280, 282, 283, 284, 286, 288, 289, 290, 292, 293, 294, 295, 297, 302, 308, 310, 311, 312, 313, 314,
        315, 316, 330, 332, 334, 338, 340, 342, 344, 346, 348, 350, 352, 354, 356, 358, 360, 362, 363, 364,
        365, 366, 368, 370, 372, 374, 376, 400, 401, 402, 404, 405, 406, 410, 412, 413, 414, 415, 416, 417,
        418, 419, 420, 421, 422, 424, 425, 426, 427, 428, 429, 430, 431, 432, 434, 436, 437, 438, 440, 441,
        450, 452, 454, 455, 456, 457, 460, 461, 466, 467, 470, 472, 502, 505, 510, 514, 515, 520, 525, 528,
        530, 536, 537, 539, 540, 541, 542, 543, 544, 545, 546, 547, 548, 549, 550, 551, 552, 553, 554, 555,
        602, 603, 604, 605, 606, 607, 608, 609, 610, 611, 612, 613, 614, 615, 616, 617, 618, 619, 620, 621,
        622, 623, 624, 625, 626, 627, 628, 629, 630, 631, 632, 633, 634, 635, 636, 637, 638, 639, 640, 641,
        642, 643, 645, 646, 647, 648, 649, 650, 651, 652, 653, 654, 655, 657, 658, 659, 702, 704, 706, 708,
        710, 712, 714, 716, 722, 724, 730, 732, 734, 736, 738, 740, 742, 744, 746, 748, 750,
    ]
}

/// IMSI: `MCC + MNC + MSIN`, 14–15 digits, no check digit (spec §5.1).
public enum IMSI {
    /// Detects an IMSI in one cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects an IMSI in the raw UTF-8 of one cell; ASCII cells do not allocate.
    ///
    /// - Returns: VALID with the MNC's operator for a known MCC 502 MNC (`15x` is a 3-digit MNC),
    ///   VALID with `countryCode` = MCC for another known MCC, CONTEXT for an unknown 502 MNC,
    ///   AMBIGUOUS when an untyped value is also a Luhn-valid IMEI.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        if let info = CellNormalizer.asciiNormalized(bytes) {
            return detectNormalized(UnsafeBufferPointer(rebasing: bytes[info.range]), context: context)
        }
        return CellNormalizer.withNormalized(bytes) { cell, _ in detectNormalized(cell, context: context) }
    }

    /// Shared, so an INVALID answer is one copy instead of a construction.
    private static let invalid = Detection(type: .imsi, verdict: .invalid)

    private static func detectNormalized(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        guard let digits = plainDigits(cell), digits.count == 14 || digits.count == 15 else { return invalid }
        let mcc = digits.value(0, 3)
        var facts = DerivedFacts()
        var notes: [String] = []
        if mcc == 502 {
            let two = digits.value(3, 2)
            let number = two == 15 ? digits.value(3, 3) : two
            guard MobileNetworkCodes.lookupMalaysia(number: number, length: two == 15 ? 3 : 2) != nil else {
                return Detection(type: .imsi, verdict: .context, notes: Notes.unknownMNC)
            }
            facts.setOperator(number: MobileNetworkCodes.operatorNumbers[number])
        } else if MobileNetworkCodes.isKnownMCC(mcc) {
            facts.countryCode = digits.string(0..<3)
            notes = Notes.nonMY
        } else {
            return invalid
        }
        let canonical = digits.string()
        if context.columnType != .imsi, digits.count == 15, digits.withDigits(nil, { Luhn.isValid($0) }) {
            return Detection(type: .imsi, verdict: .ambiguous, canonical: canonical, notes: Notes.alsoIMEI, facts: facts)
        }
        return Detection(type: .imsi, verdict: .valid, canonical: canonical, notes: notes, facts: facts)
    }

    /// The cell's digits when its core is one unbroken run (letters around it are allowed).
    static func plainDigits(_ cell: UnsafeBufferPointer<UInt8>) -> DigitBuffer? {
        guard let core = CellBytes.digitCore(cell) else { return nil }
        var digits = DigitBuffer()
        for i in core {
            guard CellNormalizer.isDigit(cell[i]) else { return nil }
            digits.append(cell[i])
        }
        return digits.overflowed ? nil : digits
    }

    enum Notes {
        static let unknownMNC = ["IMSI-like, unknown Malaysian MNC"]
        static let nonMY = ["non-MY"]
        static let alsoIMEI = ["also a valid IMEI"]
    }
}
