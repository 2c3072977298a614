import Identifiers
import LeakTraceCore
import Testing

/// One expected SIM/device outcome from spec §12.4.
struct DeviceCase: Sendable, CustomTestStringConvertible {
    enum Detector: Sendable { case imsi, imei, iccid }
    var row: Int
    var detector: Detector
    var input: String
    var column: IdentifierType?
    var verdict: Verdict
    var canonical: String?
    var originalOperator: String?
    var countryCode: String?
    var note: String?

    init(_ row: Int, _ detector: Detector, _ input: String, column: IdentifierType? = nil, _ verdict: Verdict, _ canonical: String? = nil, operator originalOperator: String? = nil, countryCode: String? = nil, note: String? = nil) {
        self.row = row
        self.detector = detector
        self.input = input
        self.column = column
        self.verdict = verdict
        self.canonical = canonical
        self.originalOperator = originalOperator
        self.countryCode = countryCode
        self.note = note
    }

    var testDescription: String { "row \(row)" }

    func run() -> Detection {
        let context = CellContext(columnType: column)
        switch detector {
        case .imsi: return IMSI.detect(input, context: context)
        case .imei: return IMEI.detect(input, context: context)
        case .iccid: return ICCID.detect(input, context: context)
        }
    }
}

@Suite("SIM and device identifiers (spec §12.4)")
struct DeviceTests {
    static let rows: [DeviceCase] = [
        DeviceCase(64, .imsi, "502121234567890", .valid, "502121234567890", operator: "Maxis"),
        DeviceCase(65, .imsi, "502153123456789", .valid, "502153123456789", operator: "unifi"),
        DeviceCase(66, .imsi, "502991234567890", .context, note: "IMSI-like, unknown Malaysian MNC"),
        DeviceCase(67, .imsi, "525011234567890", .valid, "525011234567890", countryCode: "525", note: "non-MY"),
        DeviceCase(68, .imei, "490154203237518", .valid, "490154203237518"),
        DeviceCase(69, .imei, "490154203237519", .invalid),
        DeviceCase(70, .imei, "35686800004141", column: .imei, .validWarn, "356868000041418", note: "no check digit"),
        DeviceCase(71, .imei, "3568680000414120", column: .imei, .valid, "3568680000414120", note: "IMEISV"),
        DeviceCase(72, .iccid, "8960120000123456784", .valid, "8960120000123456784"),
        DeviceCase(73, .iccid, "8960120000123456785", .context, note: "ICCID-like, checksum fails"),
        DeviceCase(74, .iccid, "896012000012345678", column: .iccid, .validWarn, "8960120000123456784", note: "no check digit"),
    ]

    @Test("§12.4 rows", arguments: rows)
    func row(_ c: DeviceCase) {
        let d = c.run()
        #expect(d.verdict == c.verdict)
        #expect(d.canonical == c.canonical)
        if let op = c.originalOperator { #expect(d.facts.originalOperator == op) }
        #expect(d.facts.countryCode == c.countryCode)
        if let note = c.note { #expect(d.notes.contains(note)) }
        for note in d.notes { #expect(!NoteCheck.carriesValue(note)) }
    }

    @Test("rows 64–67 are not IMEIs, row 68 is not an IMSI")
    func crossTypes() {
        #expect(IMEI.detect("502121234567890").verdict == .invalid)
        #expect(IMSI.detect("490154203237518").verdict == .invalid)
    }

    @Test("an IMSI that also passes Luhn is AMBIGUOUS until the column decides")
    func imsiImeiAmbiguity() {
        // 50212123456789 + its Luhn digit.
        let payload = "50212123456789"
        let value = payload + String(Luhn.checkDigit(for: payload) ?? 0)
        #expect(IMSI.detect(value).verdict == .ambiguous)
        #expect(IMEI.detect(value).verdict == .ambiguous)
        #expect(IMSI.detect(value, context: CellContext(columnType: .imsi)).verdict == .valid)
        #expect(IMEI.detect(value, context: CellContext(columnType: .imei)).verdict == .valid)
    }

    @Test("IMSI MNC table", arguments: [("50213", "Celcom"), ("50216", "DiGi"), ("50218", "U Mobile"), ("502150", "Tune Talk"), ("502156", "Altel")])
    func mnc(_ prefix: String, _ brand: String) {
        let value = prefix + String(repeating: "1", count: 15 - prefix.count)
        #expect(IMSI.detect(value, context: CellContext(columnType: .imsi)).facts.originalOperator == brand)
        #expect(MobileNetworkCodes.lookupMalaysia(String(prefix.dropFirst(3)))?.brand == brand)
    }

    @Test("IMSI: 158 is an unknown 3-digit MNC; 14 digits are accepted")
    func imsiEdges() {
        #expect(IMSI.detect("502158123456789").verdict == .context)
        #expect(IMSI.detect("50212123456789").verdict == .valid)
        #expect(IMSI.detect("5021212345678").verdict == .invalid)
        #expect(MobileNetworkCodes.malaysia.count == 19)
    }

    @Test("IMEI: printed form, placeholder TAC, untyped 14 and 16 digits")
    func imeiEdges() {
        #expect(IMEI.detect("49-015420-323751-8").canonical == "490154203237518")
        #expect(IMEI.detect("000000001234567").verdict == .context)
        #expect(IMEI.detect("35686800004141").verdict == .context)
        #expect(IMEI.detect("3568680000414120").verdict == .context)
    }

    @Test("ICCID: F filler, 20 digits, no 89 prefix")
    func iccidEdges() {
        #expect(ICCID.detect("8960120000123456784F").canonical == "8960120000123456784")
        #expect(ICCID.detect("896012000012345678").verdict == .context)
        #expect(ICCID.detect("1960120000123456784").verdict == .invalid)
    }

    @Test("Luhn vectors", arguments: [
        ("79927398713", true), ("79927398710", false), ("490154203237518", true), ("4111111111111111", true),
        ("378282246310005", true), ("8960120000123456784", true), ("8960120000123456785", false), ("0", false), ("12a4", false),
    ])
    func luhn(_ value: String, _ valid: Bool) {
        #expect(Luhn.isValid(value) == valid)
    }

    /// Against the textbook definition on 20,000 random strings of digits (1 to 24 long, so
    /// every split into whole words and a tail), some with a non-digit, and every check digit it
    /// computes makes its payload valid.
    @Test("Luhn equals the textbook definition on random strings")
    func luhnRandom() {
        var generator = CellGenerator(seed: 0x10_4E)
        for _ in 0 ..< 20_000 {
            var text = generator.digits(1 + generator.int(24))
            if generator.chance(5) { text.insert(generator.pick(["a", " ", "-", "/", ":"]), at: text.index(text.startIndex, offsetBy: generator.int(text.count))) }
            let digits = text.compactMap(\.wholeNumberValue)
            var expected: Bool? = nil
            if digits.count == text.count, digits.count >= 2 {
                var sum = 0
                for (i, d) in digits.reversed().enumerated() { sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d }
                expected = sum % 10 == 0
            }
            #expect(Luhn.isValid(text) == (expected ?? false), "\(text)")
            if digits.count == text.count {
                // The eight-digits-at-a-time sum of the scan's plain cells.
                #expect(Array(text.utf8).withUnsafeBufferPointer { Luhn.isValid(plainDigits: $0) } == (expected ?? false), "\(text)")
            }
            if digits.count == text.count, let check = Luhn.checkDigit(for: text) {
                #expect(Luhn.isValid(text + String(check)), "\(text)")
            }
        }
    }

    @Test("Luhn check digits", arguments: [("7992739871", UInt8(3)), ("35686800004141", UInt8(8)), ("896012000012345678", UInt8(4))])
    func checkDigit(_ payload: String, _ digit: UInt8) {
        #expect(Luhn.checkDigit(for: payload) == digit)
    }
}
