/// Gender column values (spec §11 `jantina` L/P, `sex`, `gender`).
public enum GenderValue {
    private static let values: [String: Gender] = [
        "l": .male, "lelaki": .male, "laki-laki": .male, "m": .male, "male": .male, "man": .male,
        "p": .female, "perempuan": .female, "f": .female, "female": .female, "woman": .female, "wanita": .female,
    ]

    /// Parses a gender cell, case-insensitively.
    /// - Parameter text: `L`/`P` (Lelaki/Perempuan), `M`/`F`, `Male`/`Female`, `Lelaki`/`Perempuan`.
    /// - Returns: the gender, or `nil`.
    public static func parse(_ text: String) -> Gender? {
        values[text.geoTrimmed.lowercased()]
    }

    /// A gender cell. Single letters are VALID only in a gender-typed column (an `L` or `M`
    /// alone is too generic); full words are VALID anywhere.
    /// - Parameters:
    ///   - text: the cell.
    ///   - context: `columnType == .gender` admits the one-letter codes.
    /// - Returns: VALID with canonical `male`/`female`, CONTEXT for a bare letter, or INVALID.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        guard let gender = parse(text) else { return .invalid(.gender) }
        var facts = DerivedFacts()
        facts.gender = gender
        if text.geoTrimmed.count == 1, context.columnType != .gender {
            return Detection(type: .gender, verdict: .context, notes: ["single-letter code"], facts: facts)
        }
        return Detection(type: .gender, verdict: .valid, canonical: gender.rawValue, facts: facts)
    }
}
