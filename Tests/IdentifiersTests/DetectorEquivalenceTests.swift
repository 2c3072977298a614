import Identifiers
import LeakTraceCore
import Testing

/// The hot-path detectors against the frozen reference copies in `ReferenceDetectors.swift`
/// (the implementations before the speed work): identical `Detection` values on 200,000 random
/// and realistic cells, each through all four detectors in two contexts.
@Suite("Detector equivalence (fast path vs reference)")
struct DetectorEquivalenceTests {
    /// 200,000 cells in 8 seeded chunks, so the two cores share the work.
    static let chunks = Array(0..<8)
    static let cellsPerChunk = 25_000

    static let contexts: [CellContext] = {
        let later = CivilDate(year: 2020, month: 1, day: 15)!
        let early = CivilDate(year: 1999, month: 12, day: 31)!
        var list: [CellContext] = []
        for date in [CellContext.defaultReferenceDate, later, early] {
            for type: IdentifierType? in [nil, .phoneMobile, .phoneFixed, .mykad, .imsi, .imei, .date, .email] {
                list.append(CellContext(columnType: type, referenceDate: date))
            }
        }
        return list
    }()

    @Test("fast detectors equal the reference on 200,000 cells", arguments: chunks)
    func equivalence(chunk: Int) {
        // Not a multiple of SplitMix64's own increment, or the chunks would replay one sequence.
        var generator = CellGenerator(seed: 0x1EA7_7ACE ^ (UInt64(chunk + 1) &* 0xD1B5_4A32_D192_ED03))
        var mismatches: [String] = []
        var checked = 0
        for _ in 0..<Self.cellsPerChunk {
            let cell = generator.next()
            let other = Self.contexts[generator.int(Self.contexts.count)]
            for context in [CellContext.untyped, other] {
                compare(cell, context, &mismatches)
                checked += 1
            }
        }
        #expect(checked == Self.cellsPerChunk * 2)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5).joined(separator: " | "))")
    }

    private func compare(_ cell: String, _ context: CellContext, _ mismatches: inout [String]) {
        var copy = cell
        copy.withUTF8 { bytes in
            let pairs: [(String, Detection, Detection)] = [
                ("Phone", Phone.detect(bytes: bytes, context: context), ReferencePhone.detect(bytes: bytes, context: context)),
                ("MyKad", MyKad.detect(bytes: bytes, context: context), ReferenceMyKad.detect(bytes: bytes, context: context)),
                ("IMSI", IMSI.detect(bytes: bytes, context: context), ReferenceIMSI.detect(bytes: bytes, context: context)),
                ("Email", Email.detect(bytes: bytes, context: context), ReferenceEmail.detect(bytes: bytes, context: context)),
            ]
            for (name, fast, reference) in pairs where fast != reference && mismatches.count < 50 {
                mismatches.append("\(name) \"\(cell)\" \(context.columnType?.rawValue ?? "untyped") \(context.referenceDate): \(fast) != \(reference)")
            }
        }
    }

    @Test("the string entry points agree with the byte ones")
    func stringEntryPoints() {
        var generator = CellGenerator(seed: 42)
        for _ in 0..<5_000 {
            let cell = generator.next()
            #expect(Phone.detect(cell) == ReferencePhone.detect(cell))
            #expect(MyKad.detect(cell) == ReferenceMyKad.detect(cell))
            #expect(IMSI.detect(cell) == ReferenceIMSI.detect(cell))
            #expect(Email.detect(cell) == ReferenceEmail.detect(cell))
        }
    }

    @Test("minimizing the NSN automaton changes no answer, for any digit string")
    func minimizedAutomaton() {
        let patterns = [PhoneMetadata.superset, PhoneMetadata.tollFree, PhoneMetadata.premiumRate, PhoneMetadata.voip, PhoneMetadata.mobile, PhoneMetadata.fixedLine]
        let full = DigitAutomaton(unminimized: patterns)
        let small = DigitAutomaton(patterns)
        #expect(small.stateCount < full.stateCount)
        // Walk both automata together from their starts: every pair of states one digit string
        // reaches must accept the same patterns. The pairs are finite, so this covers all strings.
        var seen: Set<Int> = [1 << 32 | 1]
        var queue = [(1, 1)]
        var disagreements = 0
        while let (a, b) = queue.popLast() {
            if full.accepting[a] != small.accepting[b] { disagreements += 1 }
            for d in 0 ..< 10 {
                let next = (Int(full.transitions[a * 10 + d]), Int(small.transitions[b * 10 + d]))
                if seen.insert(next.0 << 32 | next.1).inserted { queue.append(next) }
            }
        }
        #expect(disagreements == 0)
        #expect(seen.count >= full.stateCount - 1)
    }

    @Test("the automaton's stop at uniform states answers as stepping one digit at a time does")
    func uniformTails() {
        let automata = [
            PhoneMetadata.classifier, DigitAutomaton([PhoneMetadata.mobile]),
            DigitAutomaton([PhoneMetadata.fixedLine, PhoneMetadata.tollFree]), DigitAutomaton(unminimized: [PhoneMetadata.superset]),
        ]
        // Uniform states: the shortcut is taken.
        for automaton in automata { #expect(automaton.uniformStateCount > 0) }
        var generator = CellGenerator(seed: 11)
        var mismatches: [String] = []
        var (matched, withNonDigit) = (0, 0)
        let intruders: [UInt8] = [0x20, 0x2F, 0x3A, 0x2D, 0x00, 0x61, 0xFF, 0x2B]
        for _ in 0 ..< 100_000 {
            // Half of them 8-11 digits long (numbers), the rest up to 40, past the tail table's
            // width (32); prefixes the patterns name.
            let length = generator.chance(50) ? 8 + generator.int(4) : generator.int(41)
            var bytes = Array(String(generator.nsnPrefix()).utf8)
            while bytes.count < length { bytes.append(UInt8(ascii: "0") + UInt8(generator.int(10))) }
            if bytes.count > length { bytes.removeLast(bytes.count - length) }
            if !bytes.isEmpty, generator.chance(20) {
                bytes[generator.int(bytes.count)] = generator.pick(intruders)
                withNonDigit += 1
            }
            bytes.withUnsafeBufferPointer { buf in
                for (a, automaton) in automata.enumerated() {
                    let fast = automaton.matchMask(buf)
                    if fast != 0 { matched += 1 }
                    if fast != automaton.matchMaskByStepping(buf), mismatches.count < 20 { mismatches.append("automaton \(a): \(bytes)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(matched > 10_000 && withNonDigit > 10_000)
    }

    @Test("the NSN automaton equals the backtracking patterns on 200,000 digit strings")
    func nsnClassifier() {
        var generator = CellGenerator(seed: 7)
        var mismatches: [String] = []
        for i in 0..<200_000 {
            // Lengths 0-12, biased to 8-10; first digits biased to the prefixes the patterns name.
            let length = i % 4 == 0 ? generator.int(13) : 8 + generator.int(3)
            var digits = generator.nsnPrefix()
            while digits.count < length { digits.append(generator.digit()) }
            if digits.count > length { digits.removeLast(digits.count - length) }
            let text = String(digits)
            var copy = text
            copy.withUTF8 { nsn in
                if PhoneMetadata.kind(ofNSN: nsn) != PhoneMetadata.referenceKind(ofNSN: nsn), mismatches.count < 20 {
                    mismatches.append(text)
                }
                for pattern in [PhoneMetadata.superset, PhoneMetadata.fixedLine, PhoneMetadata.mobile, PhoneMetadata.tollFree, PhoneMetadata.premiumRate, PhoneMetadata.voip]
                where pattern.matches(nsn) != pattern.matchesByBacktracking(nsn) && mismatches.count < 20 {
                    mismatches.append("\(text) on \(pattern.source.prefix(20))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}

/// Seeded cells: random digit strings with and without `+`, `-` and spaces; MyKads and phones in
/// every spelling of spec §4.7 (and the artefacts of §2.1 N6); `60…` MSISDNs; IMSIs; emails;
/// a few non-ASCII cells for the slow path.
struct CellGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64.
    mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { Int(nextRaw() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func digit() -> Character { Character(String(int(10))) }
    mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in digit() }) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    mutating func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A start for an NSN: the prefixes the §4.4 patterns branch on, or any digit.
    mutating func nsnPrefix() -> [Character] {
        let prefixes = [
            "10", "11", "112", "116", "117", "1175", "12", "13", "14", "142", "1440", "146", "15", "1531", "1546", "1548", "1563", "1567", "159",
            "16", "1600", "17", "1700", "18", "1800", "1846", "1847", "1854", "188", "19", "1300", "3", "32", "38", "4", "427", "48", "5", "6", "685",
            "7", "8", "82", "85", "89", "9", "90", "913", "2", "0", "",
        ]
        return Array(pick(prefixes))
    }

    mutating func next() -> String {
        switch int(100) {
        case 0..<22: return randomDigits()
        case 22..<44: return myKad()
        case 44..<72: return phone()
        case 72..<80: return msisdn()
        case 80..<88: return imsi()
        case 88..<95: return email()
        default: return oddity()
        }
    }

    /// 8–16 digits, maybe with `+`, `-` and spaces.
    mutating func randomDigits() -> String {
        let length = 8 + int(9)
        var out = chance(25) ? "+" : ""
        if chance(10) { out += pick(["60", "0060", "00", "65", "0"]) }
        for i in 0..<length {
            out.append(digit())
            if i < length - 1, chance(12) { out.append(pick(["-", " ", " - ", "  "])) }
        }
        if chance(5) { out = pick([" ", "'", "*"]) + out + pick(["", " ", "*", ".0"]) }
        return out
    }

    mutating func myKad() -> String {
        let yy = int(100)
        let mm = chance(95) ? 1 + int(12) : int(14)
        let dd = chance(95) ? 1 + int(28) + (chance(20) ? int(4) : 0) : int(33)
        let pb = chance(85)
            ? pick([1, 5, 8, 10, 12, 13, 14, 16, 21, 24, 30, 38, 41, 44, 47, 50, 54, 57, 58, 59, 60, 65, 71, 74, 82, 83, 93, 98, 99])
            : int(100)
        let serial = chance(5) ? pick(["0000", "3456", "1234"]) : digits(4)
        let date = two(yy) + two(mm) + two(dd)
        let p = two(pb)
        let plain = date + p + serial
        switch int(20) {
        case 0..<6: return plain
        case 6..<10: return "\(date)-\(p)-\(serial)"
        case 10: return "\(date) \(p) \(serial)"
        case 11: return "\(date)-\(p) \(serial)"
        case 12: return "\(date)-\(p)\(serial)"
        case 13: return "\(date)\(p)-\(serial)"
        case 14: return pick(["*", " ", "'", "=\""]) + plain + pick(["*", " ", "", "\""])
        case 15: return String(plain.drop(while: { $0 == "0" }).prefix(12))
        case 16: return String(plain.dropFirst(1 + int(3)))
        case 17: return plain + pick([".0", ".00", "E+11", "5"])
        case 18: return "\(plain.prefix(1)).\(plain.dropFirst().prefix(5))E+\(pick(["11", "10", "9", "08"]))"
        default: return pick([String(repeating: pick(["1", "0", "9"]), count: 12), date + "141234", date + "123456", "\(date) - \(p) - \(serial)", "\(date)--\(p)-\(serial)"])
        }
    }

    /// A Malaysian NSN that is valid or close to valid.
    mutating func nsn() -> String {
        switch int(8) {
        case 0..<3: return "1" + pick(["0", "2", "3", "4", "6", "7", "8", "9"]) + digits(7)
        case 3: return "1" + pick(["1", "5"]) + digits(8)
        case 4: return pick(["1300", "1700", "1800", "1600", "1546", "1548", "1563", "1567", "1531"]) + digits(6)
        case 5: return "3" + digits(8)
        case 6: return pick(["4", "5", "6", "7", "9"]) + digits(7)
        default: return "8" + pick(["2", "3", "4", "5", "6", "7", "8", "9", "0", "1"]) + digits(6)
        }
    }

    /// The §4.7 spellings of one number, plus foreign, historical, extension and multi-number cells.
    mutating func phone() -> String {
        let n = nsn()
        let a = String(n.prefix(2))
        let b = String(n.dropFirst(2).dropLast(4))
        let c = String(n.suffix(4))
        switch int(22) {
        case 0: return "0\(a)-\(b) \(c)"
        case 1: return "0\(a)-\(b)\(c)"
        case 2: return "0\(n)"
        case 3: return "0\(a) \(b) \(c)"
        case 4: return "+60 \(a)-\(b) \(c)"
        case 5: return "+60\(a)-\(b)\(c)"
        case 6: return "+60\(n)"
        case 7: return "60\(n)"
        case 8: return "60 \(a) \(b) \(c)"
        case 9: return "0060\(n)"
        case 10: return "+60 (0)\(a)-\(b) \(c)"
        case 11: return "(0\(a)) \(b) \(c)"
        case 12: return "tel:+60\(n)"
        case 13: return n
        case 14: return "0\(a)-\(b) \(c) " + pick(["ext 12", "x 3", "samb. 45", "sambungan 7", "EXT.9", "ext", "ext 1a"])
        case 15: return "0\(n)" + pick([" / ", "/", ", ", "; ", " & ", " atau ", " or ", " OR "]) + "0\(nsn())"
        case 16: return pick(["+65 ", "+65", "0065", "+1 ", "+44 ", "+673 ", "+86", "+7"]) + digits(6 + int(8))
        case 17: return "02-" + pick(["6", "8", "9", "7"]) + digits(3) + " " + digits(4)
        case 18: return "080-" + digits(7)
        case 19: return pick(["1-300-88-1234", "1-800-22-3344", "1300 88 1234", "999", "112", "15888", "+600123456789", "+60 0 12 345 6789"])
        case 20: return "\(n.prefix(1)).\(n.dropFirst().prefix(6))E+\(pick(["10", "11", "9", "8", "7"]))"
        default: return pick(["Tel: 0\(n)", "0\(n) (HP)", "0\(n)abc", "Order 2024\(n)", "H/P: 0\(a)-\(b) \(c)", "0\(n).0", "'0\(n)", "=\"0\(n)\""])
        }
    }

    /// `60…` MSISDNs, 10–13 digits, some of them also valid MyKads.
    mutating func msisdn() -> String {
        if chance(30) {
            // 60MMDD-PB-#### shaped: a 1960 birth date that is also an MSISDN.
            return "60" + two(1 + int(12)) + two(1 + int(28)) + two(pick([1, 10, 14, 12, 13, 50, 71])) + digits(4)
        }
        return "60" + nsn() + (chance(10) ? digit().description : "")
    }

    mutating func imsi() -> String {
        let mcc = chance(70) ? "502" : pick(["525", "310", "460", "510", "999", "001", "234"])
        let mnc = chance(80) ? pick(["01", "10", "11", "12", "13", "14", "150", "151", "152", "153", "154", "155", "156", "157", "158", "16", "17", "18", "19", "20", "99", "15"]) : digits(2)
        var body = mcc + mnc
        let length = chance(85) ? 15 : pick([14, 13, 16])
        while body.count < length { body.append(digit()) }
        switch int(10) {
        case 0: return " \(body) "
        case 1: return "IMSI \(body)"
        case 2: return "\(body.prefix(5)) \(body.dropFirst(5))"
        default: return String(body.prefix(length))
        }
    }

    mutating func email() -> String {
        let local = pick(["vijay76788546", "haslinda.aizat", "Siti.Aminah", "tan_ah_kow+jobs", "a%b-c", "O.Neil-2", ".ali", "ali.", "al..i", "x"])
        let domain = pick(["example.com", "Gmail.COM", "yahoo.com.my", "sub-domain.edu.my", "example.photography", "x.org", "-bad.com", "bad-.com", "exa_mple.com", "example", "example.c", "example.123"])
        return pick(["", " ", "\t"]) + local + pick(["@", "@@", "", "@"]) + domain + pick(["", " ", "."])
    }

    /// Non-ASCII and other odd cells (the normaliser's slow path, empty cells, letters).
    mutating func oddity() -> String {
        let n = nsn()
        return pick([
            "", " ", "-", "abc", "N/A", "０１２-３４５ ６７８９", "012\u{2013}345\u{00A0}6789", "９００１０１-１４-５６７９",
            "900101\u{2011}14\u{2011}5679", "+６０\(n)", "0\(n)\u{200B}", "ali@exämple.com", "ＩＭＳＩ ５０２１２" + digits(10),
            "\u{FEFF}0\(n)", "٠١٢٣٤٥٦٧٨٩", "0\(n) 📞", "\(n)\u{3000}",
        ])
    }
}
