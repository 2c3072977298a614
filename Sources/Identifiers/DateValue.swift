import LeakTraceCore

/// Field order for numeric dates with the year last.
public enum DateOrder: String, Sendable, CaseIterable {
    /// `DD/MM/YYYY`: the Malaysian default (spec §8.7).
    case dayMonth
    /// `MM/DD/YYYY`: only when a column proves it (some second field above 12 and no first
    /// field above 12); never assumed.
    case monthDay
}

/// Date cells (spec §8.7): numeric forms with `/`, `-`, `.`, ISO dates and timestamps, month
/// names in Malay and English, Excel serials and compact `yyyyMMdd` in typed columns.
///
/// Every date is validated by its parts through `CivilDate(year:month:day:)`, so 30 February is
/// rejected rather than rolled over as a lenient formatter would.
public enum DateValue {
    /// Malay and English month names and short forms (§8.7), case-folded.
    static let months: [String: Int] = [
        // Malay.
        "januari": 1, "februari": 2, "mac": 3, "april": 4, "mei": 5, "jun": 6, "julai": 7, "ogos": 8,
        "september": 9, "oktober": 10, "november": 11, "disember": 12,
        "jan": 1, "feb": 2, "apr": 4, "jul": 7, "ogo": 8, "ogs": 8, "sep": 9, "okt": 10, "nov": 11, "dis": 12,
        // English.
        "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
        "october": 10, "december": 12, "mar": 3, "aug": 8, "sept": 9, "oct": 10, "dec": 12,
    ]

    /// Parses one date cell.
    /// - Parameters:
    ///   - text: the cell, normalised (§2.1).
    ///   - order: the column's order for `NN/NN/YYYY` forms (decide it with ``columnOrder(_:)``).
    ///   - typedColumn: whether the column is typed as a date or birth date; only then are Excel
    ///     serials and compact `yyyyMMdd` accepted (alone they are just numbers).
    /// - Returns: the date, or `nil`.
    public static func parse(_ text: String, order: DateOrder = .dayMonth, typedColumn: Bool = false) -> CivilDate? {
        let s = text.geoTrimmed
        guard !s.isEmpty, s.count <= 40 else { return nil }
        let chars = Array(s)

        // Pure digits: Excel serial or compact yyyyMMdd, typed columns only.
        if chars.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard typedColumn, let n = Int(s) else { return nil }
            if chars.count == 8 {
                return CivilDate(year: n / 10_000, month: (n / 100) % 100, day: n % 100).flatMap { (1900...2100).contains($0.year) ? $0 : nil }
            }
            if (3...5).contains(chars.count) { return excelSerial(n) }
            return nil
        }
        // `.0` suffix of a serial stored as a float ("33239.0").
        if typedColumn, let dot = s.firstIndex(of: "."), s[s.index(after: dot)...].allSatisfy({ $0 == "0" }),
           let n = Int(s[..<dot]), s[..<dot].count <= 5 {
            return excelSerial(n)
        }

        // ISO date, optionally followed by a time: YYYY-MM-DD[( |T)HH:MM[:SS[.fff]][Z|±hh:mm]].
        if chars.count >= 10, chars[4] == "-", chars[7] == "-", chars[0..<4].allSatisfy(\.isASCIIDigit) {
            let datePart = String(chars[0..<10])
            guard chars.count == 10 || isTime(chars[10...]) else { return nil }
            return ymd(datePart, separator: "-")
        }
        // YYYY/MM/DD and YYYY.MM.DD.
        if chars.count == 10, chars[4] == chars[7], chars[4] == "/" || chars[4] == ".", chars[0..<4].allSatisfy(\.isASCIIDigit) {
            return ymd(s, separator: chars[4])
        }

        let fields = s.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." || $0 == " " || $0 == "," }).map(String.init)
        guard fields.count == 3 else { return nil }
        // DD MMM YYYY (also 12-Jan-1990, 12 Ogos 1985).
        if let month = months[fields[1].lowercased()] {
            guard let d = Int(fields[0]), fields[0].count <= 2, let y = year(fields[2]) else { return nil }
            return CivilDate(year: y, month: month, day: d)
        }
        // MMM DD YYYY (English "Jan 12, 1990").
        if let month = months[fields[0].lowercased()] {
            guard let d = Int(fields[1]), fields[1].count <= 2, let y = year(fields[2]) else { return nil }
            return CivilDate(year: y, month: month, day: d)
        }
        // DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY (or MM/DD with a proven order).
        guard fields.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), fields[0].count <= 2, fields[1].count <= 2,
              let a = Int(fields[0]), let b = Int(fields[1]), let y = year(fields[2]) else { return nil }
        switch order {
        case .dayMonth: return CivilDate(year: y, month: b, day: a)
        case .monthDay: return CivilDate(year: y, month: a, day: b)
        }
    }

    /// Decides the order of a column of `NN/NN/YYYY` dates (§8.7): DD/MM unless the column
    /// proves MM/DD. If any cell's first field is above 12 the column is DD/MM; MM/DD is chosen
    /// only when no first field exceeds 12 and some second field does.
    /// - Parameter cells: the column's cells (any sample).
    /// - Returns: the order to pass to ``parse(_:order:typedColumn:)``.
    public static func columnOrder<S: Sequence>(_ cells: S) -> DateOrder where S.Element == String {
        var firstAbove12 = false
        var secondAbove12 = false
        for cell in cells {
            let fields = cell.geoTrimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
            guard fields.count == 3, fields[0].count <= 2, fields[1].count <= 2, fields[2].count == 4,
                  let a = Int(fields[0]), let b = Int(fields[1]) else { continue }
            if a > 12 { firstAbove12 = true }
            if b > 12 { secondAbove12 = true }
        }
        return (!firstAbove12 && secondAbove12) ? .monthDay : .dayMonth
    }

    /// A date cell. Type `.birthDate` in a birth-date column, `.date` otherwise.
    /// - Parameters:
    ///   - text: the cell.
    ///   - context: `columnType` `.date` or `.birthDate` enables serials and `yyyyMMdd`.
    /// - Returns: VALID with the ISO `YYYY-MM-DD` canonical form, or INVALID.
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        detect(text, context: context, order: .dayMonth)
    }

    /// A date cell with the column's order decided.
    public static func detect(_ text: String, context: CellContext, order: DateOrder) -> Detection {
        let type: IdentifierType = context.columnType == .birthDate ? .birthDate : .date
        let typed = context.columnType == .date || context.columnType == .birthDate
        guard let date = parse(text, order: order, typedColumn: typed) else { return .invalid(type) }
        var facts = DerivedFacts()
        if type == .birthDate { facts.birthDate = date }
        return Detection(type: type, verdict: .valid, canonical: date.description, facts: facts)
    }

    // MARK: - Helpers

    /// Excel serial (1900 date system): day 1 is 1900-01-01 and Excel's phantom 1900-02-29
    /// (serial 60) shifts later serials by one. Accepted range 1...2958465 is Excel's; the
    /// caller restricts by column type.
    static func excelSerial(_ n: Int) -> CivilDate? {
        guard n >= 1, n != 60, n <= 2_958_465 else { return nil }
        // 25569 is the serial of 1970-01-01.
        let days = n < 60 ? n - 25_568 : n - 25_569
        return CivilDate(daysSinceEpoch: days)
    }

    private static func year(_ field: String) -> Int? {
        guard field.count == 4, field.allSatisfy(\.isASCIIDigit), let y = Int(field), (1800...2200).contains(y) else { return nil }
        return y
    }

    private static func ymd(_ text: String, separator: Character) -> CivilDate? {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// `( |T)HH:MM[:SS[.fff]][Z|±hh:mm]`.
    private static func isTime(_ rest: ArraySlice<Character>) -> Bool {
        var r = Array(rest)
        guard let first = r.first, first == " " || first == "T" else { return false }
        r.removeFirst()
        if r.last == "Z" { r.removeLast() }
        if r.count > 6, r[r.count - 6] == "+" || r[r.count - 6] == "-", r[r.count - 3] == ":" { r.removeLast(6) }
        let parts = String(r).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return false }
        guard parts[0].count == 2, let h = Int(parts[0]), (0...23).contains(h),
              parts[1].count == 2, let m = Int(parts[1]), (0...59).contains(m) else { return false }
        if parts.count == 3 {
            let sec = parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard sec[0].count == 2, let sv = Int(sec[0]), (0...60).contains(sv) else { return false }
            if sec.count == 2 { guard !sec[1].isEmpty, sec[1].allSatisfy(\.isASCIIDigit) else { return false } }
        }
        return true
    }
}

extension Character {
    /// `0`...`9` only (spec §2.1 N3: never Unicode `\d`).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
