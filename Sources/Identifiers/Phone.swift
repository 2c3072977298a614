import LeakTraceCore

/// A parsed phone number with every output form of spec §4.6 step 5.
public struct ParsedPhone: Sendable, Equatable {
    /// E.164, `+60123456789`.
    public var e164: String
    /// The join key across dumps: E.164 digits without `+` (`60123456789`).
    public var msisdn: String
    /// The national display form (`012-345 6789`); `nil` for foreign numbers.
    public var nationalDisplay: String?
    /// The national significant number (no trunk 0 or country code).
    public var nationalNumber: String
    /// The country calling code (`60` for Malaysia).
    public var countryCode: String
    /// The Malaysian kind; `nil` for foreign numbers.
    public var kind: PhoneKind?
    /// A trailing extension removed from the cell (`ext 12`, `samb. 3`).
    public var phoneExtension: String?
}

/// Malaysian (and light foreign) phone numbers: parsing, exact validation, E.164 (spec §4).
///
/// Type choice: VoIP (`0154x`, `0156x`) numbers are subscriber numbers sold like mobiles, so they
/// are reported as `.phoneMobile` with `phoneKind` `voip`. Toll-free and premium numbers are
/// NOT-PII with type `.phoneFixed`. Foreign numbers other than Singapore's are `.phoneMobile`
/// with no `phoneKind` and `countryCode` set.
public enum Phone {
    /// Detects one phone number in a cell (convenience).
    public static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects the (first) phone number in the raw UTF-8 of one cell; ASCII cells do not allocate.
    ///
    /// - Parameters:
    ///   - bytes: the cell's UTF-8 bytes.
    ///   - context: the column type (a lost trunk zero is repaired only in a phone column) and the
    ///     reference date (the 02-Singapore rule, §4.9).
    /// - Returns: the verdict with canonical E.164 and derived facts.
    public static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        if let info = CellNormalizer.asciiNormalized(bytes) {
            return detectNormalized(UnsafeBufferPointer(rebasing: bytes[info.range]), info: info, context: context)
        }
        return CellNormalizer.withNormalized(bytes) { cell, info in detectNormalized(cell, info: info, context: context) }
    }

    private static func detectNormalized(_ cell: UnsafeBufferPointer<UInt8>, info: NormalizedCell, context: CellContext) -> Detection {
        if info.isScientific { return mangledOrInvalid(cell, info: info, context: context) }
        let part = firstPart(cell)
        return detection(read(UnsafeBufferPointer(rebasing: cell[part]), context: context), context: context)
    }

    /// Detects every number in a cell that may hold several (`03 2385 6789 / 012-345 6789`).
    public static func detectAll(_ text: String, context: CellContext = .untyped) -> [Detection] {
        split(text).map { detect(String($0), context: context) }
    }

    /// Parses one number into all its output forms, or `nil` when it is not a valid phone number.
    ///
    /// NOT-PII numbers (toll-free, premium) and AMBIGUOUS readings are parsed too.
    public static func parse(_ text: String, context: CellContext = .untyped) -> ParsedPhone? {
        let (number, phoneExtension) = stripExtension(Substring(text))
        return CellBytes.withBytes(String(number)) { bytes in
            CellNormalizer.withNormalized(bytes) { cell, _ -> ParsedPhone? in
                let reading = read(cell, context: context)
                let digits = reading.digits
                let nsnRange: Range<Int>
                let countryCode: String
                var kind: PhoneKind?
                switch reading.outcome {
                case .malaysian(let nsnStart, let k, _, _):
                    nsnRange = nsnStart..<digits.count
                    countryCode = "60"
                    kind = k
                case .foreign(let ccLength, _, _):
                    nsnRange = ccLength..<digits.count
                    countryCode = digits.string(0..<ccLength)
                case .singaporeVia02:
                    nsnRange = 2..<10
                    countryCode = "65"
                case .bruneiVia080:
                    nsnRange = 3..<10
                    countryCode = "673"
                default:
                    return nil
                }
                let nsn = digits.string(nsnRange)
                return ParsedPhone(
                    e164: "+" + countryCode + nsn,
                    msisdn: countryCode + nsn,
                    nationalDisplay: countryCode == "60" ? kind.map { nationalDisplay(nsn: nsn, kind: $0) } : nil,
                    nationalNumber: nsn,
                    countryCode: countryCode,
                    kind: countryCode == "60" ? kind : nil,
                    phoneExtension: phoneExtension.map(String.init)
                )
            }
        }
    }

    /// Splits a cell holding several numbers on `/`, `,`, `;`, `&`, ` atau ` and ` or ` (§4.6).
    ///
    /// A `/` splits only when both sides hold at least 7 digits, so `012/345 6789` stays whole.
    public static func split(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let utf8 = Array(rest.utf8)
            let range = utf8.withUnsafeBufferPointer { firstPart($0) }
            let endIndex = rest.utf8.index(rest.utf8.startIndex, offsetBy: range.upperBound)
            let part = rest[rest.startIndex..<endIndex].trimmingSpaces()
            if !part.isEmpty { parts.append(part) }
            let next = nextPartStart(utf8, after: range.upperBound)
            guard next < utf8.count else { break }
            rest = rest[rest.utf8.index(rest.utf8.startIndex, offsetBy: next)...]
        }
        return parts
    }

    /// Removes a trailing extension (`ext`, `x`, `samb.`, `sambungan`) and returns it apart.
    public static func stripExtension(_ text: Substring) -> (number: Substring, phoneExtension: Substring?) {
        let utf8 = Array(text.utf8)
        guard let marker = utf8.withUnsafeBufferPointer({ extensionMarker($0) }) else { return (text, nil) }
        let numberEnd = text.utf8.index(text.utf8.startIndex, offsetBy: marker.markerStart)
        let extStart = text.utf8.index(text.utf8.startIndex, offsetBy: marker.digitsStart)
        return (text[text.startIndex..<numberEnd].trimmingSpaces(), text[extStart...].trimmingSpaces())
    }

    /// The national display form for a Malaysian NSN, following libphonenumber (§4.6 step 5).
    public static func nationalDisplay(nsn: String, kind: PhoneKind) -> String {
        let d = Array(nsn)
        func s(_ r: Range<Int>) -> String { String(d[r]) }
        let n = d.count
        switch kind {
        case .tollFree, .premium:
            guard n == 10 else { return nsn }
            return "1-\(s(1..<4))-\(s(4..<6))-\(s(6..<10))"
        case .mobile, .voip:
            guard n >= 9 else { return "0" + nsn }
            return "0\(s(0..<2))-\(s(2..<(n - 4))) \(s((n - 4)..<n))"
        case .fixed:
            if d.first == "8", n == 8 { return "0\(s(0..<2))-\(s(2..<5)) \(s(5..<8))" }
            guard n >= 8 else { return "0" + nsn }
            return "0\(s(0..<1))-\(s(1..<(n - 4))) \(s((n - 4)..<n))"
        }
    }

    /// Whether digits are a Malaysian MSISDN: `60` + a valid NSN, 10–12 digits in all.
    static func isMalaysianMSISDN(_ digits: DigitBuffer) -> Bool {
        guard digits.count >= 10, digits.count <= 12, digits.hasPrefix("60") else { return false }
        return digits.withDigits(2..<digits.count) { PhoneMetadata.kind(ofNSN: $0) } != nil
    }

    // MARK: - Analysis

    /// A repair or reading note, as a value (the `Notes` arrays are attached only at the end).
    private enum Warn { case none, trunkAfterCountryCode, truncatedMSISDN, trunkRestored }

    /// What the digits of one number say, before any `String` or `Detection` is made.
    private enum Outcome {
        /// Not a phone number: INVALID without notes.
        case invalid
        /// `60` + 8 digits that are no valid NSN: INVALID, "truncated MSISDN".
        case truncatedMSISDN
        /// `999`, `112`: NOT-PII.
        case shortCode
        /// A valid Malaysian NSN from `nsnStart`; `plus` when the cell had a `+`.
        case malaysian(nsnStart: Int, kind: PhoneKind, warn: Warn, plus: Bool)
        /// A foreign E.164 number; `digits` starts at its country code (`ccLength` digits).
        case foreign(ccLength: Int, type: IdentifierType, phoneKind: PhoneKind?)
        /// §4.9 `02` + Singapore before the cut-off, and after it.
        case singaporeVia02, withdrawn02
        /// §4.9 `080` + Brunei.
        case bruneiVia080
    }

    private struct Reading {
        /// The number's digits (for `.foreign`, from the country code on).
        var digits = DigitBuffer()
        var outcome = Outcome.invalid
    }

    private static func isPhoneColumn(_ context: CellContext) -> Bool {
        context.columnType == .phoneMobile || context.columnType == .phoneFixed
    }

    /// Shared, so an INVALID answer is one copy instead of a construction.
    private static let invalid = Detection(type: .phoneMobile, verdict: .invalid)

    /// Reads one number (§4.6 steps 1–4) without allocating.
    private static func read(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> Reading {
        var result = Reading()
        guard let digitStart = cell.firstIndex(where: CellNormalizer.isDigit) else { return result }
        // A `+` before the digits (possibly `(+60)` or `tel:+60`).
        var back = digitStart - 1
        while back >= 0, cell[back] == 0x20 || cell[back] == UInt8(ascii: "(") { back -= 1 }
        let plus = back >= 0 && cell[back] == UInt8(ascii: "+")

        // The number: digits and ` ().-/`; it ends at anything else.
        var index = digitStart
        var digits = DigitBuffer()
        var coreEnd = digitStart
        while index < cell.count {
            let c = cell[index]
            if CellNormalizer.isDigit(c) {
                digits.append(c)
                coreEnd = index + 1
            } else if !(c == 0x20 || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "/")) {
                break
            }
            index += 1
        }
        // After the number: an extension, or no digits at all (a longer run is not a phone).
        if coreEnd < cell.count {
            let tail = UnsafeBufferPointer(rebasing: cell[coreEnd...])
            if extensionMarker(tail) == nil, tail.contains(where: CellNormalizer.isDigit) { return result }
        }
        guard !digits.overflowed else { return result }
        result.digits = digits
        let n = digits.count
        var warn = Warn.none

        // Find the NSN (§4.6 step 3).
        var nsnStart: Int
        if plus || digits.hasPrefix("00") {
            let ccStart = plus ? 0 : 2
            if digits.count > ccStart + 1, digits[ccStart] == UInt8(ascii: "6"), digits[ccStart + 1] == UInt8(ascii: "0") {
                nsnStart = ccStart + 2
                if nsnStart < n, digits[nsnStart] == UInt8(ascii: "0") {
                    nsnStart += 1
                    warn = .trunkAfterCountryCode
                }
            } else {
                foreign(&result, ccStart: ccStart)
                return result
            }
        } else if digits.hasPrefix("60"), n >= 10, n <= 12 {
            nsnStart = 2
            if n == 10 { warn = .truncatedMSISDN }
        } else if digits.hasPrefix("0") {
            nsnStart = 1
            if n == 10, digits[1] == UInt8(ascii: "2"), digits[2] == UInt8(ascii: "6") || digits[2] == UInt8(ascii: "8") || digits[2] == UInt8(ascii: "9") {
                result.outcome = context.referenceDate < cutoff02 ? .singaporeVia02 : .withdrawn02
                return result
            }
            if n == 10, digits[1] == UInt8(ascii: "8"), digits[2] == UInt8(ascii: "0") {
                result.outcome = .bruneiVia080
                return result
            }
        } else if (n == 3 && (digits.hasPrefix("999") || digits.hasPrefix("112"))) {
            result.outcome = .shortCode
            return result
        } else if n >= 8, n <= 10, digits[0] != UInt8(ascii: "2") {
            nsnStart = 0
            let kind = digits.withDigits { PhoneMetadata.kind(ofNSN: $0) }
            // Non-geographic numbers are written without a trunk 0 (`1-300-88-1234`).
            if kind == .tollFree || kind == .premium {
                // keep going: reported as NOT-PII below
            } else if isPhoneColumn(context) {
                warn = .trunkRestored
            } else {
                return result
            }
        } else {
            return result
        }

        guard let kind = digits.withDigits(nsnStart..<n, { PhoneMetadata.kind(ofNSN: $0) }) else {
            if warn == .truncatedMSISDN { result.outcome = .truncatedMSISDN }
            return result
        }
        result.outcome = .malaysian(nsnStart: nsnStart, kind: kind, warn: warn, plus: plus)
        return result
    }

    /// `+CC…` or `00CC…` other than Malaysia: a light E.164 check (8–15 digits), Singapore exactly.
    private static func foreign(_ result: inout Reading, ccStart: Int) {
        var digits = result.digits
        digits.removeFirst(ccStart)
        let n = digits.count
        guard n >= 8, n <= 15, let ccLength = PhoneMetadata.countryCodeLength(digits) else { return }
        var type = IdentifierType.phoneMobile
        var phoneKind: PhoneKind?
        if ccLength == 2, digits.hasPrefix("65") {
            // Singapore: 8 digits starting 3, 6 (fixed) or 8, 9 (mobile).
            guard n == 10 else { return }
            switch digits[2] {
            case UInt8(ascii: "8"), UInt8(ascii: "9"): phoneKind = .mobile
            case UInt8(ascii: "3"), UInt8(ascii: "6"):
                phoneKind = .fixed
                type = .phoneFixed
            default: return
            }
        }
        guard n - ccLength >= 4 else { return }
        result.digits = digits
        result.outcome = .foreign(ccLength: ccLength, type: type, phoneKind: phoneKind)
    }

    /// The verdict for a reading (§4.6 step 5, §4.9, §4.10), built once.
    private static func detection(_ reading: Reading, context: CellContext) -> Detection {
        let digits = reading.digits
        switch reading.outcome {
        case .invalid:
            return invalid
        case .truncatedMSISDN:
            return Detection(type: .phoneMobile, verdict: .invalid, notes: Notes.truncatedMSISDN)
        case .shortCode:
            return Detection(type: .phoneFixed, verdict: .notPII, notes: Notes.shortCode)
        case .withdrawn02:
            return Detection(type: .phoneFixed, verdict: .invalid, notes: Notes.withdrawn02)
        case .singaporeVia02:
            var facts = DerivedFacts()
            facts.countryCode = "65"
            let mobile = digits[2] != UInt8(ascii: "6")
            facts.phoneKind = mobile ? PhoneKind.mobile.rawValue : PhoneKind.fixed.rawValue
            return Detection(type: mobile ? .phoneMobile : .phoneFixed, verdict: .validWarn, canonical: digits.string(2..<10, prefix: "+65"), notes: Notes.singaporeVia02, facts: facts)
        case .bruneiVia080:
            var facts = DerivedFacts()
            facts.countryCode = "673"
            return Detection(type: .phoneFixed, verdict: .validWarn, canonical: digits.string(3..<10, prefix: "+673"), notes: Notes.bruneiVia080, facts: facts)
        case .foreign(let ccLength, let type, let phoneKind):
            var facts = DerivedFacts()
            facts.phoneKind = phoneKind?.rawValue
            facts.countryCode = digits.string(0..<ccLength)
            return Detection(type: type, verdict: .valid, canonical: digits.string(prefix: "+"), notes: Notes.nonMY, facts: facts)
        case .malaysian(let nsnStart, let kind, let warn, let plus):
            let n = digits.count
            let nsnRange = nsnStart..<n
            var facts = DerivedFacts()
            facts.setPhoneKind(kind)
            let type: IdentifierType
            switch kind {
            case .mobile:
                type = .phoneMobile
                if let i = digits.withDigits(nsnRange, { PhoneMetadata.originalOperatorIndex(nsn: $0) }) { facts.setOperator(number: FactTables.phoneOperatorNumber(i)) }
            case .voip:
                type = .phoneMobile
            case .fixed:
                type = .phoneFixed
                if let n = digits.withDigits(nsnRange, { PhoneMetadata.stateNumber(fixedNSN: $0) }) { facts.setState(number: n) }
            case .tollFree:
                return Detection(type: .phoneFixed, verdict: .notPII, notes: Notes.tollFree, facts: facts)
            case .premium:
                return Detection(type: .phoneFixed, verdict: .notPII, notes: Notes.premium, facts: facts)
            }
            let canonical = digits.string(nsnRange, prefix: "+60")
            if context.columnType == .mykad {
                return Detection(type: type, verdict: .ambiguous, canonical: canonical, notes: Notes.validNRICColumn, facts: facts)
            }
            if !isPhoneColumn(context), nsnStart == 2, !plus, n == 12, MyKad.isStructurallyValid(digits, referenceYear: context.referenceDate.year) {
                // §3.7: a 12-digit `60…` string is also a valid NRIC; the column decides.
                return Detection(type: type, verdict: .ambiguous, canonical: canonical, notes: Notes.alsoNRIC, facts: facts)
            }
            switch warn {
            case .none: return Detection(type: type, verdict: .valid, canonical: canonical, facts: facts)
            case .trunkAfterCountryCode: return Detection(type: type, verdict: .validWarn, canonical: canonical, notes: Notes.trunkAfterCountryCode, facts: facts)
            case .truncatedMSISDN: return Detection(type: type, verdict: .validWarn, canonical: canonical, notes: Notes.truncatedMSISDN, facts: facts)
            case .trunkRestored: return Detection(type: type, verdict: .validWarn, canonical: canonical, notes: Notes.trunkRestored, facts: facts)
            }
        }
    }

    /// The day the last operators stopped the 02 access code (§4.9).
    static let cutoff02 = CivilDate(year: 2017, month: 7, day: 1) ?? CellContext.defaultReferenceDate

    private static func mangledOrInvalid(_ cell: UnsafeBufferPointer<UInt8>, info: NormalizedCell, context: CellContext) -> Detection {
        guard let exponent = info.scientificExponent else { return invalid }
        // An MSISDN `60…` shows as 6.0…E+10 or E+11; a typed column also covers national numbers.
        if (isPhoneColumn(context) && (7...11).contains(exponent)) || (cell.first == UInt8(ascii: "6") && (10...11).contains(exponent)) {
            return Detection(type: .phoneMobile, verdict: .mangled, notes: MyKad.Notes.scientific)
        }
        return invalid
    }

    // MARK: - Splitting and extensions

    /// The byte range of the first number in a cell that may hold several.
    private static func firstPart(_ cell: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var digitsBefore = 0
        var i = 0
        while i < cell.count {
            let c = cell[i]
            if CellNormalizer.isDigit(c) {
                digitsBefore += 1
            } else if c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || c == UInt8(ascii: "&") {
                if digitsBefore > 0 { return 0..<i }
            } else if c == UInt8(ascii: "/") {
                if digitsBefore >= 7, digitsAfterSlash(cell, i + 1) >= 7 { return 0..<i }
            } else if c == 0x20, digitsBefore > 0, let wordEnd = conjunctionEnd(cell, i) {
                _ = wordEnd
                return 0..<i
            }
            i += 1
        }
        return 0..<cell.count
    }

    /// Where the next part begins after a part ending at `end` (skips the separator).
    private static func nextPartStart(_ utf8: [UInt8], after end: Int) -> Int {
        guard end < utf8.count else { return utf8.count }
        if utf8[end] == 0x20 {
            let found = utf8.withUnsafeBufferPointer { conjunctionEnd($0, end) }
            return found ?? end + 1
        }
        return end + 1
    }

    private static func digitsAfterSlash(_ cell: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var count = 0
        var i = start
        while i < cell.count {
            let c = cell[i]
            if CellNormalizer.isDigit(c) {
                count += 1
            } else if c == UInt8(ascii: "/") || c == UInt8(ascii: ",") || c == UInt8(ascii: ";") || c == UInt8(ascii: "&") {
                break
            }
            i += 1
        }
        return count
    }

    /// If ` atau ` or ` or ` starts at the space `i`, the index after it.
    private static func conjunctionEnd(_ cell: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        if let end = wordEnd(cell, i, " atau ") { return end }
        return wordEnd(cell, i, " or ")
    }

    /// If `word` (lower-case ASCII) occurs case-insensitively at `i`, the index after it.
    private static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ word: StaticString) -> Int? {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { return nil }
        let w = word.utf8Start
        for k in 0..<count {
            let c = bytes[i + k]
            let folded = CellBytes.isLetter(c) ? c | 0x20 : c
            guard folded == w[k] else { return nil }
        }
        return i + count
    }

    /// Finds an extension marker after the number: `ext`, `ext.`, `x`, `samb`, `samb.`, `sambungan`.
    private static func extensionMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> (markerStart: Int, digitsStart: Int)? {
        // The marker must follow a digit (possibly after spaces) and be followed by digits only.
        var i = 0
        var sawDigit = false
        while i < bytes.count {
            let c = bytes[i]
            if CellNormalizer.isDigit(c) {
                sawDigit = true
                i += 1
                continue
            }
            if CellBytes.isLetter(c), sawDigit || i == 0 || bytes[..<i].allSatisfy({ $0 == 0x20 }) {
                var end = i
                while end < bytes.count, CellBytes.isLetter(bytes[end]) { end += 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[i..<end])
                guard isExtensionWord(word) else { return nil }
                var j = end
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: ":") { j += 1 }
                let digitsStart = j
                guard j < bytes.count, CellNormalizer.isDigit(bytes[j]) else { return nil }
                while j < bytes.count, CellNormalizer.isDigit(bytes[j]) || bytes[j] == 0x20 { j += 1 }
                guard j == bytes.count else { return nil }
                return (i, digitsStart)
            }
            i += 1
        }
        return nil
    }

    private static func isExtensionWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        for candidate: StaticString in ["ext", "x", "samb", "sambungan", "extension"] where candidate.utf8CodeUnitCount == word.count {
            if wordEnd(word, 0, candidate) != nil { return true }
        }
        return false
    }

    /// Notes as shared arrays, so attaching one does not allocate.
    enum Notes {
        static let trunkAfterCountryCode = ["trunk 0 after country code"]
        static let truncatedMSISDN = ["truncated MSISDN"]
        static let trunkRestored = ["trunk 0 restored"]
        static let shortCode = ["short code"]
        static let tollFree = ["toll-free"]
        static let premium = ["premium rate"]
        static let validNRICColumn = ["valid phone in an NRIC column"]
        static let alsoNRIC = ["also a valid NRIC"]
        static let nonMY = ["non-MY"]
        static let withdrawn02 = ["02 access code withdrawn"]
        static let singaporeVia02 = ["Singapore via 02"]
        static let bruneiVia080 = ["Brunei via 080"]
    }
}

extension Substring {
    /// The substring without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
