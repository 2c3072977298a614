import Exposure
import LeakTraceCore
import Testing
import Triage

/// What a person types into the lookup, and what the index is searched for.
@Suite("Account parsing (lookup input)")
struct AccountTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var type: LookupType?
        var canonical: String?
        var hint: LookupType? = nil
        var testDescription: String { "\(type.map { "\($0)" } ?? "none") #\(input.count)" }
    }

    static let cases: [Case] = [
        // Emails: trimmed, case ignored (HIBP: "not case-sensitive, trimmed").
        Case(input: "Siti.Aminah@Example.COM", type: .email, canonical: "siti.aminah@example.com"),
        Case(input: "  ali@example.my \n", type: .email, canonical: "ali@example.my"),
        Case(input: "not-an-email@", type: nil, canonical: nil),
        // MyKad in the spellings people type: dashes, spaces, none.
        Case(input: "850101-14-5679", type: .mykad, canonical: "850101145679"),
        Case(input: "850101 14 5679", type: .mykad, canonical: "850101145679"),
        Case(input: "850101145679", type: .mykad, canonical: "850101145679"),
        // Not a date: twelve digits that are no MyKad fall through to phone rules (and fail).
        Case(input: "851301145679", type: nil, canonical: nil),
        // Phones: every spelling reduces to E.164.
        Case(input: "012-345 6789", type: .phone, canonical: "+60123456789"),
        Case(input: "+60 12-345 6789", type: .phone, canonical: "+60123456789"),
        Case(input: "60123456789", type: .phone, canonical: "+60123456789"),
        Case(input: "03-2345 6789", type: .phone, canonical: "+60323456789"),
        Case(input: "011-2345 6789", type: .phone, canonical: "+601123456789"),
        // A hint forces the reading.
        Case(input: "850101145679", type: nil, canonical: nil, hint: .email),
        // Garbage and empty input.
        Case(input: "hello", type: nil, canonical: nil),
        Case(input: "   ", type: nil, canonical: nil),
        Case(input: String(repeating: "9", count: 400), type: nil, canonical: nil),
    ]

    @Test("parses", arguments: cases)
    func parses(_ c: Case) {
        let account = Account.parse(c.input, hint: c.hint)
        #expect(account?.type == c.type)
        #expect(account?.canonical.value == c.canonical)
    }

    @Test("description never shows the value")
    func redacted() throws {
        let account = try #require(Account.parse("850101-14-5679"))
        #expect(!"\(account)".contains("850101"))
        #expect(!String(reflecting: account.canonical).contains("850101"))
    }

    @Test("masked form for the owner's own screen keeps little")
    func masked() throws {
        let phone = try #require(Account.parse("012-345 6789"))
        #expect(phone.masked != phone.canonical.value)
        #expect(phone.masked.contains("*"))
        let mykad = try #require(Account.parse("850101145679"))
        #expect(!mykad.masked.contains("145679"))
    }
}
