@testable import Identifiers
import Testing

/// `PersonName.evidence` on bytes (ASCII text) against its `Character` path, which still reads
/// every non-ASCII cell: the same evidence on 20,000 generated cells of names, connectors, titles,
/// aliases, surnames, English words, digits and punctuation, in every casing.
@Suite("Name evidence (ASCII path vs Character path)")
struct NameEquivalenceTests {
    @Test func bytePathEqualsTheCharacterPathOnGeneratedCells() {
        var g = CellGenerator(seed: 0x4E41_4D45)
        let words = [
            "Ahmad", "Siti", "Nur", "Mohd", "Muhammad", "Abdul", "Rahman", "Vijay", "Naveen", "Kumar", "Tan", "Lim", "Lee", "Ng", "Ah",
            "Kow", "Mei", "Ling", "Jason", "Wong", "bin", "binti", "bte", "b", "bt", "a/l", "a/p", "s/o", "d/o", "anak", "ak", "@",
            "Haji", "Hj.", "Dato'", "Datuk", "Tan Sri", "Puan Sri", "Dr.", "Encik", "Tengku", "Syed", "O'Neil", "Abu-Bakar",
            "Recycle", "emptied", "the", "of", "order", "12", "A1", "x9", "-", ".", "'", "anak.", "Mc'Donald", "ÉLISE", "Zoë",
        ]
        let separators = [" ", "  ", ", ", ",", "\t", " @ ", "@"]
        var checked = 0
        var mismatches: [String] = []
        for _ in 0 ..< 20_000 {
            var text = ""
            for i in 0 ..< 1 + g.int(6) {
                if i > 0 { text += g.pick(separators) }
                let word = g.pick(words)
                text += g.chance(25) ? word.uppercased() : (g.chance(20) ? word.lowercased() : word)
            }
            if g.chance(10) { text = " " + text + " " }
            let byBytes = PersonName.evidence(text, asciiPath: true)
            let byCharacters = PersonName.evidence(text, asciiPath: false)
            if byBytes != byCharacters { mismatches.append(text) }
            // Column typing's verdict alone is `detect`'s verdict.
            for context in [CellContext.untyped, CellContext(columnType: .name)]
            where PersonName.verdict(text, context: context) != PersonName.detect(text, context: context).verdict {
                mismatches.append("verdict: \(text)")
            }
            checked += 1
        }
        #expect(checked == 20_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) cells differ, e.g. \(mismatches.prefix(5))")
    }
}
