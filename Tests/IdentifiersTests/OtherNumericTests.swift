import Identifiers
import LeakTraceCore
import Testing

@Suite("Passport, old IC, cards, bank accounts (spec §12.1 rows 34–36, §12.2, rows 84–85)")
struct OtherNumericTests {
    @Test("rows 34–36: old IC is CONTEXT, header-driven", arguments: [
        ("A1234567", IdentifierType.oldIC, "A1234567"),
        ("A1234567", nil, nil),
        ("1234567", IdentifierType.oldIC, "1234567"),
        ("1234567", nil, nil),
    ] as [(String, IdentifierType?, String?)])
    func oldIC(_ input: String, _ column: IdentifierType?, _ canonical: String?) {
        let d = OldIC.detect(input, context: CellContext(columnType: column))
        #expect(d.verdict == .context)
        #expect(d.canonical == canonical)
    }

    @Test("old IC rejects other shapes", arguments: ["12345678", "AB1234567", "A123456", "A1234567B"])
    func oldICInvalid(_ input: String) {
        #expect(OldIC.detect(input, context: CellContext(columnType: .oldIC)).verdict == .invalid)
    }

    @Test("rows 37–39: passports")
    func passports() {
        let row37 = Passport.detect("A12345678")
        #expect(row37.verdict == .valid)
        #expect(row37.canonical == "A12345678")
        #expect(row37.notes == ["no keyword: low confidence"])
        // Row 38: the keyword rule ("pasport" within 300 characters) lives in the text scanner;
        // the detector gives the same low-confidence shape verdict for the cell alone.
        let row38 = Passport.detect("K12345678")
        #expect(row38.verdict == .valid)
        #expect(row38.canonical == "K12345678")
        #expect(Passport.detect("k12345678", context: CellContext(columnType: .passport)).notes.isEmpty)
        let row39 = Passport.detect("B12345678", context: CellContext(columnType: .passport))
        #expect(row39.verdict == .invalid)
        #expect(row39.canonical == nil)
    }

    @Test("passport boundaries", arguments: ["XA12345678", "A123456789", "A1234567", "A12345678B"])
    func passportBoundaries(_ input: String) {
        #expect(Passport.detect(input).verdict == .invalid)
    }

    @Test("row 84 and other cards", arguments: [
        ("4111 1111 1111 1111", Verdict.valid, "4111111111111111", "test PAN"),
        ("4111-1111-1111-1111", Verdict.valid, "4111111111111111", "test PAN"),
        ("3782 822463 10005", Verdict.valid, "378282246310005", "test PAN"),
        ("5555555555554444", Verdict.valid, "5555555555554444", "test PAN"),
        ("4111 1111 1111 1112", Verdict.invalid, nil, nil),
        ("4111 1111-1111 1111", Verdict.invalid, nil, nil),
        ("41 1111 1111 1111 11", Verdict.invalid, nil, nil),
        ("8960120000123456784", Verdict.context, nil, "Luhn passes, unknown IIN"),
    ] as [(String, Verdict, String?, String?)])
    func cards(_ input: String, _ verdict: Verdict, _ canonical: String?, _ note: String?) {
        let d = PaymentCard.detect(input)
        #expect(d.verdict == verdict)
        #expect(d.canonical == canonical)
        if let note { #expect(d.notes.contains(note)) }
    }

    @Test("row 85: Malaysia has no IBAN")
    func iban() {
        let d = BankAccount.detect("MY12 MBBE 0000 1234 5678")
        #expect(d.verdict == .invalid)
        #expect(d.notes == ["Malaysia has no IBAN"])
        #expect(BankAccount.detect("MY12 MBBE 0000 1234 5678", context: CellContext(columnType: .bankAccount)).verdict == .invalid)
    }

    @Test("bank accounts need the column", arguments: [
        ("514012345678", nil, Verdict.context, nil),
        ("514012345678", IdentifierType.bankAccount, Verdict.valid, "514012345678"),
        ("8001-234567", IdentifierType.bankAccount, Verdict.valid, "8001234567"),
        ("123456789", IdentifierType.bankAccount, Verdict.invalid, nil),
        ("0000000000", IdentifierType.bankAccount, Verdict.invalid, nil),
    ] as [(String, IdentifierType?, Verdict, String?)])
    func bankAccounts(_ input: String, _ column: IdentifierType?, _ verdict: Verdict, _ canonical: String?) {
        let d = BankAccount.detect(input, context: CellContext(columnType: column))
        #expect(d.verdict == verdict)
        #expect(d.canonical == canonical)
    }
}

@Suite("Cell normaliser (spec §2.1)")
struct CellNormalizerTests {
    @Test("N2–N6", arguments: [
        ("  900101145678  ", "900101145678"),
        ("'900101145678", "900101145678"),
        ("=\"0123456789\"", "0123456789"),
        ("900101145678.0", "900101145678"),
        ("900101145678.000", "900101145678"),
        ("900101145678.5", "900101145678.5"),
        ("９００１０１", "900101"),
        ("١٢٣", "123"),
        ("012\u{2013}345\u{00A0}6789", "012-345 6789"),
        ("012\u{200B}3456789", "0123456789"),
        ("\u{FEFF}012\u{2212}3456789", "012-3456789"),
    ])
    func normalise(_ input: String, _ expected: String) {
        #expect(CellNormalizer.normalize(input).text == expected)
    }

    @Test("scientific notation is flagged, never expanded", arguments: ["8.50101E+11", "6.01123E+11", "1E5", "9.9e11"])
    func scientific(_ input: String) {
        let (text, cell) = CellNormalizer.normalize(input)
        #expect(cell.isScientific)
        #expect(text == input)
    }

    @Test("not scientific", arguments: ["E11.9", "8.5E", "12E5"])
    func notScientific(_ input: String) {
        #expect(!CellNormalizer.normalize(input).cell.isScientific)
    }

    @Test("the ASCII path does not use the scratch buffer")
    func asciiPath() {
        var scratch: [UInt8] = []
        var text = " '012-3456789 "
        let cell = text.withUTF8 { CellNormalizer.normalize($0, into: &scratch) }
        #expect(!cell.usesScratch)
        #expect(scratch.isEmpty)
        #expect(cell.strippedApostrophe)
        #expect(cell.range == 2..<13)
    }
}

@Suite("Masking")
struct MaskingTests {
    @Test("masked examples", arguments: [
        ("850101145679", IdentifierType.mykad, "8501**-**-**79"),
        ("+60123456789", IdentifierType.phoneMobile, "+6012***6789"),
        ("ali@domain.com", IdentifierType.email, "a***@d***.com"),
        ("502121234567890", IdentifierType.imsi, "50212********90"),
        ("490154203237518", IdentifierType.imei, "49015********18"),
        ("8960120000123456784", IdentifierType.iccid, "89601************84"),
        ("A12345678", IdentifierType.passport, "A*******8"),
    ])
    func mask(_ value: String, _ type: IdentifierType, _ expected: String) {
        #expect(Masking.mask(value, type: type) == expected)
    }

    @Test("the generic fallback keeps at most a quarter of the characters", arguments: ["4111111111111111", "514012345678", "abc", "1234567890123456789"])
    func generic(_ value: String) {
        let masked = Masking.mask(value, type: .paymentCard)
        let kept = masked.filter { $0 != "*" }.count
        #expect(masked.count == value.count)
        #expect(kept * 4 <= value.count)
    }
}

@Suite("Place-of-birth table (spec §3.4)")
struct PlaceOfBirthTests {
    @Test("every code is either in the table or rejected")
    func coverage() {
        for code in 0..<100 {
            #expect((PlaceOfBirth.lookup(code) != nil) != PlaceOfBirth.rejected.contains(code))
        }
        #expect(PlaceOfBirth.all.count == 86)
    }

    @Test("state codes, 82 and abroad", arguments: [(23, "01", false), (39, "08", false), (36, "08", false), (59, "05", false), (16, "16", false)] as [(Int, String?, Bool)])
    func states(_ code: Int, _ state: String?, _ abroad: Bool) {
        #expect(PlaceOfBirth.lookup(code)?.stateCode == state)
        #expect(PlaceOfBirth.lookup(code)?.bornAbroad == abroad)
    }

    @Test("82 is Malaysia without a state; 60 and above are abroad")
    func abroad() {
        #expect(PlaceOfBirth.lookup(82)?.bornAbroad == false)
        #expect(PlaceOfBirth.lookup(82)?.stateCode == nil)
        for entry in PlaceOfBirth.all where entry.code >= 60 && entry.code != 82 { #expect(entry.bornAbroad) }
    }
}
