import Foundation

/// What spec §2.1 N2–N6 did to one cell, and where the normalised bytes are.
public struct NormalizedCell: Sendable, Equatable {
    /// The normalised cell: a range of the input buffer (ASCII fast path) or of the scratch buffer.
    public var range: Range<Int>
    /// `true` when `range` indexes the scratch buffer (the cell had non-ASCII characters).
    public var usesScratch: Bool
    /// The cell is a number in scientific notation (`8.50101E+11`): its digits are lost (MANGLED).
    public var isScientific: Bool
    /// The exponent of a scientific-notation cell, else `nil`.
    public var scientificExponent: Int?
    /// A `.0`/`.00` float suffix was removed (N6).
    public var strippedFloatSuffix: Bool
    /// One leading Excel text apostrophe was removed (N6).
    public var strippedApostrophe: Bool
    /// An `="…"` formula wrapper was removed (N6).
    public var unwrappedFormula: Bool

    public init(range: Range<Int>, usesScratch: Bool = false) {
        self.range = range
        self.usesScratch = usesScratch
        self.isScientific = false
        self.scientificExponent = nil
        self.strippedFloatSuffix = false
        self.strippedApostrophe = false
        self.unwrappedFormula = false
    }
}

/// Spec §2.1 N2–N6 for one cell: the pre-processing every detector runs first.
///
/// Plain ASCII cells (nearly all of a dump) take a fast path that only narrows a range of the
/// input and never allocates. Cells with non-ASCII bytes go through Unicode NFKC, digit mapping
/// and dash/space folding into a scratch buffer. N1 (decoding) belongs to the dump reader and
/// N7 (offset maps) to the free-text scanner.
public enum CellNormalizer {
    /// Normalises one cell's UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: the raw UTF-8 of one cell.
    ///   - scratch: reused storage for the slow path; untouched for ASCII cells.
    /// - Returns: where the normalised bytes are (`bytes` or `scratch`) and the N6 repairs made.
    public static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into scratch: inout [UInt8]) -> NormalizedCell {
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
    public static func withNormalized<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, NormalizedCell) -> R) -> R {
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
    public static func normalize(_ text: String) -> (text: String, cell: NormalizedCell) {
        var copy = text
        return copy.withUTF8 { bytes in
            withNormalized(bytes) { normalised, cell in (String(decoding: normalised, as: UTF8.self), cell) }
        }
    }

    /// The ASCII fast path of `withNormalized` without a closure: the repair record (its `range`
    /// indexes `bytes`), or `nil` when the cell has a non-ASCII byte and needs `withNormalized`.
    ///
    /// Detectors call this first so that the common case returns its `Detection` directly: a
    /// generic closure result is copied through the value witness table, which for a struct as
    /// large as `Detection` costs more than the detection itself.
    @inline(__always)
    static func asciiNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> NormalizedCell? {
        guard isASCII(bytes) else { return nil }
        return artefacts(bytes, range: 0..<bytes.count, usesScratch: false)
    }

    // MARK: - ASCII steps

    /// Whether every byte is below 0x80, eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var i = 0
        while i &+ 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i &+= 8
        }
        while i < count {
            if base[i] >= 0x80 { return false }
            i &+= 1
        }
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

// MARK: - Shared byte helpers for the detectors

/// Up to 24 ASCII digits collected from a cell without allocating.
struct DigitBuffer {
    static let capacity = 24
    private var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private(set) var count = 0
    /// More digits were offered than fit; the value is too long for any identifier here.
    private(set) var overflowed = false

    init() {}

    /// Collects the ASCII digits of a string (tests and slow paths).
    init(_ text: Substring) {
        for byte in text.utf8 where CellNormalizer.isDigit(byte) { append(byte) }
    }

    /// A buffer holding `digits` (at most `capacity` bytes, known to be ASCII digits): one copy,
    /// where appending byte by byte checked the capacity at every byte.
    init(plain digits: UnsafeBufferPointer<UInt8>) {
        precondition(digits.count <= Self.capacity, "DigitBuffer: more digits than it holds")
        if let base = digits.baseAddress, !digits.isEmpty {
            withUnsafeMutableBytes(of: &storage) { $0.baseAddress!.copyMemory(from: base, byteCount: digits.count) }
        }
        count = digits.count
    }

    mutating func append(_ byte: UInt8) {
        guard count < Self.capacity else {
            overflowed = true
            return
        }
        let index = count
        withUnsafeMutableBytes(of: &storage) { $0[index] = byte }
        count += 1
    }

    mutating func removeFirst(_ n: Int) {
        guard n > 0 else { return }
        let keep = count - n
        withUnsafeMutableBytes(of: &storage) { raw in
            for i in 0..<keep { raw[i] = raw[i + n] }
        }
        count = keep
    }

    subscript(index: Int) -> UInt8 {
        withUnsafeBytes(of: storage) { $0[index] }
    }

    /// The numeric value of `length` digits from `start`.
    func value(_ start: Int, _ length: Int) -> Int {
        var result = 0
        for i in start..<(start + length) { result = result * 10 + Int(self[i] &- 48) }
        return result
    }

    func hasPrefix(_ prefix: StaticString) -> Bool {
        guard prefix.utf8CodeUnitCount <= count else { return false }
        let p = prefix.utf8Start
        for i in 0..<prefix.utf8CodeUnitCount where p[i] != self[i] { return false }
        return true
    }

    /// Runs `body` over the digits `start..<end` as ASCII bytes.
    func withDigits<R>(_ range: Range<Int>? = nil, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let r = range ?? 0..<count
        return withUnsafeBytes(of: storage) { raw in
            let base = raw.bindMemory(to: UInt8.self)
            return body(UnsafeBufferPointer(rebasing: base[r]))
        }
    }

    /// The digits (or a range of them) as a string, with an optional ASCII prefix. Small strings
    /// (up to 15 bytes) do not allocate.
    func string(_ range: Range<Int>? = nil, prefix: StaticString = "") -> String {
        let r = range ?? 0..<count
        let p = prefix.utf8CodeUnitCount
        return withDigits(r) { digits in
            String(unsafeUninitializedCapacity: p + digits.count) { out in
                for i in 0..<p { out[i] = prefix.utf8Start[i] }
                for i in 0..<digits.count { out[p + i] = digits[i] }
                return p + digits.count
            }
        }
    }

    /// `true` when every digit is the same.
    var isAllSame: Bool {
        guard count > 0 else { return false }
        let first = self[0]
        for i in 1..<count where self[i] != first { return false }
        return true
    }
}

/// Byte-level helpers used by several detectors.
enum CellBytes {
    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26
    }

    /// The byte with an ASCII capital letter made small (what `lowercased()` does to ASCII).
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// The range from the first ASCII digit to the last one, or `nil` when there is no digit.
    static func digitCore(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var first = -1
        var last = -1
        for i in 0..<bytes.count where CellNormalizer.isDigit(bytes[i]) {
            if first < 0 { first = i }
            last = i
        }
        return first < 0 ? nil : first..<(last + 1)
    }

    /// The digits of `range`, which may be grouped by spaces or hyphens (`AA-BBBBBB-CCCCCC-D`);
    /// `nil` when any other character stands between them.
    static func groupedDigits(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> DigitBuffer? {
        var digits = DigitBuffer()
        for i in range {
            let c = bytes[i]
            if CellNormalizer.isDigit(c) {
                digits.append(c)
            } else if c != 0x20 && c != UInt8(ascii: "-") {
                return nil
            }
        }
        return digits
    }

    /// Runs `body` on the UTF-8 of a string.
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var copy = text
        return copy.withUTF8 { body($0) }
    }
}
