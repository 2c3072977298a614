import LeakTraceCore

/// Malaysian MyKad / NRIC numbers (`YYMMDD-PB-###G`, spec §3).
///
/// There is no check digit: validity is a real birth date (§3.3) plus an existing place-of-birth
/// code (§3.4). Because so many 12-digit strings pass that, a cell alone is downgraded when it
/// also reads as a timestamp or an MSISDN (§3.7); the column type settles it.
public enum MyKad {
    /// Detects a MyKad in one cell (convenience for tests and slow paths).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects a MyKad in the raw UTF-8 of one cell; ASCII cells do not allocate.
    ///
    /// - Parameters:
    ///   - bytes: the cell's UTF-8 bytes.
    ///   - context: the column type (repairs need `.mykad`) and the reference date for the century.
    /// - Returns: the verdict, the 12-digit canonical form and the derived facts.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        if let info = CellNormalizer.asciiNormalized(bytes) {
            return detectNormalized(UnsafeBufferPointer(rebasing: bytes[info.range]), info: info, context: context)
        }
        return CellNormalizer.withNormalized(bytes) { cell, info in detectNormalized(cell, info: info, context: context) }
    }

    /// Shared, so an INVALID answer is one copy instead of a construction.
    private static let invalid = Detection(type: .mykad, verdict: .invalid)

    /// The result of the structural checks (§3.5 steps 2–4).
    struct Structure {
        var birthDate: CivilDate
        var place: PlaceOfBirthEntry
    }

    /// Date and PB checks on exactly 12 ASCII digits, with the century inferred from `referenceYear`.
    static func structure(_ digits: DigitBuffer, referenceYear: Int) -> Structure? {
        guard digits.count == 12, let place = PlaceOfBirth.lookup(digits.value(6, 2)),
            let date = birthDate(yy: digits.value(0, 2), mm: digits.value(2, 2), dd: digits.value(4, 2), referenceYear: referenceYear)
        else { return nil }
        return Structure(birthDate: date, place: place)
    }

    /// §3.3 century inference: `yy <= R mod 100` means the reference century, else the one before;
    /// a date impossible in that century but possible in the other (only `000229`) takes the other.
    static func birthDate(yy: Int, mm: Int, dd: Int, referenceYear: Int) -> CivilDate? {
        let yearInCentury = ((referenceYear % 100) + 100) % 100
        let base = referenceYear - yearInCentury
        let preferred = yy <= yearInCentury ? base + yy : base - 100 + yy
        return CivilDate(year: preferred, month: mm, day: dd)
            ?? CivilDate(year: preferred + 100, month: mm, day: dd)
            ?? CivilDate(year: preferred - 100, month: mm, day: dd)
    }

    /// Whether 12 digits are a structurally valid NRIC (used by the phone detector for AMBIGUOUS).
    static func isStructurallyValid(_ digits: DigitBuffer, referenceYear: Int) -> Bool {
        structure(digits, referenceYear: referenceYear) != nil
    }

    // MARK: - Cell parsing

    private enum Separator: UInt8 { case none, hyphen, space }

    private static func detectNormalized(_ cell: UnsafeBufferPointer<UInt8>, info: NormalizedCell, context: CellContext) -> Detection {
        let typed = context.columnType == .mykad
        if info.isScientific {
            // 12 digits show as d.ddddE+11; with lost leading zeros fewer, but only a typed column says so.
            if let exponent = info.scientificExponent, exponent == 11 || (typed && (8...10).contains(exponent)) {
                return Detection(type: .mykad, verdict: .mangled, notes: Notes.scientific)
            }
            return invalid
        }
        guard let core = CellBytes.digitCore(cell) else { return invalid }
        // A `+` in front means an international phone number, never an NRIC.
        if core.lowerBound > 0, cell[core.lowerBound - 1] == UInt8(ascii: "+") { return invalid }

        var digits = DigitBuffer()
        var groups: (Int, Int, Int) = (0, 0, 0)
        var groupCount = 0
        var separators: (Separator, Separator) = (.none, .none)
        var index = core.lowerBound
        var currentLength = 0
        while index < core.upperBound {
            let byte = cell[index]
            if CellNormalizer.isDigit(byte) {
                digits.append(byte)
                currentLength += 1
                index += 1
                continue
            }
            // A separator run: spaces and at most one hyphen; spaces around a hyphen collapse.
            var hyphens = 0
            while index < core.upperBound, !CellNormalizer.isDigit(cell[index]) {
                let c = cell[index]
                if c == UInt8(ascii: "-") {
                    hyphens += 1
                } else if c != 0x20 {
                    return invalid
                }
                index += 1
            }
            guard hyphens <= 1, groupCount < 2 else { return invalid }
            let kind: Separator = hyphens == 1 ? .hyphen : .space
            if groupCount == 0 {
                groups.0 = currentLength
                separators.0 = kind
            } else {
                groups.1 = currentLength
                separators.1 = kind
            }
            groupCount += 1
            currentLength = 0
        }
        guard !digits.overflowed else { return invalid }
        switch groupCount {
        case 0: groups.0 = currentLength
        case 1: groups.1 = currentLength
        default: groups.2 = currentLength
        }

        var mixed = false
        switch groupCount {
        case 0:
            break
        case 1:
            // 900101-145679 or 90010114-5678: one of the two separators is missing.
            guard (groups.0 == 6 && groups.1 == 6) || (groups.0 == 8 && groups.1 == 4) else { return invalid }
            mixed = true
        default:
            guard groups.0 == 6, groups.1 == 2, groups.2 == 4 else { return invalid }
            mixed = separators.0 != separators.1
        }
        let asterisk = (core.lowerBound > 0 && cell[core.lowerBound - 1] == UInt8(ascii: "*"))
            || (core.upperBound < cell.count && cell[core.upperBound] == UInt8(ascii: "*"))

        let referenceYear = context.referenceDate.year
        if groupCount == 0, digits.count >= 9, digits.count <= 11 {
            // §3.9 lost leading zeros: only in an NRIC-typed column, and never for a valid MSISDN.
            guard typed else { return invalid }
            if Phone.isMalaysianMSISDN(digits) {
                return Detection(type: .mykad, verdict: .ambiguous, notes: Notes.validPhone)
            }
            var padded = DigitBuffer()
            for _ in digits.count..<12 { padded.append(UInt8(ascii: "0")) }
            for i in 0..<digits.count { padded.append(digits[i]) }
            guard let structure = structure(padded, referenceYear: referenceYear) else { return invalid }
            if isPlaceholder(padded) { return Detection(type: .mykad, verdict: .context, notes: Notes.placeholder) }
            return Detection(type: .mykad, verdict: .validWarn, canonical: padded.string(), notes: Notes.leftPadded, facts: facts(padded, structure))
        }
        guard digits.count == 12, let structure = structure(digits, referenceYear: referenceYear) else { return invalid }
        if isPlaceholder(digits) {
            return Detection(type: .mykad, verdict: .context, notes: Notes.placeholder)
        }
        let canonical = digits.string()
        let derived = facts(digits, structure)
        if !typed, groupCount == 0 {
            // §3.7 look-alikes a cell alone cannot rule out.
            if isTimestampLike(digits) {
                if context.columnType == .date { return Detection(type: .mykad, verdict: .invalid, notes: Notes.timestamp) }
                return Detection(type: .mykad, verdict: .context, notes: Notes.timestampLike)
            }
            if Phone.isMalaysianMSISDN(digits) {
                return Detection(type: .mykad, verdict: .ambiguous, canonical: canonical, notes: Notes.validPhone, facts: derived)
            }
        }
        var notes: [String] = []
        var verdict = Verdict.valid
        if mixed {
            verdict = .validWarn
            notes = Notes.mixedSeparators
        }
        if asterisk { notes = notes.isEmpty ? Notes.asterisk : notes + Notes.asterisk }
        if structure.birthDate.years(until: context.referenceDate) > 110 {
            notes = notes.isEmpty ? Notes.implausibleAge : notes + Notes.implausibleAge
        }
        return Detection(type: .mykad, verdict: verdict, canonical: canonical, notes: notes, facts: derived)
    }

    private static func facts(_ digits: DigitBuffer, _ structure: Structure) -> DerivedFacts {
        var facts = DerivedFacts()
        facts.birthDate = structure.birthDate
        facts.gender = (digits[11] - 48) % 2 == 1 ? .male : .female
        facts.setPlaceOfBirth(code: structure.place.code)
        if let n = structure.place.stateNumber { facts.setState(number: n) }
        facts.bornAbroad = structure.place.bornAbroad
        return facts
    }

    /// §3.5 step 6: all-same-digit strings, serial `0000`, and the `…123456` pattern.
    static func isPlaceholder(_ digits: DigitBuffer) -> Bool {
        if digits.isAllSame { return true }
        if digits.value(8, 4) == 0 { return true }
        return digits.value(6, 6) == 123_456
    }

    /// `yyMMddHHmmss`: the "PB" is an hour and the serial a valid minute and second.
    static func isTimestampLike(_ digits: DigitBuffer) -> Bool {
        digits.value(6, 2) <= 23 && digits.value(8, 2) <= 59 && digits.value(10, 2) <= 59
    }

    /// Notes as shared arrays, so attaching one does not allocate.
    enum Notes {
        static let scientific = ["scientific notation: digits lost"]
        static let validPhone = ["also a valid phone number"]
        static let leftPadded = ["left-padded"]
        static let placeholder = ["placeholder"]
        static let timestamp = ["timestamp"]
        static let timestampLike = ["timestamp-like"]
        static let mixedSeparators = ["mixed separators"]
        static let asterisk = ["asterisk: date may be the registration date"]
        static let implausibleAge = ["age over 110 at the reference date"]
    }
}
