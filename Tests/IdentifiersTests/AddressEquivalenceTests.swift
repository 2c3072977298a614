@testable import Identifiers
import Testing

/// `Address.detect` and `MalaysianState.find(in:)` against frozen copies of their code before the
/// typing speed work (every span tried, every Character folded), on 5,000 generated address
/// texts: state names, variants, prefixes and honorifics, towns of the dataset, street words,
/// punctuation, CR LF, non-ASCII letters and curly apostrophes.
@Suite("Address and state finding (fast vs reference)")
struct AddressEquivalenceTests {
    @Test func equalsTheReferenceOnGeneratedAddresses() {
        var g = CellGenerator(seed: 0xADD2_E55)
        let towns = Array(Postcode.towns).sorted()
        var states: [String] = []
        for state in MalaysianState.allCases {
            states += state.variants + [state.canonicalName, state.abbreviation]
            if let h = state.honorific { states.append(state.canonicalName + " " + h) }
        }
        let prefixes = ["Wilayah Persekutuan", "W.P.", "WP", "Federal Territory of", "Federal Territory", "W P", ""]
        let words = ["No.", "12", "12-3A", "Lot", "1234", "Jalan", "Jln.", "Lorong", "Taman", "Kg.", "Blok", "B-12-3", "Darul", "Ehsan",
                     "Iman", "Ta’zim", "Ta'zim", "(Sabah)", "N9", "KL", "ns", "Sungai", "Pérak", "Ñ", "\r\n", "\t", ",", ";", "...", "50450", "06000", "99999",
                     "12A", "12AB", "3-2-1", "Unit", "No", "NO.", "123456789", "1A-2", "9-9-9-9", "A12", "12é", "1\r\n", "No\r\n12", "B-1"]
        var mismatches: [String] = []
        for _ in 0 ..< 5_000 {
            var parts: [String] = []
            for _ in 0 ..< 1 + g.int(7) {
                switch g.int(5) {
                case 0: parts.append(towns[g.int(towns.count)])
                case 1: parts.append(prefixes[g.int(prefixes.count)] + " " + states[g.int(states.count)])
                case 2: parts.append(states[g.int(states.count)])
                default: parts.append(words[g.int(words.count)])
                }
            }
            let separators = [" ", ", ", ",", "  ", " ,", "\t"]
            var text = ""
            for (i, part) in parts.enumerated() {
                if i > 0 { text += separators[g.int(separators.count)] }
                text += g.chance(30) ? part.uppercased() : (g.chance(20) ? part.lowercased() : part)
            }
            if MalaysianState.find(in: text) != ReferenceAddress.findState(in: text) {
                mismatches.append("find: \(text)")
            }
            for context in [CellContext.untyped, CellContext(columnType: .address)] {
                let fast = Address.detect(text, context: context)
                let reference = ReferenceAddress.detect(text, context: context)
                if fast != reference { mismatches.append("detect: \(text)") }
                // Column typing's verdict alone is `detect`'s verdict.
                if Address.verdict(text, context: context) != fast.verdict { mismatches.append("verdict: \(text)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }
}

/// The postcode list read from its bytes is the list the `Character`-by-`Character` reading gave.
@Test func postcodeTableReadsAsBefore() {
    var entries: [PostcodeEntry] = []
    for line in postcodeTable.split(separator: "\n") {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard parts.count == 3 else { continue }
        entries.append(PostcodeEntry(postcode: String(parts[0]), town: String(parts[1]), stateCode: String(parts[2])))
    }
    #expect(entries.count > 2_500)
    #expect(Postcode.all == entries)
}

/// The address scorer and state finder as they were before the typing speed work.
enum ReferenceAddress {
    static func findState(in text: String) -> MalaysianState? {
        // The fold `Character` by `Character`, which ASCII text no longer takes.
        let tokens = MalaysianState.foldCharacters(text)
        var best: (state: MalaysianState, end: Int, length: Int)?
        for start in tokens.indices {
            for length in stride(from: min(6, tokens.count - start), through: 1, by: -1) {
                let slice = Array(tokens[start..<(start + length)])
                let end = start + length
                if length == 1, slice[0].count <= 2, end != tokens.count { continue }
                // `match(tokens:)` on folded tokens is `match` of the tokens joined by spaces.
                if let state = MalaysianState.match(slice.joined(separator: " ")) {
                    if best == nil || end > best!.end || (end == best!.end && length > best!.length) {
                        best = (state, end, length)
                    }
                    break
                }
            }
        }
        return best?.state
    }

    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ";" }).map { token in
            var out = ""
            for ch in token.lowercased() where ch != "." { out.append(ch) }
            return out
        }.filter { !$0.isEmpty }
    }

    static func hasHouseNumber(_ toks: [String]) -> Bool {
        for (i, t) in toks.enumerated() {
            if ["no", "lot", "blok", "blk", "unit"].contains(t), i + 1 < toks.count,
               toks[i + 1].first.map({ $0.isASCIIDigit || $0.isLetter }) == true,
               toks[i + 1].contains(where: \.isASCIIDigit) {
                return true
            }
            if let first = t.first, first.isASCIIDigit, t.count <= 8,
               t.allSatisfy({ $0.isASCIIDigit || $0 == "-" || $0.isLetter }),
               t.contains(where: { $0 == "-" || $0.isLetter }),
               t.filter(\.isLetter).count <= 1 {
                return true
            }
        }
        return false
    }

    static func detect(_ text: String, context: CellContext) -> Detection {
        var score = 0
        var postcode: PostcodeEntry?
        var state: MalaysianState?
        let toks = tokens(text)
        if !toks.isEmpty {
            for t in toks where t.count == 5 && t.allSatisfy(\.isASCIIDigit) {
                if let entry = Postcode.lookup(t) {
                    postcode = entry
                    score += 3
                    break
                }
            }
            if let found = findState(in: text) {
                state = found
                score += 2
            }
            for (i, t) in toks.enumerated() where Address.streetTypes.contains(t) && i + 1 < toks.count {
                let next = toks[i + 1]
                if next.contains(where: { $0.isLetter || $0.isASCIIDigit }), !Address.streetTypes.contains(next) {
                    score += 2
                    break
                }
            }
            if hasHouseNumber(toks) { score += 1 }
            let towns = Postcode.towns
            search: for length in stride(from: 4, through: 1, by: -1) where toks.count >= length {
                for start in 0...(toks.count - length) {
                    let candidate = toks[start..<(start + length)].joined(separator: " ")
                    if candidate.count >= 3, towns.contains(candidate) {
                        score += 1
                        break search
                    }
                }
            }
        }
        var facts = DerivedFacts()
        facts.stateCode = state?.isoCode ?? postcode?.stateCode
        facts.town = postcode?.town
        var notes = ["score \(score)"]
        if let s = state, let p = postcode, s.isoCode != p.stateCode { notes.append("postcode state differs from written state") }
        let canonical = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if score >= 4 || (context.columnType == .address && score >= 2) {
            return Detection(type: .address, verdict: .valid, canonical: canonical, notes: notes, facts: facts)
        }
        if score >= 2 {
            return Detection(type: .address, verdict: .context, notes: notes, facts: facts)
        }
        return .invalid(.address)
    }
}
