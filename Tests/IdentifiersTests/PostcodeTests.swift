import Identifiers
import Testing

@Suite("Postcodes (spec §6.1)")
struct PostcodeTests {
    /// Exceptions to "the first two digits give the state", and rows 75, 77, 78.
    static let listed: [(String, String)] = [
        ("50450 Kuala Lumpur", "14"), ("39000 Tanah Rata", "06"), ("14290", "02"), ("14000", "07"),
        ("34950", "02"), ("63000", "10"), ("69000", "06"), ("80888", "01"), ("39200", "06"), ("49000", "06"),
        ("64000", "10"), ("68100", "10"), ("55555", "10"), ("62988", "16"), ("87033", "15"), ("98859", "13"),
        ("88000", "12"), ("20000", "11"), ("75000", "04"), ("70000", "05"), ("30000", "08"), ("15000", "03"),
        ("01000", "09"), ("05000", "02"), ("10000", "07"), ("25000", "06"), ("40000", "10"), ("79050", "01"),
    ]

    @Test("listed postcodes give the state", arguments: listed)
    func listedPostcode(_ input: String, _ state: String) {
        let d = Postcode.detect(input)
        #expect(d.verdict == .valid)
        #expect(d.facts.stateCode == state)
        #expect(d.canonical == String(input.prefix(5)))
    }

    /// A bare five-digit cell takes a short path; a space after it takes the general one, which
    /// trims the space. Both give the same detection for every listed code and a spread of
    /// unlisted ones, in a postcode column and outside one.
    @Test func fiveDigitShortPathEqualsTheGeneralPath() {
        var codes = Set(Postcode.all.map(\.postcode))
        for n in stride(from: 0, to: 100_000, by: 97) {
            let digits = String(n)
            codes.insert(String(repeating: "0", count: 5 - digits.count) + digits)
        }
        var differing: [String] = []
        for code in codes.sorted() {
            for context in [CellContext.untyped, CellContext(columnType: .postcode)]
            where Postcode.detect(code, context: context) != Postcode.detect(code + " ", context: context) {
                differing.append(code)
            }
        }
        #expect(codes.count > 3_000)
        #expect(differing.isEmpty, "\(differing.count) codes differ, e.g. \(differing.prefix(5))")
    }

    @Test func row75() {
        let d = Postcode.detect("50450 Kuala Lumpur")
        #expect(d.verdict == .valid)
        #expect(d.facts.town == "Kuala Lumpur")
    }

    @Test func row76PaddedInPostcodeColumn() {
        let d = Postcode.detect("1000", context: CellContext(columnType: .postcode))
        #expect(d.verdict == .validWarn)
        #expect(d.canonical == "01000")
        #expect(d.facts.town == "Kangar")
        #expect(d.facts.stateCode == "09")
        #expect(d.notes == ["left-padded"])
        #expect(Postcode.detect("1000").verdict == .invalid)
    }

    @Test func row77TanahRataIsPahang() {
        #expect(Postcode.detect("39000 Tanah Rata").facts.stateCode == "06")
    }

    @Test("row 79 and other unused prefixes", arguments: ["99123", "00100", "03000", "04000", "19000", "29000", "37000", "38000", "61000", "65000", "66000", "67000", "74000", "92000"])
    func unusedPrefix(_ input: String) {
        #expect(Postcode.detect(input, context: CellContext(columnType: .postcode)).verdict == .invalid)
    }

    @Test("plausible: prefix in use, not listed", arguments: ["50001", "47999", "81999"])
    func plausible(_ input: String) {
        let d = Postcode.detect(input)
        #expect(d.verdict == .context)
        #expect(d.canonical == nil)
    }

    @Test("not postcodes", arguments: ["5045", "504500", "50450-1234", "abc", "", "50450 12"])
    func notPostcode(_ input: String) {
        #expect(Postcode.detect(input).verdict == .invalid)
    }

    @Test func tableShape() {
        let codes = Set(Postcode.all.map(\.postcode))
        #expect(codes.count > 2900)
        #expect(codes.allSatisfy { $0.count == 5 })
        #expect(Postcode.lookup("80888")?.stateCode == "01")
        #expect(Postcode.lookup("71590") == nil)
        #expect(Postcode.isPrefixInUse("47"))
        #expect(!Postcode.isPrefixInUse("99"))
        #expect(Postcode.entries(for: "86400").count == 2)
    }
}
