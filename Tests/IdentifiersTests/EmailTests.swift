import Identifiers
import Testing

@Suite("Email (spec §8.1)")
struct EmailTests {
    static let valid: [(String, String)] = [
        ("ali@example.com.my", "ali@example.com.my"),
        ("Siti.Aminah@Gmail.COM", "siti.aminah@gmail.com"),
        ("  tan_ah_kow+jobs@yahoo.com  ", "tan_ah_kow+jobs@yahoo.com"),
        ("a%b-c@mail.gov.my", "a%b-c@mail.gov.my"),
        ("x1@sub-domain.edu.my", "x1@sub-domain.edu.my"),
        ("user@example.photography", "user@example.photography"),
        ("O.Neil-2@x.org", "o.neil-2@x.org"),
    ]

    @Test("valid addresses, canonical lower-cased", arguments: valid)
    func validAddress(_ input: String, _ canonical: String) {
        let d = Email.detect(input)
        #expect(d.verdict == .valid)
        #expect(d.type == .email)
        #expect(d.canonical == canonical)
        #expect(d.notes.allSatisfy { !$0.contains("@") })
    }

    @Test("invalid addresses", arguments: [
        "", "ali", "ali@", "@example.com", "ali@example", "ali@@example.com", "ali@example.c",
        "ali@example.123", "ali@-example.com", "ali@example-.com", "ali@exa_mple.com", ".ali@example.com",
        "ali.@example.com", "al..i@example.com", "ali@example..com", "ali example@example.com",
        "ali@example.com.", "ali@.example.com", "ali@example.abcdefghijklmnopqrstuvwxy", "mailto:ali@example.com",
        "ali@exämple.com", "Ahmad bin Ali",
    ])
    func invalidAddress(_ input: String) {
        let d = Email.detect(input)
        #expect(d.verdict == .invalid)
        #expect(d.canonical == nil)
    }

    @Test func bytesMatchesString() {
        var text = "Nur.Aisyah@Hotmail.com"
        let d = text.withUTF8 { Email.detect(bytes: $0, context: .untyped) }
        #expect(d == Email.detect("Nur.Aisyah@Hotmail.com"))
        #expect(d.canonical == "nur.aisyah@hotmail.com")
    }
}
