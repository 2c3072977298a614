import Foundation
import LeakTraceCore
import Testing

/// The fast paths give exactly what Foundation's trim and Unicode-aware split give.
@Suite("TextTrim")
struct TextTrimTests {
    static let samples = [
        "abc", "  abc ", "\tabc\n", "   ", "", "a b", "\u{00A0}abc\u{00A0}", "Jln  Ampang,\tKL", "ÉCOLE  Été",
        "x\u{2003}y", " Siti\u{3000}Aminah ", "a\r\nb\u{0B}c\u{0C}d",
    ]

    @Test(arguments: samples)
    func trimMatchesFoundation(_ s: String) {
        #expect(TextTrim.trimmed(s) == s.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(TextTrim.trimmed(s, .whitespaces) == s.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: samples)
    func wordsMatchUnicodeSplit(_ s: String) {
        #expect(TextTrim.words(s) == s.split(whereSeparator: \.isWhitespace))
    }
}
