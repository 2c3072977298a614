import Foundation
import Identifiers
import LeakTraceCore
import Testing
import Triage

/// One free-text row of spec §12: the input alone and the one span expected (or none).
struct TextRow: Sendable, CustomTestStringConvertible {
    var row: Int
    var input: String
    /// `nil`: no span at all may come out (INVALID, NOT-PII, digits inside a longer run).
    var type: IdentifierType?
    var verdict: Verdict?
    var canonical: String?
    /// The span's text in the input (defaults to the whole input).
    var text: String?
    var alternatives: [String]

    init(_ row: Int, _ input: String, _ type: IdentifierType? = nil, _ verdict: Verdict? = nil, canonical: String? = nil, text: String? = nil, alternatives: [String] = []) {
        self.row = row
        self.input = input
        self.type = type
        self.verdict = verdict
        self.canonical = canonical
        self.text = text
        self.alternatives = alternatives
    }

    var testDescription: String { "row \(row): \(input)" }
}

/// The UTF-8 byte range of `needle` in `haystack` (first occurrence).
func byteRange(of needle: String, in haystack: String) -> Range<Int>? {
    let h = Array(haystack.utf8)
    let n = Array(needle.utf8)
    guard !n.isEmpty, n.count <= h.count else { return nil }
    for i in 0...(h.count - n.count) where Array(h[i..<(i + n.count)]) == n { return i..<(i + n.count) }
    return nil
}

@Suite("Free-text scanner (spec §12 free-text rows, §2.1 N7/N8, §2.2)")
struct TextScannerTests {
    static let reference = CivilDate(year: 2014, month: 7, day: 31)!
    static let scanner = TextScanner(referenceDate: reference)

    static let positiveRows: [TextRow] = [
        TextRow(1, "900101-14-5678", .mykad, .valid, canonical: "900101145678"),
        TextRow(2, "900101145679", .mykad, .valid, canonical: "900101145679"),
        TextRow(3, "900101 14 5679", .mykad, .valid, canonical: "900101145679"),
        TextRow(4, "900101-145679", .mykad, .validWarn, canonical: "900101145679"),
        TextRow(5, "９００１０１－１４－５６７８", .mykad, .valid, canonical: "900101145678"),
        TextRow(8, "000229-14-5678", .mykad, .valid, canonical: "000229145678"),
        TextRow(10, "040229-14-5678", .mykad, .valid, canonical: "040229145678"),
        TextRow(14, "900101-71-5678", .mykad, .valid, canonical: "900101715678"),
        TextRow(15, "900101-66-5678", .mykad, .valid, canonical: "900101665678"),
        TextRow(16, "900101-99-5678", .mykad, .valid, canonical: "900101995678"),
        TextRow(17, "900101-82-5678", .mykad, .valid, canonical: "900101825678"),
        TextRow(18, "500101-01-5678*", .mykad, .valid, canonical: "500101015678", text: "500101-01-5678"),
        TextRow(19, "111111-11-1111", .mykad, .context),
        TextRow(22, "IC900101145678", .mykad, .valid, canonical: "900101145678", text: "900101145678"),
        TextRow(24, "230915143012", .mykad, .context),
        TextRow(26, "601112345678", .mykad, .ambiguous, canonical: "601112345678", alternatives: ["phone_mobile"]),
        TextRow(33, "'900101145678", .mykad, .valid, canonical: "900101145678", text: "900101145678"),
        TextRow(35, "A1234567", .oldIC, .context),
        TextRow(37, "A12345678", .passport, .valid, canonical: "A12345678"),
        TextRow(38, "No. pasport: K12345678", .passport, .valid, canonical: "K12345678", text: "K12345678"),
        TextRow(40, "012-345 6789", .phoneMobile, .valid, canonical: "+60123456789"),
        TextRow(41, "+60 (0)12-345 6789", .phoneMobile, .validWarn, canonical: "+60123456789"),
        TextRow(42, "+600123456789", .phoneMobile, .validWarn, canonical: "+60123456789"),
        TextRow(43, "0060123456789", .phoneMobile, .valid, canonical: "+60123456789"),
        TextRow(44, "011-2345 6789", .phoneMobile, .valid, canonical: "+601123456789"),
        TextRow(50, "03-2385 6789", .phoneFixed, .valid, canonical: "+60323856789"),
        TextRow(52, "082-234 567", .phoneFixed, .valid, canonical: "+6082234567"),
        TextRow(62, "+65 9123 4567", .phoneMobile, .valid, canonical: "+6591234567"),
        TextRow(64, "502121234567890", .imsi, .valid, canonical: "502121234567890"),
        TextRow(65, "502153123456789", .imsi, .valid, canonical: "502153123456789"),
        TextRow(68, "490154203237518", .imei, .valid, canonical: "490154203237518"),
        TextRow(72, "8960120000123456784", .iccid, .valid, canonical: "8960120000123456784"),
        TextRow(84, "4111 1111 1111 1111", .paymentCard, .valid, canonical: "4111111111111111"),
    ]

    /// Rows whose expected verdict is INVALID or NOT-PII: nothing may be emitted.
    static let negativeRows: [TextRow] = [
        TextRow(20, "9001011456780"),
        TextRow(21, "Ref:20900101145678"),
        TextRow(45, "011-234 5678"),
        TextRow(46, "013-012 3456"),
        TextRow(53, "082-2345678"),
        TextRow(54, "1-300-88-1234"),
        TextRow(56, "123456789"),
        TextRow(61, "Order 20240123456789"),
        TextRow(69, "490154203237519"),
    ]

    @Test("§12 rows that must yield one span", arguments: positiveRows)
    func positive(_ row: TextRow) throws {
        let spans = Self.scanner.scan(row.input)
        try #require(spans.count == 1, "got \(spans)")
        let span = spans[0]
        #expect(span.type == row.type?.rawValue)
        #expect(span.verdict == row.verdict?.rawValue)
        #expect(span.canonical == row.canonical)
        #expect(span.alternatives == row.alternatives)
        #expect(span.line == 1)
        let expected = try #require(byteRange(of: row.text ?? row.input, in: row.input))
        #expect(span.start == expected.lowerBound)
        #expect(span.end == expected.upperBound)
        #expect((0...1).contains(span.confidence))
        // Every span is reported on original bytes: slicing them gives the text.
        let bytes = Array(row.input.utf8)
        #expect(String(decoding: bytes[span.start..<span.end], as: UTF8.self) == (row.text ?? row.input))
    }

    @Test("§12 rows that must yield nothing (INVALID, NOT-PII, longer digit runs)", arguments: negativeRows)
    func negative(_ row: TextRow) {
        #expect(Self.scanner.scan(row.input).isEmpty, "row \(row.row)")
    }

    @Test("Row 60: two numbers split on ` / `")
    func twoNumbers() {
        let input = "03 2385 6789 / 012-345 6789"
        let spans = Self.scanner.scan(input)
        #expect(spans.map(\.canonical) == ["+60323856789", "+60123456789"])
        #expect(spans.map(\.type) == ["phone_fixed", "phone_mobile"])
        #expect(spans.map(\.verdict) == ["VALID", "VALID"])
        #expect(spans.map(\.start) == [0, 15])
        #expect(spans.map(\.end) == [12, 27])
    }

    // MARK: Confidence

    @Test("Confidence: base per verdict, keyword bonus, contradiction")
    func confidence() throws {
        func only(_ text: String) throws -> TextSpan {
            let spans = Self.scanner.scan(text)
            try #require(spans.count == 1, "got \(spans)")
            return spans[0]
        }
        #expect(try only("900101-14-5678").confidence == 0.8)
        #expect(try only("No. KP: 900101-14-5678").confidence == 0.95)
        #expect(try only("900101-145679").confidence == 0.6)
        #expect(try only("invoice 900101-14-5678").confidence == 0.6)
        // A supporting word nearer than the contradicting one shields it.
        #expect(try only("order ok, IC 900101-14-5678").confidence == 0.95)
        #expect(try only("230915143012").confidence == 0.3)
        #expect(try only("created 230915143012").confidence == 0.1)
        #expect(try only("601112345678").confidence == 0.5)
        // Passports: low without a keyword, high with one within 300 characters (row 37 vs 38).
        #expect(try only("A12345678").confidence == 0.4)
        let far = "Passport holder details below. " + String(repeating: "lorem ipsum ", count: 20) + "H12345678"
        #expect(try only(far).confidence == 0.95)
        let tooFar = "Passport " + String(repeating: "lorem ipsum ", count: 30) + "H12345678"
        #expect(try only(tooFar).confidence == 0.4)
        #expect(try only("tel 012-345 6789").confidence == 0.95)
        #expect(try only("ali@example.com.my").confidence == 0.8)
    }

    @Test("A timestamp-like NRIC is resolved by an NRIC word, not by a time word")
    func timestampLike() throws {
        let resolved = Self.scanner.scan("IC: 230915143012")
        try #require(resolved.count == 1)
        #expect(resolved[0].verdict == "VALID")
        #expect(resolved[0].canonical == "230915143012")
        #expect(resolved[0].confidence == 0.65)
        let time = Self.scanner.scan("log time 230915143012")
        try #require(time.count == 1)
        #expect(time[0].verdict == "CONTEXT")
        #expect(time[0].canonical == nil)
        #expect(time[0].confidence < 0.5)
    }

    // MARK: Ambiguity (§2.2)

    struct AmbiguousCase: Sendable, CustomTestStringConvertible {
        var text: String
        var type: String
        var verdict: String
        var canonical: String
        var alternatives: [String]
        var confidence: Double
        var testDescription: String { text }
    }

    static let ambiguous: [AmbiguousCase] = [
        AmbiguousCase(text: "601112345678", type: "mykad", verdict: "AMBIGUOUS", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.5),
        AmbiguousCase(text: "IC 601112345678", type: "mykad", verdict: "VALID", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.65),
        AmbiguousCase(text: "No. KP: 601112345678", type: "mykad", verdict: "VALID", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.65),
        AmbiguousCase(text: "kad pengenalan 601112345678", type: "mykad", verdict: "VALID", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.65),
        AmbiguousCase(text: "NRIC601112345678", type: "mykad", verdict: "VALID", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.65),
        AmbiguousCase(text: "I/C 601112345678", type: "mykad", verdict: "VALID", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.65),
        AmbiguousCase(text: "tel 601112345678", type: "phone_mobile", verdict: "VALID", canonical: "+601112345678", alternatives: ["mykad"], confidence: 0.65),
        AmbiguousCase(text: "msisdn=601112345678", type: "phone_mobile", verdict: "VALID", canonical: "+601112345678", alternatives: ["mykad"], confidence: 0.65),
        AmbiguousCase(text: "WhatsApp saya 601112345678 ok", type: "phone_mobile", verdict: "VALID", canonical: "+601112345678", alternatives: ["mykad"], confidence: 0.65),
        AmbiguousCase(text: "H/P: 601112345678", type: "phone_mobile", verdict: "VALID", canonical: "+601112345678", alternatives: ["mykad"], confidence: 0.65),
        // The nearer word decides.
        AmbiguousCase(text: "tel 0123456789, IC 601112345678", type: "mykad", verdict: "VALID", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.65),
        AmbiguousCase(text: "IC 900101145678, hubungi 601112345678", type: "phone_mobile", verdict: "VALID", canonical: "+601112345678", alternatives: ["mykad"], confidence: 0.65),
        // A word farther than the window does not decide.
        AmbiguousCase(text: "IC " + String(repeating: "x", count: 45) + " 601112345678", type: "mykad", verdict: "AMBIGUOUS", canonical: "601112345678", alternatives: ["phone_mobile"], confidence: 0.5),
    ]

    @Test("601112345678: NRIC or MSISDN, decided by the nearest context word", arguments: ambiguous)
    func disambiguation(_ c: AmbiguousCase) throws {
        let spans = Self.scanner.scan(c.text).filter { $0.alternatives.isEmpty == false || $0.verdict == "AMBIGUOUS" }
        try #require(spans.count == 1, "got \(Self.scanner.scan(c.text))")
        let span = spans[0]
        #expect(span.type == c.type)
        #expect(span.verdict == c.verdict)
        #expect(span.canonical == c.canonical)
        #expect(span.alternatives == c.alternatives)
        #expect(span.confidence == c.confidence)
        let range = try #require(byteRange(of: "601112345678", in: c.text))
        #expect(span.start == range.lowerBound && span.end == range.upperBound)
    }

    @Test("IMSI that is also a Luhn-valid IMEI: the word decides")
    func imsiOrIMEI() throws {
        // 502121234567896 passes Luhn: a valid IMSI (MNC 12) and a valid IMEI.
        let value = "502121234567896"
        let bare = Self.scanner.scan(value)
        try #require(bare.count == 1)
        #expect(bare[0].verdict == "AMBIGUOUS")
        #expect(bare[0].type == "imsi")
        #expect(bare[0].alternatives == ["imei"])
        let imei = Self.scanner.scan("IMEI: " + value)
        #expect(imei.first?.type == "imei")
        #expect(imei.first?.verdict == "VALID")
        let imsi = Self.scanner.scan("imsi " + value)
        #expect(imsi.first?.type == "imsi")
    }

    // MARK: Digit-run boundary (N8)

    static let longerRuns: [String] = [
        "9001011456780", "19001011456789", "Ref:20900101145678", "ref no 1900101145678", "TXN9001011456787",
        "90010114567801", "Order 20240123456789", "Order 2024012345678955", "10123456789", "0012345678", "601112345678901",
        "1900101-14-5678", "900101-14-56789", "0123456789012345678901234567",
    ]

    @Test("Identifiers inside longer digit runs are never matched", arguments: longerRuns)
    func longerDigitRuns(_ text: String) {
        let spans = Self.scanner.scan(text).filter { ["mykad", "phone_mobile", "phone_fixed"].contains($0.type) }
        #expect(spans.isEmpty, "got \(spans)")
    }

    static let lookAlikes: [String] = [
        "IC 601130-97-8691",  // PB 97 does not exist; the NRIC layout is never read as a phone
        "TXN0010260305827",  // `00` + digits glued into a reference is not a foreign phone
        "Order 20240123456789 and ref 502121234567890123",
        "RM 1,250.00. 12/05/2014 bilik 12-3A jam 10:30",
        "901301-14-5678 900230-14-5678 010229-14-5678 900101-00-5678",  // rows 6, 7, 9, 11
    ]

    @Test("Look-alikes and invalid values yield no span", arguments: lookAlikes)
    func lookAlike(_ text: String) {
        #expect(Self.scanner.scan(text).isEmpty, "got \(Self.scanner.scan(text))")
    }

    @Test("Letters next to the digits are allowed; digits are not")
    func lettersAllowed() {
        let spans = Self.scanner.scan("IC900101145678abc tel0123456789x")
        #expect(spans.map(\.canonical) == ["900101145678", "+60123456789"])
        #expect(spans.map(\.start) == [2, 21])
    }

    // MARK: Forum post with exact offsets

    @Test("Mixed Malay/English forum post: exact byte offsets after multi-byte characters")
    func forumPost() throws {
        let post = """
        Salam semua 😊, saya nak tanya pasal Café Ali — dia minta No. KP: 900101-14-5678 dan no hp ０１２－３４５ ６７８９.
        Résumé dihantar ke ali.bin.abu@Example.COM.MY, order #20240123456789 belum sampai.
        陈先生 said: call +60 (0)11-2345 6789 atau emel mei_ling88@gmail.com; IC lama A1234567.
        Passport K12345678, IMEI 49-015420-323751-8, timestamp 230915143012 (bukan IC).
        """
        let spans = Self.scanner.scan(post)
        let bytes = Array(post.utf8)
        func text(_ s: TextSpan) -> String { String(decoding: bytes[s.start..<s.end], as: UTF8.self) }

        let expected: [(type: String, verdict: String, canonical: String?, text: String, line: Int)] = [
            ("mykad", "VALID", "900101145678", "900101-14-5678", 1),
            ("phone_mobile", "VALID", "+60123456789", "０１２－３４５ ６７８９", 1),
            ("email", "VALID", "ali.bin.abu@example.com.my", "ali.bin.abu@Example.COM.MY", 2),
            ("phone_mobile", "VALID+WARN", "+601123456789", "+60 (0)11-2345 6789", 3),
            ("email", "VALID", "mei_ling88@gmail.com", "mei_ling88@gmail.com", 3),
            ("old_ic", "CONTEXT", nil, "A1234567", 3),
            ("passport", "VALID", "K12345678", "K12345678", 4),
            ("imei", "VALID", "490154203237518", "49-015420-323751-8", 4),
            ("mykad", "CONTEXT", nil, "230915143012", 4),
        ]
        try #require(spans.count == expected.count, "got \(spans.map { "\($0.type) \(text($0))" })")
        for (span, want) in zip(spans, expected) {
            #expect(span.type == want.type)
            #expect(span.verdict == want.verdict)
            #expect(span.canonical == want.canonical)
            #expect(text(span) == want.text)
            #expect(span.line == want.line)
            let range = try #require(byteRange(of: want.text, in: post))
            #expect(span.start == range.lowerBound && span.end == range.upperBound)
        }
        // Pinned numbers, computed by hand: 😊 is 4 bytes, é 2, — 3, each full-width character 3.
        #expect(spans[0].start == 71)
        #expect(spans[1].start == 96)
        #expect(spans[1].end == 96 + 11 * 3 + 1)
        #expect(spans[0].confidence == 0.95)
        #expect(spans[1].confidence == 0.95)
        #expect(spans[8].confidence < 0.5)
    }

    @Test("Full-width digits, Unicode dashes and zero-width characters map back to original offsets")
    func unicodeOffsets() throws {
        let input = "é:\u{00A0}９００１０１\u{2013}１４\u{2212}５６７８\u{200B} ok 012\u{2010}345\u{200B}6789"
        let spans = Self.scanner.scan(input)
        try #require(spans.count == 2, "got \(spans)")
        let bytes = Array(input.utf8)
        #expect(spans[0].canonical == "900101145678")
        #expect(spans[0].start == 5)  // é (2) + ':' (1) + NBSP (2)
        #expect(String(decoding: bytes[spans[0].start..<spans[0].end], as: UTF8.self) == "９００１０１\u{2013}１４\u{2212}５６７８")
        #expect(spans[1].canonical == "+60123456789")
        #expect(String(decoding: bytes[spans[1].start..<spans[1].end], as: UTF8.self) == "012\u{2010}345\u{200B}6789")
    }

    @Test("Invalid UTF-8 does not crash and offsets stay byte offsets")
    func invalidUTF8() throws {
        var bytes: [UInt8] = [0xFF, 0xC3, 0x28, 0xE2, 0x82]
        bytes += Array(" IC 900101-14-5678 ".utf8)
        bytes += [0xF0, 0x9F, 0x98]  // truncated emoji
        bytes += Array("0123456789".utf8)
        bytes += [0xED, 0xA0, 0x80]  // a UTF-16 surrogate encoded in UTF-8
        let spans = Self.scanner.scan(bytes)
        try #require(spans.count == 2, "got \(spans)")
        #expect(spans[0].start == 9 && spans[0].end == 23)
        #expect(spans[1].start == 27 && spans[1].end == 37)
        #expect(spans[1].canonical == "+60123456789")
    }

    @Test("baseOffset and firstLine shift every span")
    func baseOffsetAndLines() {
        let spans = Self.scanner.scan(Array("a\nb\n\nIC 900101145678\n".utf8), baseOffset: 1000, firstLine: 7)
        #expect(spans.count == 1)
        #expect(spans.first?.start == 1008)
        #expect(spans.first?.line == 10)
    }

    @Test("Emails: trailing full stop, upper-case domain, digits inside the address are not NRICs")
    func emails() {
        let spans = Self.scanner.scan("mail Ali.Abu900101145678@GMAIL.com. and x@y")
        #expect(spans.map(\.type) == ["email"])
        #expect(spans.first?.canonical == "ali.abu900101145678@gmail.com")
        #expect(spans.first?.end == 34)
    }

    @Test("Spans are Codable as one JSON object each")
    func codable() throws {
        let span = try #require(Self.scanner.scan("tel 601112345678").first)
        let data = try JSONEncoder().encode(span)
        let back = try JSONDecoder().decode(TextSpan.self, from: data)
        #expect(back == span)
    }

    // MARK: Files

    @Test("scanFile: chunks cut at line ends keep offsets and line numbers")
    func scanFileChunks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = ""
        var expectedStarts: [Int] = []
        for i in 0..<3000 {
            let line = "baris \(i) é: IC 900101-14-5678 tel 012-345 6789\n"
            expectedStarts.append(text.utf8.count + byteRange(of: "900101", in: line)!.lowerBound)
            text += line
        }
        let path = dir.appendingPathComponent("chat.txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var spans: [TextSpan] = []
        try Self.scanner.scanFile(path: path, chunkSize: 4096) { spans.append($0) }
        #expect(spans.count == 6000)
        let kads = spans.filter { $0.type == "mykad" }
        #expect(kads.map(\.start) == expectedStarts)
        #expect(kads.map(\.line) == Array(1...3000))
        // Same result as one whole-buffer scan.
        #expect(spans == Self.scanner.scan(Array(text.utf8)))
    }

    @Test("scanFile: a very long line is cut between words, not inside a number")
    func scanFileLongLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(repeating: "ic 900101-14-5678 hp 012-345 6789 ", count: 2000)
        let path = dir.appendingPathComponent("long.txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var spans: [TextSpan] = []
        try Self.scanner.scanFile(path: path, chunkSize: 4096) { spans.append($0) }
        #expect(spans.count == 4000)
        #expect(spans.allSatisfy { $0.line == 1 && $0.verdict == "VALID" })
    }

    @Test("scanFile: binary and unreadable files are LeakTraceErrors carrying the path")
    func scanFileErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaktrace-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("image.bin").path
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01] + Array("IC 900101145678".utf8)).write(to: URL(fileURLWithPath: binary))
        do {
            try Self.scanner.scanFile(path: binary) { _ in }
            Issue.record("expected a binary-input error")
        } catch {
            #expect(error.code == .binaryInput)
            #expect(error.location?.file == binary)
            #expect(!error.message.contains("900101"))
        }
        let missing = dir.appendingPathComponent("missing.txt").path
        do {
            try Self.scanner.scanFile(path: missing) { _ in }
            Issue.record("expected an I/O error")
        } catch {
            #expect(error.code == .io)
            #expect(error.location?.file == missing)
        }
        do {
            try Self.scanner.scanFile(path: dir.path) { _ in }
            Issue.record("expected an I/O error for a directory")
        } catch {
            #expect(error.code == .io)
        }
        let empty = dir.appendingPathComponent("empty.txt").path
        try Data().write(to: URL(fileURLWithPath: empty))
        var count = 0
        try Self.scanner.scanFile(path: empty) { _ in count += 1 }
        #expect(count == 0)
    }
}

