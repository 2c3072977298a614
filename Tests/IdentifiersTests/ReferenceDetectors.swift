import Foundation
import LeakTraceCore

@testable import Identifiers

// Frozen copies of the cell normaliser and of the Phone, MyKad, IMSI and Email detectors as they
// were at commit 2d94bcf, before the hot-path rewrite. They are the reference the fast paths are
// checked against (Tests/IdentifiersTests/DetectorEquivalenceTests.swift) and are never called
// by the scanner. Do not optimise or "fix" them: change a detector's behaviour in its own file
// and in the tests, and here only if the reference must follow a deliberate spec change.
//
// Shared helpers they still call (DigitBuffer, CellBytes, PlaceOfBirth, Luhn, the public tables
// of PhoneMetadata and MobileNetworkCodes) keep their behaviour; the phone patterns are run by
// backtracking (`PhoneMetadata.referenceKind(ofNSN:)`), not by the new automaton.

enum ReferenceCellNormalizer {
    /// Normalises one cell's UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: the raw UTF-8 of one cell.
    ///   - scratch: reused storage for the slow path; untouched for ASCII cells.
    /// - Returns: where the normalised bytes are (`bytes` or `scratch`) and the N6 repairs made.
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into scratch: inout [UInt8]) -> NormalizedCell {
        if isASCII(bytes) {
            return artefacts(bytes, range: 0..<bytes.count, usesScratch: false)
        }
        scratch.removeAll(keepingCapacity: true)
        foldUnicode(String(decoding: bytes, as: UTF8.self), into: &scratch)
        return scratch.withUnsafeBufferPointer { artefacts($0, range: 0..<$0.count, usesScratch: true) }
    }

    /// Runs `body` on the normalised bytes of one cell.
    ///
    /// - Parameters:
    ///   - bytes: the raw UTF-8 of one cell.
    ///   - body: receives the normalised bytes (ASCII after this step) and the repair record.
    /// - Returns: whatever `body` returns.
    static func withNormalized<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, NormalizedCell) -> R) -> R {
        if isASCII(bytes) {
            let cell = artefacts(bytes, range: 0..<bytes.count, usesScratch: false)
            return body(UnsafeBufferPointer(rebasing: bytes[cell.range]), cell)
        }
        var scratch: [UInt8] = []
        let cell = normalize(bytes, into: &scratch)
        return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[cell.range]), cell) }
    }

    /// Normalises a string cell (tests and slow paths).
    ///
    /// - Returns: the normalised text and the repair record (its `range` indexes the UTF-8 of
    ///   the input or of the folded text).
    static func normalize(_ text: String) -> (text: String, cell: NormalizedCell) {
        var copy = text
        return copy.withUTF8 { bytes in
            withNormalized(bytes) { normalised, cell in (String(decoding: normalised, as: UTF8.self), cell) }
        }
    }

    // MARK: - ASCII steps

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 48 < 10
    }

    /// N6 on ASCII bytes: trim, `'`, `="…"`, `.0`, scientific notation.
    private static func artefacts(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, usesScratch: Bool) -> NormalizedCell {
        var lower = range.lowerBound
        var upper = range.upperBound
        func trim() {
            while lower < upper, isSpace(bytes[lower]) { lower += 1 }
            while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        }
        trim()
        var cell = NormalizedCell(range: lower..<upper, usesScratch: usesScratch)
        if upper - lower >= 3, bytes[lower] == UInt8(ascii: "="), bytes[lower + 1] == UInt8(ascii: "\""), bytes[upper - 1] == UInt8(ascii: "\"") {
            lower += 2
            upper -= 1
            cell.unwrappedFormula = true
            trim()
        }
        if upper > lower, bytes[lower] == UInt8(ascii: "'") {
            lower += 1
            cell.strippedApostrophe = true
            trim()
        }
        // `^[0-9]+\.0+$` -> integer part.
        var dot = lower
        while dot < upper, isDigit(bytes[dot]) { dot += 1 }
        if dot > lower, dot < upper - 1, bytes[dot] == UInt8(ascii: ".") {
            var zeros = dot + 1
            while zeros < upper, bytes[zeros] == UInt8(ascii: "0") { zeros += 1 }
            if zeros == upper {
                upper = dot
                cell.strippedFloatSuffix = true
            }
        }
        cell.range = lower..<upper
        cell.scientificExponent = scientificExponent(bytes, lower, upper)
        cell.isScientific = cell.scientificExponent != nil
        return cell
    }

    /// The exponent if the bytes match `^[0-9](\.[0-9]+)?[Ee][+]?[0-9]+$`.
    private static func scientificExponent(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: Int, _ upper: Int) -> Int? {
        var i = lower
        guard i < upper, isDigit(bytes[i]) else { return nil }
        i += 1
        if i < upper, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < upper, isDigit(bytes[i]) { i += 1 }
            guard i > start else { return nil }
        }
        guard i < upper, bytes[i] | 0x20 == UInt8(ascii: "e") else { return nil }
        i += 1
        if i < upper, bytes[i] == UInt8(ascii: "+") { i += 1 }
        guard i < upper else { return nil }
        var exponent = 0
        while i < upper {
            guard isDigit(bytes[i]), exponent < 1000 else { return nil }
            exponent = exponent * 10 + Int(bytes[i] - 48)
            i += 1
        }
        return exponent
    }

    // MARK: - Unicode steps (slow path)

    /// N2–N5: NFKC, Nd digits to ASCII, dash and space folding, zero-width removal.
    private static func foldUnicode(_ text: String, into output: inout [UInt8]) {
        let composed = text.precomposedStringWithCompatibilityMapping
        for scalar in composed.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                output.append(value == 0x09 ? 0x20 : UInt8(value))
                continue
            }
            switch value {
            case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
                output.append(UInt8(ascii: "-"))
            case 0x00A0, 0x2007, 0x202F, 0x3000:
                output.append(0x20)
            case 0x200B...0x200D, 0x2060, 0xFEFF:
                continue
            default:
                if scalar.properties.generalCategory == .decimalNumber, let digit = scalar.properties.numericValue, digit >= 0, digit <= 9 {
                    output.append(48 + UInt8(digit))
                } else {
                    output.append(contentsOf: String(scalar).utf8)
                }
            }
        }
    }
}

enum ReferencePhone {
    /// Detects one phone number in a cell (convenience).
    static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects the (first) phone number in the raw UTF-8 of one cell; ASCII cells do not allocate.
    ///
    /// - Parameters:
    ///   - bytes: the cell's UTF-8 bytes.
    ///   - context: the column type (a lost trunk zero is repaired only in a phone column) and the
    ///     reference date (the 02-Singapore rule, §4.9).
    /// - Returns: the verdict with canonical E.164 and derived facts.
    static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        ReferenceCellNormalizer.withNormalized(bytes) { cell, info in
            if info.isScientific { return mangledOrInvalid(cell, info: info, context: context) }
            let part = firstPart(cell)
            return analyse(UnsafeBufferPointer(rebasing: cell[part]), context: context).detection
        }
    }

    /// Detects every number in a cell that may hold several (`03 2385 6789 / 012-345 6789`).
    static func detectAll(_ text: String, context: CellContext = .untyped) -> [Detection] {
        split(text).map { detect(String($0), context: context) }
    }

    /// Parses one number into all its output forms, or `nil` when it is not a valid phone number.
    ///
    /// NOT-PII numbers (toll-free, premium) and AMBIGUOUS readings are parsed too.
    static func parse(_ text: String, context: CellContext = .untyped) -> ParsedPhone? {
        let (number, phoneExtension) = stripExtension(Substring(text))
        return CellBytes.withBytes(String(number)) { bytes in
            ReferenceCellNormalizer.withNormalized(bytes) { cell, _ -> ParsedPhone? in
                let analysis = analyse(cell, context: context)
                guard analysis.reading != nil, let nsnRange = analysis.nsn else { return nil }
                let digits = analysis.digits
                let nsn = digits.string(nsnRange)
                let countryCode = analysis.countryCode
                return ParsedPhone(
                    e164: "+" + countryCode + nsn,
                    msisdn: countryCode + nsn,
                    nationalDisplay: countryCode == "60" ? analysis.kind.map { nationalDisplay(nsn: nsn, kind: $0) } : nil,
                    nationalNumber: nsn,
                    countryCode: countryCode,
                    kind: countryCode == "60" ? analysis.kind : nil,
                    phoneExtension: phoneExtension.map(String.init)
                )
            }
        }
    }

    /// Splits a cell holding several numbers on `/`, `,`, `;`, `&`, ` atau ` and ` or ` (§4.6).
    ///
    /// A `/` splits only when both sides hold at least 7 digits, so `012/345 6789` stays whole.
    static func split(_ text: String) -> [Substring] {
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
    static func stripExtension(_ text: Substring) -> (number: Substring, phoneExtension: Substring?) {
        let utf8 = Array(text.utf8)
        guard let marker = utf8.withUnsafeBufferPointer({ extensionMarker($0) }) else { return (text, nil) }
        let numberEnd = text.utf8.index(text.utf8.startIndex, offsetBy: marker.markerStart)
        let extStart = text.utf8.index(text.utf8.startIndex, offsetBy: marker.digitsStart)
        return (text[text.startIndex..<numberEnd].trimmingSpaces(), text[extStart...].trimmingSpaces())
    }

    /// The national display form for a Malaysian NSN, following libphonenumber (§4.6 step 5).
    static func nationalDisplay(nsn: String, kind: PhoneKind) -> String {
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
        return digits.withDigits(2..<digits.count) { PhoneMetadata.referenceKind(ofNSN: $0) } != nil
    }

    // MARK: - Analysis

    /// How the digits were read.
    private enum Reading { case malaysian, singaporeVia02, bruneiVia080, foreign }

    private struct Analysis {
        var digits = DigitBuffer()
        var nsn: Range<Int>?
        var reading: Reading?
        var kind: PhoneKind?
        var countryCode: String = "60"
        var detection: Detection = .invalid(.phoneMobile)
    }

    private static func isPhoneColumn(_ context: CellContext) -> Bool {
        context.columnType == .phoneMobile || context.columnType == .phoneFixed
    }

    private static func analyse(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> Analysis {
        var result = Analysis()
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
        var warn: [String] = []

        // Find the NSN (§4.6 step 3).
        var nsnStart: Int
        if plus || digits.hasPrefix("00") {
            let ccStart = plus ? 0 : 2
            if digits.count > ccStart + 1, digits[ccStart] == UInt8(ascii: "6"), digits[ccStart + 1] == UInt8(ascii: "0") {
                nsnStart = ccStart + 2
                if nsnStart < n, digits[nsnStart] == UInt8(ascii: "0") {
                    nsnStart += 1
                    warn = Notes.trunkAfterCountryCode
                }
            } else {
                return foreign(&result, ccStart: ccStart)
            }
        } else if digits.hasPrefix("60"), n >= 10, n <= 12 {
            nsnStart = 2
            if n == 10 { warn = Notes.truncatedMSISDN }
        } else if digits.hasPrefix("0") {
            nsnStart = 1
            if n == 10, digits[1] == UInt8(ascii: "2"), digits[2] == UInt8(ascii: "6") || digits[2] == UInt8(ascii: "8") || digits[2] == UInt8(ascii: "9") {
                return singaporeVia02(&result, context: context)
            }
            if n == 10, digits[1] == UInt8(ascii: "8"), digits[2] == UInt8(ascii: "0") {
                return bruneiVia080(&result)
            }
        } else if (n == 3 && (digits.hasPrefix("999") || digits.hasPrefix("112"))) {
            result.detection = Detection(type: .phoneFixed, verdict: .notPII, notes: Notes.shortCode)
            return result
        } else if n >= 8, n <= 10, digits[0] != UInt8(ascii: "2") {
            nsnStart = 0
            let kind = digits.withDigits { PhoneMetadata.referenceKind(ofNSN: $0) }
            // Non-geographic numbers are written without a trunk 0 (`1-300-88-1234`).
            if kind == .tollFree || kind == .premium {
                // keep going: reported as NOT-PII below
            } else if isPhoneColumn(context) {
                warn = Notes.trunkRestored
            } else {
                return result
            }
        } else {
            return result
        }

        let nsnRange = nsnStart..<n
        guard let kind = digits.withDigits(nsnRange, { PhoneMetadata.referenceKind(ofNSN: $0) }) else {
            if warn == Notes.truncatedMSISDN {
                result.detection = Detection(type: .phoneMobile, verdict: .invalid, notes: Notes.truncatedMSISDN)
            }
            return result
        }
        result.nsn = nsnRange
        result.reading = .malaysian
        result.kind = kind
        var facts = DerivedFacts()
        facts.phoneKind = kind.rawValue
        let type: IdentifierType
        switch kind {
        case .mobile, .voip:
            type = .phoneMobile
            if kind == .mobile { facts.originalOperator = digits.withDigits(nsnRange) { PhoneMetadata.originalOperator(nsn: $0) } }
        case .fixed:
            type = .phoneFixed
            facts.stateCode = digits.withDigits(nsnRange) { PhoneMetadata.stateCode(fixedNSN: $0) }
        case .tollFree, .premium:
            result.detection = Detection(type: .phoneFixed, verdict: .notPII, notes: kind == .tollFree ? Notes.tollFree : Notes.premium, facts: facts)
            return result
        }
        let canonical = digits.string(nsnRange, prefix: "+60")
        if context.columnType == .mykad {
            result.detection = Detection(type: type, verdict: .ambiguous, canonical: canonical, notes: Notes.validNRICColumn, facts: facts)
        } else if !isPhoneColumn(context), nsnStart == 2, !plus, n == 12, ReferenceMyKad.isStructurallyValid(digits, referenceYear: context.referenceDate.year) {
            // §3.7: a 12-digit `60…` string is also a valid NRIC; the column decides.
            result.detection = Detection(type: type, verdict: .ambiguous, canonical: canonical, notes: Notes.alsoNRIC, facts: facts)
        } else {
            result.detection = Detection(type: type, verdict: warn.isEmpty ? .valid : .validWarn, canonical: canonical, notes: warn, facts: facts)
        }
        return result
    }

    /// `+CC…` or `00CC…` other than Malaysia: a light E.164 check (8–15 digits), Singapore exactly.
    private static func foreign(_ result: inout Analysis, ccStart: Int) -> Analysis {
        var digits = result.digits
        digits.removeFirst(ccStart)
        let n = digits.count
        guard n >= 8, n <= 15, let ccLength = PhoneMetadata.countryCodeLength(digits) else { return result }
        var facts = DerivedFacts()
        var type = IdentifierType.phoneMobile
        if ccLength == 2, digits.hasPrefix("65") {
            // Singapore: 8 digits starting 3, 6 (fixed) or 8, 9 (mobile).
            guard n == 10 else { return result }
            switch digits[2] {
            case UInt8(ascii: "8"), UInt8(ascii: "9"): facts.phoneKind = PhoneKind.mobile.rawValue
            case UInt8(ascii: "3"), UInt8(ascii: "6"):
                facts.phoneKind = PhoneKind.fixed.rawValue
                type = .phoneFixed
            default: return result
            }
        }
        guard n - ccLength >= 4 else { return result }
        facts.countryCode = digits.string(0..<ccLength)
        result.digits = digits
        result.nsn = ccLength..<n
        result.reading = .foreign
        result.countryCode = facts.countryCode ?? ""
        result.detection = Detection(type: type, verdict: .valid, canonical: digits.string(prefix: "+"), notes: Notes.nonMY, facts: facts)
        return result
    }

    /// §4.9: `02` + a Singapore number dialled from Malaysia, valid in data before 2017-07-01.
    private static func singaporeVia02(_ result: inout Analysis, context: CellContext) -> Analysis {
        guard context.referenceDate < cutoff02 else {
            result.detection = Detection(type: .phoneFixed, verdict: .invalid, notes: Notes.withdrawn02)
            return result
        }
        let digits = result.digits
        var facts = DerivedFacts()
        facts.countryCode = "65"
        let mobile = digits[2] != UInt8(ascii: "6")
        facts.phoneKind = mobile ? PhoneKind.mobile.rawValue : PhoneKind.fixed.rawValue
        result.nsn = 2..<10
        result.reading = .singaporeVia02
        result.countryCode = "65"
        result.detection = Detection(type: mobile ? .phoneMobile : .phoneFixed, verdict: .validWarn, canonical: digits.string(2..<10, prefix: "+65"), notes: Notes.singaporeVia02, facts: facts)
        return result
    }

    /// §4.9: `080` + a 7-digit Brunei number dialled from East Malaysia.
    private static func bruneiVia080(_ result: inout Analysis) -> Analysis {
        let digits = result.digits
        var facts = DerivedFacts()
        facts.countryCode = "673"
        result.nsn = 3..<10
        result.reading = .bruneiVia080
        result.countryCode = "673"
        result.detection = Detection(type: .phoneFixed, verdict: .validWarn, canonical: digits.string(3..<10, prefix: "+673"), notes: Notes.bruneiVia080, facts: facts)
        return result
    }

    /// The day the last operators stopped the 02 access code (§4.9).
    static let cutoff02 = CivilDate(year: 2017, month: 7, day: 1) ?? CellContext.defaultReferenceDate

    private static func mangledOrInvalid(_ cell: UnsafeBufferPointer<UInt8>, info: NormalizedCell, context: CellContext) -> Detection {
        guard let exponent = info.scientificExponent else { return .invalid(.phoneMobile) }
        // An MSISDN `60…` shows as 6.0…E+10 or E+11; a typed column also covers national numbers.
        if (isPhoneColumn(context) && (7...11).contains(exponent)) || (cell.first == UInt8(ascii: "6") && (10...11).contains(exponent)) {
            return Detection(type: .phoneMobile, verdict: .mangled, notes: ReferenceMyKad.Notes.scientific)
        }
        return .invalid(.phoneMobile)
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

enum ReferenceMyKad {
    /// Detects a MyKad in one cell (convenience for tests and slow paths).
    static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects a MyKad in the raw UTF-8 of one cell; ASCII cells do not allocate.
    ///
    /// - Parameters:
    ///   - bytes: the cell's UTF-8 bytes.
    ///   - context: the column type (repairs need `.mykad`) and the reference date for the century.
    /// - Returns: the verdict, the 12-digit canonical form and the derived facts.
    static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        ReferenceCellNormalizer.withNormalized(bytes) { cell, info in detectNormalized(cell, info: info, context: context) }
    }

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
            return .invalid(.mykad)
        }
        guard let core = CellBytes.digitCore(cell) else { return .invalid(.mykad) }
        // A `+` in front means an international phone number, never an NRIC.
        if core.lowerBound > 0, cell[core.lowerBound - 1] == UInt8(ascii: "+") { return .invalid(.mykad) }

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
                    return .invalid(.mykad)
                }
                index += 1
            }
            guard hyphens <= 1, groupCount < 2 else { return .invalid(.mykad) }
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
        guard !digits.overflowed else { return .invalid(.mykad) }
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
            guard (groups.0 == 6 && groups.1 == 6) || (groups.0 == 8 && groups.1 == 4) else { return .invalid(.mykad) }
            mixed = true
        default:
            guard groups.0 == 6, groups.1 == 2, groups.2 == 4 else { return .invalid(.mykad) }
            mixed = separators.0 != separators.1
        }
        let asterisk = (core.lowerBound > 0 && cell[core.lowerBound - 1] == UInt8(ascii: "*"))
            || (core.upperBound < cell.count && cell[core.upperBound] == UInt8(ascii: "*"))

        let referenceYear = context.referenceDate.year
        if groupCount == 0, digits.count >= 9, digits.count <= 11 {
            // §3.9 lost leading zeros: only in an NRIC-typed column, and never for a valid MSISDN.
            guard typed else { return .invalid(.mykad) }
            if ReferencePhone.isMalaysianMSISDN(digits) {
                return Detection(type: .mykad, verdict: .ambiguous, notes: Notes.validPhone)
            }
            var padded = DigitBuffer()
            for _ in digits.count..<12 { padded.append(UInt8(ascii: "0")) }
            for i in 0..<digits.count { padded.append(digits[i]) }
            guard let structure = structure(padded, referenceYear: referenceYear) else { return .invalid(.mykad) }
            if isPlaceholder(padded) { return Detection(type: .mykad, verdict: .context, notes: Notes.placeholder) }
            return Detection(type: .mykad, verdict: .validWarn, canonical: padded.string(), notes: Notes.leftPadded, facts: facts(padded, structure))
        }
        guard digits.count == 12, let structure = structure(digits, referenceYear: referenceYear) else { return .invalid(.mykad) }
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
            if ReferencePhone.isMalaysianMSISDN(digits) {
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
        facts.placeOfBirth = PlaceOfBirth.describe(structure.place)
        facts.stateCode = structure.place.stateCode
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

enum ReferenceMobileNetworkCodes {
    /// Malaysia's mobile country code.
    static let malaysiaMCC = "502"

    /// The MCC 502 table of spec §5.1.
    static let malaysia: [MobileNetworkCode] = [
        MobileNetworkCode(mnc: "01", brand: "ATUR 450 (Telekom Malaysia)", operational: false),
        MobileNetworkCode(mnc: "10", brand: "Shared (former Celcom)", operational: true),
        MobileNetworkCode(mnc: "11", brand: "TM Homeline (Telekom Malaysia)", operational: true),
        MobileNetworkCode(mnc: "12", brand: "Maxis", operational: true),
        MobileNetworkCode(mnc: "13", brand: "Celcom", operational: true),
        MobileNetworkCode(mnc: "14", brand: "Telekom Malaysia (PSTN SMS)", operational: nil),
        MobileNetworkCode(mnc: "150", brand: "Tune Talk", operational: true),
        MobileNetworkCode(mnc: "151", brand: "SalamFone (Baraka Telecom)", operational: false),
        MobileNetworkCode(mnc: "152", brand: "Yes (YTL Communications)", operational: true),
        MobileNetworkCode(mnc: "153", brand: "unifi", operational: true),
        MobileNetworkCode(mnc: "154", brand: "Tron (Talk Focus)", operational: false),
        MobileNetworkCode(mnc: "155", brand: "Clixster", operational: false),
        MobileNetworkCode(mnc: "156", brand: "Altel", operational: true),
        MobileNetworkCode(mnc: "157", brand: "Telin Malaysia", operational: true),
        MobileNetworkCode(mnc: "16", brand: "DiGi", operational: true),
        MobileNetworkCode(mnc: "17", brand: "Maxis", operational: true),
        MobileNetworkCode(mnc: "18", brand: "U Mobile", operational: true),
        MobileNetworkCode(mnc: "19", brand: "Celcom", operational: true),
        MobileNetworkCode(mnc: "20", brand: "Electcoms", operational: false),
    ]

    /// Index by numeric MNC (two-digit codes as 0...99, three-digit as 150...157).
    private static let byNumber: [Int: MobileNetworkCode] = {
        var table: [Int: MobileNetworkCode] = [:]
        for entry in malaysia { table[Int(entry.mnc) ?? -1] = entry }
        return table
    }()

    /// The MCC 502 entry for an MNC written as digits (`"12"`, `"153"`).
    static func lookupMalaysia(_ mnc: String) -> MobileNetworkCode? {
        guard mnc.count == 2 || mnc.count == 3, let number = Int(mnc) else { return nil }
        return lookupMalaysia(number: number, length: mnc.count)
    }

    static func lookupMalaysia(number: Int, length: Int) -> MobileNetworkCode? {
        guard let entry = byNumber[number], entry.mnc.utf8.count == length else { return nil }
        return entry
    }

    /// Mobile country codes in use (ITU E.212 list as published on Wikipedia's "Mobile country
    /// code" page, the source of both pinned datasets).
    static let knownMCCs: Set<Int> = [
        202, 204, 206, 208, 212, 213, 214, 216, 218, 219, 220, 221, 222, 226, 228, 230, 231, 232, 234, 235,
        238, 240, 242, 244, 246, 247, 248, 250, 255, 257, 259, 260, 262, 266, 268, 270, 272, 274, 276, 278,
        280, 282, 283, 284, 286, 288, 289, 290, 292, 293, 294, 295, 297, 302, 308, 310, 311, 312, 313, 314,
        315, 316, 330, 332, 334, 338, 340, 342, 344, 346, 348, 350, 352, 354, 356, 358, 360, 362, 363, 364,
        365, 366, 368, 370, 372, 374, 376, 400, 401, 402, 404, 405, 406, 410, 412, 413, 414, 415, 416, 417,
        418, 419, 420, 421, 422, 424, 425, 426, 427, 428, 429, 430, 431, 432, 434, 436, 437, 438, 440, 441,
        450, 452, 454, 455, 456, 457, 460, 461, 466, 467, 470, 472, 502, 505, 510, 514, 515, 520, 525, 528,
        530, 536, 537, 539, 540, 541, 542, 543, 544, 545, 546, 547, 548, 549, 550, 551, 552, 553, 554, 555,
        602, 603, 604, 605, 606, 607, 608, 609, 610, 611, 612, 613, 614, 615, 616, 617, 618, 619, 620, 621,
        622, 623, 624, 625, 626, 627, 628, 629, 630, 631, 632, 633, 634, 635, 636, 637, 638, 639, 640, 641,
        642, 643, 645, 646, 647, 648, 649, 650, 651, 652, 653, 654, 655, 657, 658, 659, 702, 704, 706, 708,
        710, 712, 714, 716, 722, 724, 730, 732, 734, 736, 738, 740, 742, 744, 746, 748, 750,
    ]
}

enum ReferenceIMSI {
    /// Detects an IMSI in one cell (convenience).
    static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        CellBytes.withBytes(text) { detect(bytes: $0, context: context) }
    }

    /// Detects an IMSI in the raw UTF-8 of one cell; ASCII cells do not allocate.
    ///
    /// - Returns: VALID with the MNC's operator for a known MCC 502 MNC (`15x` is a 3-digit MNC),
    ///   VALID with `countryCode` = MCC for another known MCC, CONTEXT for an unknown 502 MNC,
    ///   AMBIGUOUS when an untyped value is also a Luhn-valid IMEI.
    static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        ReferenceCellNormalizer.withNormalized(bytes) { cell, _ in
            guard let digits = plainDigits(cell), digits.count == 14 || digits.count == 15 else { return .invalid(.imsi) }
            let mcc = digits.value(0, 3)
            var facts = DerivedFacts()
            var notes: [String] = []
            if mcc == 502 {
                let two = digits.value(3, 2)
                let entry = two == 15
                    ? ReferenceMobileNetworkCodes.lookupMalaysia(number: digits.value(3, 3), length: 3)
                    : ReferenceMobileNetworkCodes.lookupMalaysia(number: two, length: 2)
                guard let entry else { return Detection(type: .imsi, verdict: .context, notes: Notes.unknownMNC) }
                facts.originalOperator = entry.brand
            } else if ReferenceMobileNetworkCodes.knownMCCs.contains(mcc) {
                facts.countryCode = digits.string(0..<3)
                notes = Notes.nonMY
            } else {
                return .invalid(.imsi)
            }
            let canonical = digits.string()
            if context.columnType != .imsi, digits.count == 15, digits.withDigits(nil, { Luhn.isValid($0) }) {
                return Detection(type: .imsi, verdict: .ambiguous, canonical: canonical, notes: Notes.alsoIMEI, facts: facts)
            }
            return Detection(type: .imsi, verdict: .valid, canonical: canonical, notes: notes, facts: facts)
        }
    }

    /// The cell's digits when its core is one unbroken run (letters around it are allowed).
    static func plainDigits(_ cell: UnsafeBufferPointer<UInt8>) -> DigitBuffer? {
        guard let core = CellBytes.digitCore(cell) else { return nil }
        var digits = DigitBuffer()
        for i in core {
            guard CellNormalizer.isDigit(cell[i]) else { return nil }
            digits.append(cell[i])
        }
        return digits.overflowed ? nil : digits
    }

    enum Notes {
        static let unknownMNC = ["IMSI-like, unknown Malaysian MNC"]
        static let nonMY = ["non-MY"]
        static let alsoIMEI = ["also a valid IMEI"]
    }
}

enum ReferenceEmail {
    /// Detects an email address filling the whole cell (surrounding spaces allowed).
    /// - Parameters:
    ///   - text: the cell, already normalised (§2.1).
    ///   - context: unused beyond the contract; an email is recognisable without a header.
    /// - Returns: VALID with the lower-cased address, or INVALID.
    static func detect(_ text: String, context: CellContext = .untyped) -> Detection {
        var text = text
        return text.withUTF8 { detect(bytes: $0, context: context) }
    }

    /// Hot-path variant over UTF-8 bytes. Allocates only when the value is valid (for the
    /// canonical string); invalid input never allocates.
    /// - Parameters:
    ///   - bytes: the cell's UTF-8 bytes.
    ///   - context: the cell context.
    /// - Returns: VALID with the lower-cased address, or INVALID.
    static func detect(bytes: UnsafeBufferPointer<UInt8>, context: CellContext) -> Detection {
        guard let range = validRange(bytes) else { return .invalid(.email) }
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        let canonical = String(unsafeUninitializedCapacity: slice.count) { out in
            for (i, b) in slice.enumerated() {
                out[i] = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
            }
            return slice.count
        }
        return Detection(type: .email, verdict: .valid, canonical: canonical)
    }

    /// Whether the bytes (after trimming ASCII spaces and tabs) are one email address.
    static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        validRange(bytes) != nil
    }

    // MARK: - Scanner

    @inline(__always) private static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always) private static func isLocal(_ b: UInt8) -> Bool {
        isAlpha(b) || isDigit(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D
    }

    /// The trimmed range if the bytes form a valid address.
    private static func validRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        guard hi - lo >= 6, hi - lo <= 254 else { return nil }

        // Local part.
        var i = lo
        var previousDot = true  // forbids a leading dot
        while i < hi, bytes[i] != 0x40 {
            let b = bytes[i]
            guard isLocal(b) else { return nil }
            if b == 0x2E {
                if previousDot { return nil }
                previousDot = true
            } else {
                previousDot = false
            }
            i += 1
        }
        guard i < hi, i > lo, !previousDot, i - lo <= 64 else { return nil }
        i += 1  // '@'

        // Domain: labels separated by dots; the last is the TLD.
        var labels = 0
        var labelStart = i
        var labelAllAlpha = true
        while true {
            if i == hi || bytes[i] == 0x2E {
                let length = i - labelStart
                guard length >= 1, length <= 63 else { return nil }
                guard bytes[labelStart] != 0x2D, bytes[i - 1] != 0x2D else { return nil }
                labels += 1
                if i == hi {
                    guard labels >= 2, labelAllAlpha, length >= 2, length <= 24 else { return nil }
                    return lo..<hi
                }
                i += 1
                labelStart = i
                labelAllAlpha = true
                continue
            }
            let b = bytes[i]
            if isAlpha(b) {
            } else if isDigit(b) || b == 0x2D {
                labelAllAlpha = false
            } else {
                return nil
            }
            i += 1
        }
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
