import Identifiers
import Testing

@Suite("PDPA classes (spec §9)")
struct SensitiveClassTests {
    static let severities: [(SensitiveClass, SensitiveClass.Severity, Bool)] = [
        (.health, .critical, true), (.religion, .critical, true), (.politics, .critical, true), (.offence, .critical, true),
        (.biometric, .critical, true), (.credentials, .critical, false), (.simSecrets, .critical, false),
        (.financial, .high, false), (.raceEthnicity, .medium, false),
    ]

    @Test("severity and statutory status", arguments: severities)
    func severity(_ cls: SensitiveClass, _ severity: SensitiveClass.Severity, _ statutory: Bool) {
        #expect(cls.severity == severity)
        #expect(cls.isStatutory == statutory)
    }

    static let religions: [(String, String)] = [
        ("Islam", "islam"), ("BUDDHA", "buddhism"), ("Kristian", "christianity"), ("Christian", "christianity"),
        ("Hindu", "hinduism"), ("Sikh", "sikhism"), ("Tao", "taoism"), ("Konfusianisme", "confucianism"),
        ("Tiada", "none"), ("Lain-lain", "other"),
    ]

    @Test("religion values", arguments: religions)
    func religion(_ text: String, _ label: String) {
        #expect(SensitiveClass.religionValue(text) == label)
        #expect(SensitiveClass.detectReligion(text, religionHeader: true).verdict == .valid)
        #expect(SensitiveClass.detectReligion(text, religionHeader: false).verdict == .context)
    }

    /// Religion is never inferred from a name.
    @Test("names are not religion values", arguments: ["Ahmad bin Ali", "Muhammad", "Siti binti Omar", "Singh"])
    func notFromNames(_ text: String) {
        #expect(SensitiveClass.religionValue(text) == nil)
    }
}
