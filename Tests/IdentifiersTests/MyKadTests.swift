import Identifiers
import LeakTraceCore
import Testing

/// One expected MyKad outcome from spec §12.1.
struct MyKadCase: Sendable, CustomTestStringConvertible {
    var row: Int
    var input: String
    var column: IdentifierType?
    var verdict: Verdict
    var canonical: String?
    var birthDate: String?
    var gender: Gender?
    var stateCode: String?
    var placeOfBirth: String?
    var bornAbroad: Bool?
    var note: String?

    init(_ row: Int, _ input: String, column: IdentifierType? = nil, _ verdict: Verdict, canonical: String? = nil, birthDate: String? = nil, gender: Gender? = nil, stateCode: String? = nil, placeOfBirth: String? = nil, bornAbroad: Bool? = nil, note: String? = nil) {
        self.row = row
        self.input = input
        self.column = column
        self.verdict = verdict
        self.canonical = canonical
        self.birthDate = birthDate
        self.gender = gender
        self.stateCode = stateCode
        self.placeOfBirth = placeOfBirth
        self.bornAbroad = bornAbroad
        self.note = note
    }

    var testDescription: String { "row \(row)" }
}

@Suite("MyKad (spec §12.1)")
struct MyKadTests {
    static let rows: [MyKadCase] = [
        MyKadCase(1, "900101-14-5678", .valid, canonical: "900101145678", birthDate: "1990-01-01", gender: .female, stateCode: "14", placeOfBirth: "14 WP Kuala Lumpur", bornAbroad: false),
        MyKadCase(2, "900101145679", .valid, canonical: "900101145679", gender: .male),
        MyKadCase(3, "900101 14 5679", .valid, canonical: "900101145679"),
        MyKadCase(4, "900101-145679", .validWarn, canonical: "900101145679", note: "mixed separators"),
        MyKadCase(5, "９００１０１－１４－５６７８", .valid, canonical: "900101145678", birthDate: "1990-01-01", gender: .female),
        MyKadCase(6, "901301-14-5678", .invalid),
        MyKadCase(7, "900230-14-5678", .invalid),
        MyKadCase(8, "000229-14-5678", .valid, canonical: "000229145678", birthDate: "2000-02-29"),
        MyKadCase(9, "010229-14-5678", .invalid),
        MyKadCase(10, "040229-14-5678", .valid, birthDate: "2004-02-29"),
        MyKadCase(11, "900101-00-5678", .invalid),
        MyKadCase(12, "900101-17-5678", .invalid),
        MyKadCase(13, "900101-73-5678", .invalid),
        MyKadCase(14, "900101-71-5678", .valid, stateCode: nil, bornAbroad: true),
        MyKadCase(15, "900101-66-5678", .valid, placeOfBirth: "66 Singapore", bornAbroad: true),
        MyKadCase(16, "900101-99-5678", .valid, placeOfBirth: "99 Unspecified nationality or refugee", bornAbroad: true),
        MyKadCase(17, "900101-82-5678", .valid, placeOfBirth: "82 Malaysia, state unknown", bornAbroad: false),
        MyKadCase(18, "500101-01-5678*", .valid, canonical: "500101015678", birthDate: "1950-01-01", stateCode: "01", note: "asterisk: date may be the registration date"),
        MyKadCase(19, "111111-11-1111", .context, note: "placeholder"),
        MyKadCase(20, "9001011456780", .invalid),
        MyKadCase(21, "Ref:20900101145678", .invalid),
        MyKadCase(22, "IC900101145678", .valid, canonical: "900101145678"),
        // Row 23: the header and column statistics are column-level decisions (Triage). A date-typed
        // column rejects the timestamp; an NRIC-typed column shows it is structurally valid.
        MyKadCase(23, "230915143012", column: .date, .invalid, note: "timestamp"),
        MyKadCase(23, "230915143012", column: .mykad, .valid, canonical: "230915143012", birthDate: "1923-09-15", stateCode: "14"),
        MyKadCase(24, "230915143012", .context, note: "timestamp-like"),
        // Row 25: the SSM header decision is made by the column typer; the cell is NRIC-valid.
        MyKadCase(25, "200303012345", column: .mykad, .valid, canonical: "200303012345", birthDate: "1920-03-03", stateCode: "01"),
        MyKadCase(26, "601112345678", .ambiguous, canonical: "601112345678", birthDate: "1960-11-12", stateCode: "07", placeOfBirth: "34 Pulau Pinang"),
        MyKadCase(28, "8.50101E+11", column: .mykad, .mangled),
        MyKadCase(29, "10203145678", column: .mykad, .validWarn, canonical: "010203145678", birthDate: "2001-02-03", note: "left-padded"),
        MyKadCase(30, "10203145678", .invalid),
        MyKadCase(31, "60123456789", column: .mykad, .ambiguous, canonical: nil),
        MyKadCase(32, "900101145678.0", column: .mykad, .valid, canonical: "900101145678"),
        MyKadCase(33, "'900101145678", .valid, canonical: "900101145678"),
    ]

    @Test("§12.1 rows", arguments: rows)
    func row(_ c: MyKadCase) {
        let d = MyKad.detect(c.input, context: CellContext(columnType: c.column))
        #expect(d.type == .mykad)
        #expect(d.verdict == c.verdict)
        if let canonical = c.canonical { #expect(d.canonical == canonical) }
        if !c.verdict.isValid && c.verdict != .ambiguous { #expect(d.canonical == nil) }
        if let birthDate = c.birthDate { #expect(d.facts.birthDate?.description == birthDate) }
        if let gender = c.gender { #expect(d.facts.gender == gender) }
        if let stateCode = c.stateCode { #expect(d.facts.stateCode == stateCode) }
        if let place = c.placeOfBirth { #expect(d.facts.placeOfBirth == place) }
        if let abroad = c.bornAbroad { #expect(d.facts.bornAbroad == abroad) }
        if let note = c.note { #expect(d.notes.contains(note)) }
        for note in d.notes { #expect(!NoteCheck.carriesValue(note), "notes never carry the value") }
    }

    @Test("row 14 has no state, row 16 carries no army flag")
    func abroadCodes() {
        #expect(MyKad.detect("900101-71-5678").facts.stateCode == nil)
        let row16 = MyKad.detect("900101-99-5678")
        #expect(row16.facts.placeOfBirth?.lowercased().contains("army") == false)
    }

    @Test("rows 27 and 31: the phone reading", arguments: [
        ("601112345678", IdentifierType.phoneMobile, Verdict.valid, "+601112345678"),
        ("601112345678", nil, Verdict.ambiguous, "+601112345678"),
        ("60123456789", IdentifierType.mykad, Verdict.ambiguous, "+60123456789"),
    ] as [(String, IdentifierType?, Verdict, String)])
    func phoneReading(_ input: String, _ column: IdentifierType?, _ verdict: Verdict, _ canonical: String) {
        let d = Phone.detect(input, context: CellContext(columnType: column))
        #expect(d.verdict == verdict)
        #expect(d.canonical == canonical)
    }

    @Test("leap years and the century rule", arguments: [
        ("000229145678", 2014, "2000-02-29"),
        ("000229145678", 1999, "2000-02-29"),
        ("960229145678", 2014, "1996-02-29"),
        ("040229145678", 2014, "2004-02-29"),
        ("040229145678", 2003, "1904-02-29"),
        ("140101145678", 2014, "2014-01-01"),
        ("150101145678", 2014, "1915-01-01"),
        ("150101145678", 2020, "2015-01-01"),
    ])
    func century(_ input: String, _ year: Int, _ expected: String) throws {
        let reference = try #require(CivilDate(year: year, month: 7, day: 31))
        let d = MyKad.detect(input, context: CellContext(columnType: .mykad, referenceDate: reference))
        #expect(d.verdict == .valid)
        #expect(d.facts.birthDate?.description == expected)
    }

    @Test("impossible dates", arguments: ["010229145678", "990229145678", "900431145678", "900001145678", "900100145678", "900132145678"])
    func impossibleDates(_ input: String) {
        #expect(MyKad.detect(input, context: CellContext(columnType: .mykad)).verdict == .invalid)
    }

    @Test("placeholders", arguments: ["111111111111", "900101140000", "900101123456"])
    func placeholders(_ input: String) {
        let d = MyKad.detect(input, context: CellContext(columnType: .mykad))
        #expect(d.verdict == .context)
        #expect(d.notes == ["placeholder"])
    }

    @Test("spellings", arguments: [
        ("900101 - 14 - 5678", Verdict.valid),
        ("900101 14-5678", Verdict.validWarn),
        ("90010114-5678", Verdict.validWarn),
        ("=\"900101145678\"", Verdict.valid),
        ("900101\u{2013}14\u{2013}5678", Verdict.valid),
        ("900101.14.5678", Verdict.invalid),
        ("9001-0114-5678", Verdict.invalid),
        ("+900101145678", Verdict.invalid),
    ])
    func spellings(_ input: String, _ verdict: Verdict) {
        #expect(MyKad.detect(input, context: CellContext(columnType: .mykad)).verdict == verdict)
    }

    @Test("the hot path gives the same answer on bytes")
    func bytes() {
        var text = "900101-14-5678"
        let d = text.withUTF8 { MyKad.detect(bytes: $0, context: .untyped) }
        #expect(d == MyKad.detect("900101-14-5678"))
    }

    /// Independent re-implementation of §3.3 + §3.4 for the property test.
    static func referenceValid(_ s: [Int]) -> Bool {
        let yy = s[0] * 10 + s[1]
        let mm = s[2] * 10 + s[3]
        let dd = s[4] * 10 + s[5]
        let pb = s[6] * 10 + s[7]
        guard (1...12).contains(mm), dd >= 1 else { return false }
        func leap(_ y: Int) -> Bool { y % 400 == 0 || (y % 4 == 0 && y % 100 != 0) }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let maxDay = mm == 2 && (leap(1900 + yy) || leap(2000 + yy)) ? 29 : lengths[mm - 1]
        guard dd <= maxDay else { return false }
        let rejected: Set<Int> = [0, 17, 18, 19, 20, 69, 70, 73, 80, 81, 94, 95, 96, 97]
        return !rejected.contains(pb)
    }

    @Test("property: validity equals the date and PB rules for 10,000 random strings")
    func property() {
        var generator = SplitMix64(seed: 0x4C65_616B_5472_6163)
        var structured = 0
        for _ in 0..<10_000 {
            var digits = (0..<12).map { _ in Int(generator.next() % 10) }
            // Bias half the samples towards real dates so both outcomes are exercised.
            if generator.next() % 2 == 0 {
                digits[2] = Int(generator.next() % 2)
                digits[3] = digits[2] == 1 ? Int(generator.next() % 3) : Int(1 + generator.next() % 9)
                digits[4] = Int(generator.next() % 3)
            }
            let text = digits.map(String.init).joined()
            let expected = Self.referenceValid(digits)
            let d = MyKad.detect(text, context: CellContext(columnType: .mykad))
            #expect((d.verdict != .invalid) == expected, "mismatch for a generated value")
            if expected { structured += 1 }
        }
        #expect(structured > 1000)
    }
}

/// A small deterministic generator for reproducible property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
