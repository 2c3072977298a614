import Identifiers
import Testing

@Suite("Other identifiers (spec §8.4, §8.6, §8.8, §8.9)")
struct OtherIdentifiersTests {
    @Test func row86IndividualTIN() {
        let d = OtherIdentifiers.detectTIN("SG 10234567090")
        #expect(d.verdict == .valid)
        #expect(d.canonical == "SG10234567090")
        #expect(d.notes.first == "tin")
        #expect(OtherIdentifiers.detect("SG 10234567090").verdict == .valid)
    }

    static let tins: [(String, Verdict)] = [
        ("IG10234567090", .valid), ("OG 123456789", .valid), ("sg10234567090", .valid),
        ("C 2581234567", .notPII), ("EI00000000010", .notPII), ("EI00000000030", .notPII),
        ("SG 12345678", .invalid), ("XX 10234567090", .invalid), ("SG", .invalid),
    ]

    @Test("TIN verdicts", arguments: tins)
    func tin(_ text: String, _ verdict: Verdict) {
        #expect(OtherIdentifiers.detectTIN(text).verdict == verdict)
    }

    @Test func row25SSMWithCompanyHeader() throws {
        let header = try #require(HeaderVocabulary.classify("No. Syarikat"))
        let d = OtherIdentifiers.detect("200303012345", context: .untyped, header: header)
        #expect(d.verdict == .notPII)
        #expect(d.notes.contains("ssm"))
        #expect(d.notes.contains("type 03 business"))
        #expect(OtherIdentifiers.detectSSM("200303012345").verdict == .context)
        #expect(OtherIdentifiers.detectSSM("1312525-A", companyHeader: true).verdict == .notPII)
        #expect(OtherIdentifiers.detectSSM("200307012345").verdict == .invalid)
    }

    static let plates: [(String, Verdict)] = [
        ("WXY 0123", .invalid), ("WXY 123", .context), ("ABC 1234", .context), ("W 1234 C", .context),
        ("SAB 1234 C", .context), ("KV 1234 B", .context), ("HAB 1234", .context), ("ZA 1234", .context),
        ("WIO 123", .invalid), ("ABCD 123", .invalid), ("ABC 12345", .invalid), ("abc 123", .invalid),
    ]

    @Test("plates: CONTEXT only", arguments: plates)
    func plate(_ text: String, _ verdict: Verdict) {
        let d = OtherIdentifiers.detectPlate(text)
        #expect(d.verdict == verdict, "\(text)")
        if verdict != .invalid { #expect(d.notes == ["plate"]) }
    }

    @Test func row87() {
        #expect(OtherIdentifiers.detectPlate("WXY 0123").verdict == .invalid)
    }

    @Test func rows88And89ICD10() throws {
        let header = try #require(HeaderVocabulary.classify("diagnosis"))
        let typed = OtherIdentifiers.detect("E11.9", context: .untyped, header: header)
        #expect(typed.verdict == .valid)
        #expect(typed.notes == ["icd10", "sensitive:health"])
        let alone = OtherIdentifiers.detectICD10("E11.9")
        #expect(alone.verdict == .context)
        #expect(OtherIdentifiers.detect("E11.9").verdict == .context)
        #expect(OtherIdentifiers.detectICD10("U07.1", diagnosisHeader: true).verdict == .valid)
        #expect(OtherIdentifiers.detectICD10("E1.9").verdict == .invalid)
        #expect(OtherIdentifiers.detectICD10("E11.12345").verdict == .invalid)
    }

    @Test func credentials() throws {
        let bcrypt = "$2b$10$" + String(repeating: "a", count: 53)
        #expect(OtherIdentifiers.detectCredential(bcrypt).verdict == .valid)
        let md5 = "5f4dcc3b5aa765d61d8327deb882cf99"
        #expect(OtherIdentifiers.detectCredential(md5).verdict == .context)
        let pw = try #require(HeaderVocabulary.classify("password_hash"))
        #expect(OtherIdentifiers.detectCredential(md5, header: pw).verdict == .valid)
        let ki = try #require(HeaderVocabulary.classify("Ki"))
        let d = OtherIdentifiers.detectCredential(md5.uppercased(), header: ki)
        #expect(d.verdict == .valid)
        #expect(d.notes == ["credential", "sim secret"])
        #expect(d.canonical == nil)
        #expect(OtherIdentifiers.detectCredential(String(repeating: "a", count: 40) + ":salt").notes.contains("salted"))
        #expect(OtherIdentifiers.detectCredential(String(repeating: "b", count: 64)).notes.contains("sha256"))
        #expect(OtherIdentifiers.detectCredential("not a hash").verdict == .invalid)
        #expect(OtherIdentifiers.detectCredential(String(repeating: "g", count: 32)).verdict == .invalid)
    }
}
