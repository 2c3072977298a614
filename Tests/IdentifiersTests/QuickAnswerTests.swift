@testable import Identifiers
import LeakTraceCore
import Testing

/// The scanner's `quick` answers against the detectors: whenever a `quick` function answers, its
/// detector gives the same type, verdict, canonical form and facts for that cell and context.
@Suite("Quick answers (scan fast path) vs the detectors")
struct QuickAnswerTests {
    typealias Quick = @Sendable (UnsafeBufferPointer<UInt8>, CellContext) -> QuickAnswer?
    typealias Detect = @Sendable (UnsafeBufferPointer<UInt8>, CellContext) -> Detection

    static let pairs: [(name: String, type: IdentifierType, quick: Quick, detect: Detect)] = [
        ("MyKad", .mykad, { MyKad.quick($0, context: $1) }, { MyKad.detect(bytes: $0, context: $1) }),
        ("IMSI", .imsi, { IMSI.quick($0, context: $1) }, { IMSI.detect(bytes: $0, context: $1) }),
        ("ICCID", .iccid, { ICCID.quick($0, context: $1) }, { ICCID.detect(bytes: $0, context: $1) }),
        ("IMEI", .imei, { IMEI.quick($0, context: $1) }, { IMEI.detect(bytes: $0, context: $1) }),
        ("Phone", .phoneMobile, { Phone.quick($0, context: $1) }, { Phone.detect(bytes: $0, context: $1) }),
        ("Phone", .phoneFixed, { Phone.quick($0, context: $1) }, { Phone.detect(bytes: $0, context: $1) }),
        ("Email", .email, { Email.quick($0, context: $1) }, { Email.detect(bytes: $0, context: $1) }),
    ]

    static let referenceDates = [
        CellContext.defaultReferenceDate,
        CivilDate(year: 2020, month: 1, day: 15)!,
        CivilDate(year: 1999, month: 12, day: 31)!,
    ]

    /// What the detector's answer says, in the quick answer's terms.
    static func mismatch(_ q: QuickAnswer, _ d: Detection, _ cell: UnsafeBufferPointer<UInt8>) -> String? {
        var problems: [String] = []
        if q.type != d.type { problems.append("type \(q.type) != \(d.type)") }
        if q.verdict != d.verdict { problems.append("verdict \(q.verdict) != \(d.verdict)") }
        let placeholder = d.verdict == .context && d.notes.contains("placeholder")
        if q.placeholder != placeholder { problems.append("placeholder \(q.placeholder)") }
        if d.verdict.isValid {
            if q.canonical(of: cell) != d.canonical { problems.append("canonical \(q.canonical(of: cell) ?? "nil") != \(d.canonical ?? "nil")") }
            // The scan's path: the bytes built in its scratch memory; with no room, the cell
            // itself when that is the canonical form, else nil (the scan then takes the closure).
            let room = cell.count + 3
            let (built, roomless) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { scratch in
                (q.canonicalBytes(cell, scratch: scratch.baseAddress!, room: room).map { String(decoding: $0, as: UTF8.self) },
                 q.canonicalBytes(cell, scratch: scratch.baseAddress!, room: 0).map { String(decoding: $0, as: UTF8.self) })
            }
            if built != d.canonical { problems.append("canonical bytes \(built ?? "nil")") }
            if let roomless, roomless != d.canonical || roomless != String(decoding: cell, as: UTF8.self) { problems.append("canonical bytes without room \(roomless)") }
            let f = d.facts
            if q.birthDate != f.birthDate { problems.append("birth date") }
            if q.gender != f.gender { problems.append("gender") }
            if q.bornAbroad != f.bornAbroad { problems.append("born abroad") }
            let state: UInt8 = f.stateCode.map { UInt8(Int($0)! + 1) } ?? 0
            if q.stateCode != state { problems.append("state \(q.stateCode) != \(f.stateCode ?? "nil")") }
            if q.operatorNumber != f.operatorTableNumber { problems.append("operator \(q.operatorNumber) != \(f.operatorTableNumber)") }
            if f.countryCode != nil || f.town != nil { problems.append("a string fact the quick answer cannot hold") }
        }
        return problems.isEmpty ? nil : problems.joined(separator: ", ")
    }

    /// Runs every pair on `cell` in its typed column and untyped; returns how many quick answers.
    static func check(_ cell: String, date: CivilDate, _ mismatches: inout [String], answered: inout [String: Int]) {
        var copy = cell
        copy.withUTF8 { bytes in
            for pair in pairs {
                for columnType in [pair.type, nil, pair.type == .email ? .mykad : .email] as [IdentifierType?] {
                    let context = CellContext(columnType: columnType, referenceDate: date)
                    guard let q = pair.quick(bytes, context) else { continue }
                    if columnType != pair.type, mismatches.count < 30 {
                        mismatches.append("\(pair.name) \"\(cell)\": answered outside its column (\(columnType?.rawValue ?? "untyped"))")
                    }
                    answered[pair.name, default: 0] += 1
                    if let problem = mismatch(q, pair.detect(bytes, context), bytes), mismatches.count < 30 {
                        mismatches.append("\(pair.name) \"\(cell)\" in \(pair.type.rawValue) at \(date): \(problem)")
                    }
                }
            }
        }
    }

    @Test("tricky cells: each quick answer is its detector's", arguments: referenceDates)
    func table(date: CivilDate) {
        let cells = [
            // MyKad: valid, bad PB, bad date, 29 Feb in 2000 and 1900, placeholders, born abroad, PB 82
            "850101145679", "850101005679", "851301145679", "850230145679", "000229145679", "000229145670",
            "111111111111", "000000000000", "850101140000", "850101123456", "850101715671", "850101825672",
            "130807014122", "991231145678", "0850101145679", "85010114567",
            // IMSI: Malaysian MNCs (2 and 3 digits), unknown MNC, foreign known MCC, unknown MCC, lengths
            "502161997892175", "50212397063217", "502153123456789", "502158123456789", "502991234567890",
            "525011234567890", "999011234567890", "5021612345678901", "5021612345678",
            // ICCID: Luhn pass and fail at 18, 19, 20 digits, wrong prefix
            "8960161322187864723", "8960161322187864724", "89601613221878647231", "89601613221878647232",
            "896016132218786472", "896016132218786473", "7960161322187864723",
            // IMEI: Luhn pass and fail, zero TAC, 14 and 16 digits
            "355306051001537", "355306051001538", "000000001001537", "35530605100153", "3553060510015377",
            // Phones: MSISDN, national, 011 (8-digit subscriber), fixed, VoIP, toll-free, premium,
            // Singapore and Brunei forms, 00 prefix, truncated MSISDN, trunk zero after 60
            "60143421936", "0143421936", "601123456789", "01123456789", "60321234567", "0321234567",
            "0154123456", "0155123456", "1300881234", "01300881234", "0600123456", "0262345678", "0282345678",
            "0801234567", "0060123456789", "6012345678", "60123456789", "600123456789", "0123456789",
            "082123456", "0821234567", "089123456", "07123456", "071234567", "0", "06", "60", "",
            "12345678", "123456789012345678901234", "1234567890123456789012345",
            // Separators: MyKad's one quick spelling, and phones with spaces, hyphens, parentheses
            "850101-14-5679", "850101-14-567", "85010-114-5679", "000000-00-0000", "850101-00-5679",
            "850101-14-0000", "991231-71-5671", "000229-14-5679",
            "012-345 6789", "012-3456789", "012 345 6789", "(03) 2385 6789", "(012) 345-6789", "012 - 345 6789",
            "--0123456789", "0123456789-", "0123456789)", "+60 12-345 6789", "+6012 345 6789", "+60123456789",
            "+6012345678", "+601234567", "+60 1300 88 1234", "+60 3 2385 6789", "+60 (0)12-345 6789", "+600123456789",
            "+65 9123 4567", "+6", "+", "+0", "60 12 345 6789", "60 12 345 678", "6012 3456 7890",
            "02-6123 4567", "080-1234567", "00 60 12 345 6789", "1-300-88-1234", "011-2345 6789",
            // Emails: valid, upper case (lower-cased canonical), the §8.1 refusals
            "siti@example.com", "Siti.Aminah@Example.COM.MY", "a.b-c_d%e+f@x-y.example.org", "a@b.co", "ab@c.d",
            ".siti@example.com", "siti.@example.com", "si..ti@example.com", "siti@example", "siti@-example.com",
            "siti@example-.com", "siti@example.c0m", "siti@@example.com", "siti example@x.com", "siti@example.c",
        ]
        var mismatches: [String] = []
        var answered: [String: Int] = [:]
        for cell in cells { Self.check(cell, date: date, &mismatches, answered: &answered) }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The fast path must actually take the common forms.
        for name in ["MyKad", "IMSI", "ICCID", "IMEI", "Phone", "Email"] {
            #expect(answered[name, default: 0] >= 5, "\(name) answered \(answered[name, default: 0]) cells")
        }
    }

    @Test("quick answers equal the detectors on 100,000 random cells, each in three contexts")
    func random() {
        var generator = CellGenerator(seed: 0x0051_1C4A)
        var mismatches: [String] = []
        var answered: [String: Int] = [:]
        for i in 0 ..< 100_000 {
            let cell: String
            switch i % 6 {
            case 0: cell = generator.chance(50) ? generator.myKad() : String(generator.myKad().filter(\.isNumber))
            case 1: cell = generator.chance(50) ? generator.phone() : String(generator.phone().filter(\.isNumber))
            case 2: cell = String(generator.msisdn().filter(\.isNumber))
            case 3: cell = generator.chance(30) ? generator.email() : String(generator.imsi().filter(\.isNumber))
            case 4:
                // ICCIDs and IMEIs, half completed with their Luhn digit.
                var payload = generator.chance(50) ? "8960" + generator.digits(13 + generator.int(3)) : generator.digits(13 + generator.int(3))
                if generator.chance(50), let check = Luhn.checkDigit(for: payload) { payload += String(check) }
                cell = payload
            default: cell = generator.digits(1 + generator.int(22))
            }
            Self.check(cell, date: Self.referenceDates[i % 3], &mismatches, answered: &answered)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(8))")
        for name in ["MyKad", "IMSI", "ICCID", "IMEI", "Phone", "Email"] {
            #expect(answered[name, default: 0] >= 2_000, "\(name) answered \(answered[name, default: 0]) cells")
        }
    }

    @Test("cells in other shapes get no quick answer", arguments: [
        "850101 14 5679", "850101-145679", " 850101145679", "850101145679 ", "'850101145679", "8.50101E+11",
        "+ 60143421936", "tel:+60126386814", "012/345 6789", "012.345.6789", "0123456789 ext 12", "+60 (0)12-345 6789",
        "+6591234567", "(+60) 12-345 6789", "50216199789217x", "٨٥٠١٠١١٤٥٦٧٩", "",
    ])
    func notPlain(cell: String) {
        var copy = cell
        copy.withUTF8 { bytes in
            // (An email column answers every trimmed cell: invalid unless it is an address.)
            for pair in Self.pairs where pair.type != .email {
                #expect(pair.quick(bytes, CellContext(columnType: pair.type)) == nil, "\(pair.name) \"\(cell)\"")
            }
        }
    }
}

/// The answer is returned in registers only while it is at most two words: a larger one came
/// back through memory and stalled the scan loop on every cell (see `QuickAnswer`).
@Test func quickAnswerFitsInTwoWords() {
    #expect(MemoryLayout<QuickAnswer?>.size <= 16, "\(MemoryLayout<QuickAnswer?>.size) bytes")
}

/// Eight bytes at a time, `isPlainDigits` takes every digit string of 1 to 24 bytes and refuses
/// each byte that is not a digit, at every position (in a whole word or in the tail), and the
/// empty and too-long cells.
@Test func plainDigitsByWords() {
    for length in 1 ... 24 {
        var cell = Array(repeating: UInt8(ascii: "7"), count: length)
        #expect(cell.withUnsafeBufferPointer { QuickAnswer.isPlainDigits($0) })
        for position in 0 ..< length {
            for byte in UInt8.min ... UInt8.max {
                cell[position] = byte
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                #expect(cell.withUnsafeBufferPointer { QuickAnswer.isPlainDigits($0) } == isDigit, "length \(length), byte \(byte) at \(position)")
            }
            cell[position] = UInt8(ascii: "7")
        }
    }
    #expect(![UInt8]().withUnsafeBufferPointer { QuickAnswer.isPlainDigits($0) })
    #expect(!Array(repeating: UInt8(ascii: "1"), count: 25).withUnsafeBufferPointer { QuickAnswer.isPlainDigits($0) })
}

/// Eight bytes at a time, `Email.hasCapital` finds a capital letter at every position of ASCII
/// cells of 0 to 40 bytes (in a whole word, in the overlapping last word, in a short cell) and
/// takes no other ASCII byte for one, the bytes around `A` and `Z` included.
@Test func capitalLettersByWords() {
    for length in 0 ... 40 {
        var cell = Array(repeating: UInt8(ascii: "a"), count: length)
        #expect(!cell.withUnsafeBufferPointer { Email.hasCapital($0) }, "length \(length)")
        for position in 0 ..< length {
            for byte in UInt8(0) ... 0x7F {
                cell[position] = byte
                let capital = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
                #expect(cell.withUnsafeBufferPointer { Email.hasCapital($0) } == capital, "length \(length), byte \(byte) at \(position)")
            }
            cell[position] = UInt8(ascii: "a")
        }
    }
}
