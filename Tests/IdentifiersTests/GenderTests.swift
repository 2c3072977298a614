import Identifiers
import Testing

@Suite("Gender values")
struct GenderTests {
    static let values: [(String, Gender)] = [
        ("L", .male), ("l", .male), ("Lelaki", .male), ("LELAKI", .male), ("M", .male), ("Male", .male), (" male ", .male),
        ("P", .female), ("p", .female), ("Perempuan", .female), ("F", .female), ("FEMALE", .female), ("Wanita", .female),
    ]

    @Test("values", arguments: values)
    func value(_ text: String, _ gender: Gender) {
        #expect(GenderValue.parse(text) == gender)
        let d = GenderValue.detect(text, context: CellContext(columnType: .gender))
        #expect(d.verdict == .valid)
        #expect(d.canonical == gender.rawValue)
        #expect(d.facts.gender == gender)
    }

    @Test("not gender", arguments: ["", "X", "Lelakii", "Malay", "1", "U"])
    func notGender(_ text: String) {
        #expect(GenderValue.parse(text) == nil)
    }

    @Test func singleLetterNeedsColumn() {
        #expect(GenderValue.detect("L").verdict == .context)
        #expect(GenderValue.detect("Perempuan").verdict == .valid)
    }
}
