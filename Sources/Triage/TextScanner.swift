#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Identifiers
import LeakTraceCore

/// One identifier found in unstructured text (`leaktrace scan --text`).
///
/// Offsets are UTF-8 byte offsets into the ORIGINAL bytes (spec §2.1 N7), even when the match was
/// made on normalised text (full-width digits, Unicode dashes) or the input is not valid UTF-8.
public struct TextSpan: Sendable, Codable, Equatable {
    /// `IdentifierType` raw value (`mykad`, `phone_mobile`, `email`, ...).
    public var type: String
    /// `Verdict` raw value: `VALID`, `VALID+WARN`, `AMBIGUOUS` or `CONTEXT` (never INVALID or NOT-PII).
    public var verdict: String
    /// The canonical value (12-digit MyKad, E.164 phone, lower-cased email, ...); `nil` for most CONTEXT spans.
    public var canonical: String?
    /// UTF-8 byte offset of the first byte, inclusive.
    public var start: Int
    /// UTF-8 byte offset after the last byte, exclusive.
    public var end: Int
    /// 1-based line of `start`.
    public var line: Int
    /// 0...1: the verdict's base, raised by a supporting keyword nearby, lowered by a contradicting one.
    public var confidence: Double
    /// AMBIGUOUS spans: the other readings (`type` is the first one). A span a keyword resolved keeps
    /// the readings the keyword ruled out here.
    public var alternatives: [String]

    public init(type: String, verdict: String, canonical: String?, start: Int, end: Int, line: Int, confidence: Double, alternatives: [String] = []) {
        self.type = type
        self.verdict = verdict
        self.canonical = canonical
        self.start = start
        self.end = end
        self.line = line
        self.confidence = confidence
        self.alternatives = alternatives
    }
}

/// Finds personal identifiers in free text: forum posts, pastes, chat logs, e-mails.
///
/// Pipeline for one buffer:
/// 1. Normalise (spec §2.1 N2–N5) into an ASCII working copy with an offset map back to the
///    original bytes (N7). Non-ASCII characters that do not fold to ASCII become one opaque byte,
///    invalid UTF-8 bytes too, so nothing can crash on bad input.
/// 2. Emails, passports (`[AHK][0-9]{8}`, §3.8) and old-IC letter forms claim their bytes.
/// 3. Digit regions: maximal digit runs joined by short separator runs (` -.()`, a bare `/`),
///    with a `+` or `(` prefix. A region is cut into candidates made of whole digit runs only, so
///    no identifier ever has an ASCII digit right before or after it (N8). Each candidate runs
///    through the `Identifiers` detectors; the best reading (longest strong one) wins.
/// 4. Keywords within `contextWindow` characters (300 for passports, Purview's rule) resolve
///    AMBIGUOUS readings and move the confidence (§2.2 "Ambiguous cells").
public struct TextScanner: Sendable {
    public let referenceDate: CivilDate
    /// Characters on each side of a span searched for keywords (spec §2.2: 40).
    public let contextWindow: Int
    /// Characters searched for `passport`/`pasport` (Purview: 300).
    public let passportWindow: Int

    public init(referenceDate: CivilDate, contextWindow: Int = 40) {
        self.referenceDate = referenceDate
        self.contextWindow = max(0, contextWindow)
        self.passportWindow = 300
    }

    // MARK: - Public entry points

    /// Scans a whole text (bytes of one file or line); offsets are relative to `bytes` plus `baseOffset`.
    ///
    /// - Parameters:
    ///   - bytes: the original bytes (UTF-8 expected; anything else is tolerated).
    ///   - baseOffset: added to every offset (the chunk's position in its file).
    ///   - firstLine: the 1-based line number of the first byte.
    /// - Returns: the spans, ordered by start offset.
    public func scan(_ bytes: [UInt8], baseOffset: Int = 0, firstLine: Int = 1) -> [TextSpan] {
        let text = NormalizedText(bytes)
        var pass = ScanPass(scanner: self, text: text)
        pass.run()
        return pass.spans(original: bytes, baseOffset: baseOffset, firstLine: firstLine)
    }

    /// Scans a string (tests and small inputs).
    public func scan(_ text: String) -> [TextSpan] {
        scan(Array(text.utf8))
    }

    /// Bytes read per chunk by `scanFile` (chunks are cut at line ends).
    public static let defaultChunkSize = 4 << 20

    /// Scans a file in bounded memory: chunks of `chunkSize` bytes cut at line ends, each scanned
    /// with its file offset and first line number.
    ///
    /// A line longer than a chunk is cut at a space between non-digits (or, failing that, at a
    /// character boundary). Keywords are not seen across a chunk cut.
    ///
    /// - Throws: `LeakTraceError` `.io` when the file cannot be opened or read, `.binaryInput`
    ///   when a NUL byte occurs in its first 64 KiB. Both carry the path.
    public func scanFile(path: String, chunkSize: Int = TextScanner.defaultChunkSize, emit: (TextSpan) -> Void) throws(LeakTraceError) {
        let chunkSize = max(chunkSize, 4096)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LeakTraceError(.io, "cannot open the file: \(Self.errnoText())", at: InputLocation(file: path))
        }
        defer { close(fd) }

        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkSize * 2)
        var fileOffset = 0  // file offset of buffer[0]
        var line = 1
        var atEOF = false
        var checkedBinary = false
        let binaryProbe = 64 << 10

        while true {
            // Fill up to chunkSize (at least the 64 KiB binary probe on the first round).
            while !atEOF, buffer.count < chunkSize {
                let want = chunkSize - buffer.count
                let oldCount = buffer.count
                buffer.append(contentsOf: repeatElement(0, count: want))
                let got = buffer.withUnsafeMutableBytes { raw -> Int in
                    read(fd, raw.baseAddress! + oldCount, want)
                }
                if got < 0 {
                    if errno == EINTR {
                        buffer.removeLast(want)
                        continue
                    }
                    let message = Self.errnoText()
                    throw LeakTraceError(.io, "cannot read the file: \(message)", at: InputLocation(file: path, byteOffset: fileOffset + oldCount))
                }
                buffer.removeLast(want - got)
                if got == 0 { atEOF = true }
            }
            if !checkedBinary {
                checkedBinary = true
                let probe = min(buffer.count, binaryProbe)
                if let nul = buffer[0..<probe].firstIndex(of: 0) {
                    throw LeakTraceError(.binaryInput, "binary file: NUL byte in the first 64 KiB; not a text file", at: InputLocation(file: path, byteOffset: nul))
                }
            }
            if buffer.isEmpty { return }
            let cut = atEOF ? buffer.count : Self.chunkCut(buffer)
            let chunk = Array(buffer[0..<cut])
            for span in scan(chunk, baseOffset: fileOffset, firstLine: line) { emit(span) }
            line += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            fileOffset += cut
            buffer.removeFirst(cut)
            if atEOF, buffer.isEmpty { return }
        }
    }

    /// Where to cut a full buffer: after its last newline; else before a word that follows a
    /// space in the last 64 KiB (no digit region or email spans such a cut); else at a UTF-8
    /// character boundary.
    static func chunkCut(_ buffer: [UInt8]) -> Int {
        if let newline = buffer.lastIndex(of: 0x0A) { return newline + 1 }
        let floor = max(1, buffer.count - (64 << 10))
        var i = buffer.count - 2
        while i >= floor {
            let b = buffer[i]
            if b == 0x20 || b == 0x09 || b == 0x0D, isLetter(buffer[i + 1]) { return i + 1 }
            i -= 1
        }
        // No good place: cut before the last character's lead byte (never inside a sequence).
        var cut = buffer.count - 1
        var back = 0
        while cut > 0, back < 3, buffer[cut] & 0xC0 == 0x80 {
            cut -= 1
            back += 1
        }
        return buffer[cut] >= 0x80 && cut > 0 ? cut : buffer.count
    }

    private static func errnoText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }

    // MARK: - Confidence

    static func base(_ verdict: Verdict) -> Double {
        switch verdict {
        case .valid: return 0.8
        case .validWarn: return 0.6
        case .ambiguous: return 0.5
        case .context: return 0.3
        default: return 0
        }
    }

    static let keywordBonus = 0.15
    static let contradictionPenalty = 0.2
    /// A passport shape without `passport`/`pasport` nearby (Purview gives it low confidence).
    static let passportShapeOnly = 0.4
}

// MARK: - Normalised text with an offset map (spec §2.1 N2–N5, N7)

/// An ASCII working copy of the input plus a map back to original byte offsets.
///
/// Every ASCII byte is copied (tab becomes a space). Every other character becomes its ASCII
/// fold (full-width forms, Nd digits, dashes, spaces; NFKC for the rest), nothing (zero-width
/// characters) or one opaque byte `0x80`. Each such character records a shift point.
struct NormalizedText {
    struct Shift {
        var n: Int
        var o: Int
        var nLen: Int
        var oLen: Int
    }

    static let opaque: UInt8 = 0x80

    private(set) var bytes: [UInt8]
    private(set) var points: [Shift] = []

    init(_ original: [UInt8]) {
        var out: [UInt8] = []
        out.reserveCapacity(original.count)
        var points: [Shift] = []
        original.withUnsafeBufferPointer { src in
            var i = 0
            let count = src.count
            while i < count {
                let b = src[i]
                if b < 0x80 {
                    out.append(b == 0x09 ? 0x20 : b)
                    i += 1
                    continue
                }
                let (scalar, length) = Self.decode(src, i)
                let nStart = out.count
                if let scalar {
                    Self.fold(scalar, into: &out)
                } else {
                    out.append(Self.opaque)
                }
                points.append(Shift(n: nStart, o: i, nLen: out.count - nStart, oLen: length))
                i += length
            }
        }
        self.bytes = out
        self.points = points
    }

    /// The last shift point at or before normalised offset `i`.
    private func point(at i: Int) -> Shift? {
        var lo = 0
        var hi = points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if points[mid].n <= i { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : points[lo - 1]
    }

    /// Original offset of the first byte of the character that produced normalised byte `i`.
    func originalStart(_ i: Int) -> Int {
        guard let p = point(at: i) else { return i }
        if i < p.n + p.nLen { return p.o }
        return p.o + p.oLen + (i - p.n - p.nLen)
    }

    /// Original offset after the character that produced normalised byte `i`.
    func originalEnd(_ i: Int) -> Int {
        guard let p = point(at: i) else { return i + 1 }
        if i < p.n + p.nLen { return p.o + p.oLen }
        return p.o + p.oLen + (i - p.n - p.nLen) + 1
    }

    /// Decodes one UTF-8 sequence at `i`; invalid or truncated sequences give `nil` and length 1.
    static func decode(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = s[i]
        func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> UInt32? {
            guard i + k < s.count, range.contains(s[i + k]) else { return nil }
            return UInt32(s[i + k] & 0x3F)
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (nil, 1) }
            return (Unicode.Scalar((UInt32(b0 & 0x1F) << 6) | c1), 2)
        case 0xE0...0xEF:
            let first: ClosedRange<UInt8> = b0 == 0xE0 ? 0xA0...0xBF : (b0 == 0xED ? 0x80...0x9F : 0x80...0xBF)
            guard let c1 = cont(1, first), let c2 = cont(2) else { return (nil, 1) }
            return (Unicode.Scalar((UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2), 3)
        case 0xF0...0xF4:
            let first: ClosedRange<UInt8> = b0 == 0xF0 ? 0x90...0xBF : (b0 == 0xF4 ? 0x80...0x8F : 0x80...0xBF)
            guard let c1 = cont(1, first), let c2 = cont(2), let c3 = cont(3) else { return (nil, 1) }
            return (Unicode.Scalar((UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3), 4)
        default:
            return (nil, 1)
        }
    }

    /// N2–N5 for one non-ASCII character.
    static func fold(_ scalar: Unicode.Scalar, into out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
            out.append(UInt8(ascii: "-"))
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            out.append(0x20)
        case 0x200B...0x200D, 0x2060, 0xFEFF:
            return
        case 0xFF01...0xFF5E:
            out.append(UInt8(v - 0xFEE0))
        default:
            let properties = scalar.properties
            if properties.generalCategory == .decimalNumber, let value = properties.numericValue, value >= 0, value <= 9 {
                out.append(48 + UInt8(value))
                return
            }
            if properties.changesWhenNFKCCaseFolded {
                let folded = String(Character(scalar)).precomposedStringWithCompatibilityMapping
                var ascii = true
                for byte in folded.utf8 where byte < 0x20 || byte >= 0x7F { ascii = false }
                if ascii, !folded.isEmpty {
                    out.append(contentsOf: folded.utf8)
                    return
                }
            }
            out.append(opaque)
        }
    }
}

// MARK: - Keywords

/// Classes of context words (a word may be in several).
struct KeywordClass: OptionSet, Hashable {
    let rawValue: UInt16
    static let mykad = KeywordClass(rawValue: 1 << 0)
    static let phone = KeywordClass(rawValue: 1 << 1)
    static let imsi = KeywordClass(rawValue: 1 << 2)
    static let iccid = KeywordClass(rawValue: 1 << 3)
    static let imei = KeywordClass(rawValue: 1 << 4)
    static let passport = KeywordClass(rawValue: 1 << 5)
    static let card = KeywordClass(rawValue: 1 << 6)
    static let oldIC = KeywordClass(rawValue: 1 << 7)
    static let email = KeywordClass(rawValue: 1 << 8)
    /// Words of a timestamp reading (decides `yyMMddHHmmss` look-alikes, §3.7).
    static let timestamp = KeywordClass(rawValue: 1 << 9)
    /// Order, invoice, reference, account, company numbers: contradict a personal reading.
    static let notPersonal = KeywordClass(rawValue: 1 << 10)

    /// Context words, case-folded (N9). Tokens are ASCII letter runs; `/` joins letters (`k/p`).
    static let words: [String: KeywordClass] = {
        var table: [String: KeywordClass] = [:]
        func add(_ cls: KeywordClass, _ list: [String]) {
            for word in list { table[word, default: []].formUnion(cls) }
        }
        add(.mykad, ["ic", "i/c", "kp", "k/p", "nric", "mykad", "mykid", "mypr", "mykas", "mytentera", "pengenalan", "nokp", "icno"])
        add(.phone, ["tel", "telefon", "telephone", "phone", "handphone", "hp", "h/p", "mobile", "mob", "msisdn", "hubungi",
                     "call", "whatsapp", "wasap", "wa", "sms", "fon", "nohp"])
        add(.imsi, ["imsi", "sim"])
        add(.iccid, ["iccid", "sim", "siri"])
        add(.imei, ["imei", "imeisv"])
        add(.passport, ["passport", "pasport", "paspot", "passports"])
        add(.card, ["card", "kredit", "credit", "debit", "visa", "mastercard", "amex", "cvv", "pan"])
        add(.oldIC, ["lama", "old"])
        add(.email, ["email", "emel", "mel", "mail"])
        add(.timestamp, ["created", "updated", "modified", "time", "timestamp", "datetime", "masa", "log", "logged", "tarikh", "date", "jam"])
        add(.notPersonal, ["order", "invoice", "inv", "ref", "reference", "rujukan", "akaun", "account", "acct", "a/c", "txn",
                           "transaction", "trx", "tracking", "pesanan", "resit", "receipt", "ssm", "syarikat", "company",
                           "serial", "s/n", "bill"])
        return table
    }()

    static let maxWordLength = 12
}

/// One context word found in the normalised text.
struct KeywordHit {
    var start: Int
    var end: Int
    var classes: KeywordClass
}

// MARK: - One scan

/// A span found on normalised offsets, before mapping back.
private struct Found {
    var range: Range<Int>
    var type: IdentifierType
    var verdict: Verdict
    var canonical: String?
    var confidence: Double
    var alternatives: [IdentifierType]
}

/// The readings of one candidate, as the detectors answered.
private struct Readings {
    var strong: [Detection] = []
    var weak: [Detection] = []
    var notPII = false
    /// 3: a strong reading; 2: an emitted CONTEXT reading or a NOT-PII number; 0: nothing.
    var score: Int { !strong.isEmpty ? 3 : (!weak.isEmpty || notPII ? 2 : 0) }
}

@inline(__always)
private func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

@inline(__always)
private func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }

@inline(__always)
private func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }

private struct ScanPass {
    let scanner: TextScanner
    let text: NormalizedText
    let bytes: [UInt8]
    let context: CellContext
    var found: [Found] = []
    /// Byte ranges taken by emails, passports and old-IC forms, sorted by start.
    var claims: [Range<Int>] = []
    var hits: [KeywordHit] = []
    /// Starts of maximal ASCII digit runs of 6 or more digits, in order.
    var longRuns: [Int] = []

    init(scanner: TextScanner, text: NormalizedText) {
        self.scanner = scanner
        self.text = text
        self.bytes = text.bytes
        self.context = CellContext(columnType: nil, referenceDate: scanner.referenceDate)
    }

    mutating func run() {
        findEmails()
        findKeywords()
        findLetterForms()
        claims.sort { $0.lowerBound < $1.lowerBound }
        findDigitRegions()
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    func spans(original: [UInt8], baseOffset: Int, firstLine: Int) -> [TextSpan] {
        var result: [TextSpan] = []
        result.reserveCapacity(found.count)
        var line = firstLine
        var cursor = 0
        for f in found {
            let start = text.originalStart(f.range.lowerBound)
            let end = text.originalEnd(f.range.upperBound - 1)
            while cursor < start, cursor < original.count {
                if original[cursor] == 0x0A { line += 1 }
                cursor += 1
            }
            let confidence = (min(1, max(0, f.confidence)) * 100).rounded() / 100
            result.append(TextSpan(
                type: f.type.rawValue, verdict: f.verdict.rawValue, canonical: f.canonical,
                start: baseOffset + start, end: baseOffset + end, line: line,
                confidence: confidence, alternatives: f.alternatives.map(\.rawValue)))
        }
        return result
    }

    // MARK: Claims

    func isClaimed(_ range: Range<Int>) -> Bool {
        // Claims are sorted by start and do not overlap.
        var lo = 0
        var hi = claims.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if claims[mid].upperBound <= range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < claims.count && claims[lo].lowerBound < range.upperBound
    }

    // MARK: Emails (§8.1)

    private static func isLocal(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "%") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    private static func isDomain(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
    }

    mutating func findEmails() {
        let bytes = self.bytes
        let n = bytes.count
        var i = 0
        var lastEnd = 0
        bytes.withUnsafeBufferPointer { b in
            while i < n {
                guard b[i] == UInt8(ascii: "@") else {
                    i += 1
                    continue
                }
                var lo = i
                while lo > lastEnd, i - lo < 256, Self.isLocal(b[lo - 1]) { lo -= 1 }
                while lo < i, b[lo] == UInt8(ascii: ".") { lo += 1 }
                var hi = i + 1
                while hi < n, hi - i < 256, Self.isDomain(b[hi]) { hi += 1 }
                while hi > i + 1, b[hi - 1] == UInt8(ascii: ".") || b[hi - 1] == UInt8(ascii: "-") { hi -= 1 }
                if lo < i, hi > i + 1 {
                    let detection = Email.detect(bytes: UnsafeBufferPointer(rebasing: b[lo..<hi]), context: context)
                    if detection.verdict.isValid {
                        let range = lo..<hi
                        found.append(Found(range: range, type: .email, verdict: detection.verdict, canonical: detection.canonical,
                                           confidence: 0, alternatives: []))
                        claims.append(range)
                        lastEnd = hi
                        i = hi
                        continue
                    }
                }
                i += 1
            }
        }
    }

    // MARK: Keywords

    mutating func findKeywords() {
        let n = bytes.count
        var i = 0
        while i < n {
            guard isDigit(bytes[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < n, isDigit(bytes[i]) { i += 1 }
            if i - start >= 6 { longRuns.append(start) }
        }
        i = 0
        var token = [UInt8](repeating: 0, count: KeywordClass.maxWordLength)
        var emailIndex = 0
        let emails = claims  // only emails so far, in order
        while i < n {
            guard isLetter(bytes[i]) else {
                i += 1
                continue
            }
            let start = i
            var length = 0
            var overflow = false
            while i < n {
                let c = bytes[i]
                if isLetter(c) {
                    if length < token.count { token[length] = c | 0x20 } else { overflow = true }
                    length += 1
                    i += 1
                } else if c == UInt8(ascii: "/"), i + 1 < n, isLetter(bytes[i + 1]), length > 0 {
                    if length < token.count { token[length] = c } else { overflow = true }
                    length += 1
                    i += 1
                } else {
                    break
                }
            }
            // A word glued to a non-ASCII letter is not a keyword (`é` is opaque).
            if overflow || length < 2 { continue }
            if start > 0, bytes[start - 1] == NormalizedText.opaque { continue }
            if i < n, bytes[i] == NormalizedText.opaque { continue }
            while emailIndex < emails.count, emails[emailIndex].upperBound <= start { emailIndex += 1 }
            if emailIndex < emails.count, emails[emailIndex].lowerBound < i { continue }
            let word = String(decoding: token[0..<length], as: UTF8.self)
            if let classes = KeywordClass.words[word] {
                hits.append(KeywordHit(start: start, end: i, classes: classes))
            }
        }
        // Emails get their own keyword bonus now that the words are known.
        for index in found.indices where found[index].type == .email {
            found[index].confidence = confidence(.email, base: TextScanner.base(found[index].verdict), range: found[index].range)
        }
    }

    /// Whether a digit run of 6 or more digits starts inside `range` (another number sits between
    /// a word and a span: the word labels that number, not the span).
    func hasLongRun(_ range: Range<Int>) -> Bool {
        var lo = 0
        var hi = longRuns.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if longRuns[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < longRuns.count && longRuns[lo] < range.upperBound
    }

    /// Distance in characters from `range` to the nearest hit of `classes` within `window`, among
    /// words with no other number between them and the span. A word after the span counts double
    /// (words usually precede the number they label) and loses a tie.
    func nearest(_ classes: KeywordClass, _ range: Range<Int>, window: Int) -> Int? {
        // Purview's passport rule is a plain 300-character proximity: no attachment check.
        let attached = classes != .passport
        guard !classes.isEmpty, !hits.isEmpty else { return nil }
        let from = range.lowerBound - window
        var lo = 0
        var hi = hits.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if hits[mid].end < from { lo = mid + 1 } else { hi = mid }
        }
        var best: Int?
        var k = lo
        while k < hits.count, hits[k].start <= range.upperBound + window {
            let hit = hits[k]
            k += 1
            guard !hit.classes.isDisjoint(with: classes) else { continue }
            let distance: Int
            if hit.end <= range.lowerBound {
                guard !attached || !hasLongRun(hit.end..<range.lowerBound) else { continue }
                distance = range.lowerBound - hit.end
            } else if hit.start >= range.upperBound {
                // A word after the span that labels the next number is not about this one.
                guard !attached || (!hasLongRun(range.upperBound..<hit.start) && !hasLongRun(hit.end..<(hit.end + 12))) else { continue }
                distance = (hit.start - range.upperBound) * 2 + 1
            } else {
                distance = 0
            }
            if best == nil || distance < best! { best = distance }
        }
        return best
    }

    static func support(for type: IdentifierType) -> KeywordClass {
        switch type {
        case .mykad: return .mykad
        case .phoneMobile, .phoneFixed: return .phone
        case .imsi: return .imsi
        case .iccid: return .iccid
        case .imei: return .imei
        case .passport: return .passport
        case .paymentCard: return .card
        case .oldIC: return .oldIC
        case .email: return .email
        default: return []
        }
    }

    static func contradiction(for type: IdentifierType) -> KeywordClass {
        switch type {
        // The other type's word, when nearer than this type's own, also contradicts.
        case .mykad: return [.notPersonal, .phone]
        case .phoneMobile, .phoneFixed: return [.notPersonal, .mykad]
        default: return []
        }
    }

    func window(for type: IdentifierType) -> Int {
        type == .passport ? max(scanner.passportWindow, scanner.contextWindow) : scanner.contextWindow
    }

    /// §2.2 confidence: base, +0.15 with a supporting word, −0.2 with a contradicting word that is
    /// not farther away than a supporting one.
    func confidence(_ type: IdentifierType, base: Double, range: Range<Int>) -> Double {
        let support = nearest(Self.support(for: type), range, window: window(for: type))
        let contra = nearest(Self.contradiction(for: type), range, window: scanner.contextWindow)
        var value = base
        if support != nil { value += TextScanner.keywordBonus }
        if type == .passport, support == nil { value -= TextScanner.passportShapeOnly }
        if let contra, support.map({ contra < $0 }) ?? true { value -= TextScanner.contradictionPenalty }
        return min(1, max(0, value))
    }

    // MARK: Passports and old-IC letter forms (§3.8)

    mutating func findLetterForms() {
        let bytes = self.bytes
        let n = bytes.count
        var newClaims: [Range<Int>] = []
        var i = 0
        while i < n {
            guard isLetter(bytes[i]), i == 0 || !isAlnum(bytes[i - 1]) else {
                i += 1
                continue
            }
            var j = i + 1
            while j < n, j - i <= 9, isDigit(bytes[j]) { j += 1 }
            let digits = j - i - 1
            let range = i..<j
            guard digits == 7 || digits == 8, j == n || !isAlnum(bytes[j]), !isClaimed(range) else {
                i = j
                continue
            }
            if digits == 8 {
                let detection = bytes.withUnsafeBufferPointer { Passport.detect(bytes: UnsafeBufferPointer(rebasing: $0[range]), context: context) }
                if detection.verdict.isValid {
                    found.append(Found(range: range, type: .passport, verdict: detection.verdict, canonical: detection.canonical,
                                       confidence: confidence(.passport, base: TextScanner.base(detection.verdict), range: range),
                                       alternatives: []))
                    newClaims.append(range)
                }
            } else {
                // `A1234567`: old IC or a foreign passport; CONTEXT only (row 35).
                found.append(Found(range: range, type: .oldIC, verdict: .context, canonical: nil,
                                   confidence: confidence(.oldIC, base: TextScanner.base(.context), range: range),
                                   alternatives: []))
                newClaims.append(range)
            }
            i = j
        }
        claims.append(contentsOf: newClaims)
    }

    // MARK: Digit regions

    @inline(__always)
    private static func isSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "/")
    }

    mutating func findDigitRegions() {
        let n = bytes.count
        var i = 0
        var groups: [Range<Int>] = []
        var prefixes: [Int] = []
        while i < n {
            guard isDigit(bytes[i]), i == 0 || !isDigit(bytes[i - 1]) else {
                i += 1
                continue
            }
            groups.removeAll(keepingCapacity: true)
            prefixes.removeAll(keepingCapacity: true)
            // Region start: a `+`, `(`, `+(` or `(+` right before the first digit.
            var prefix = i
            if prefix > 0, bytes[prefix - 1] == UInt8(ascii: "+") || bytes[prefix - 1] == UInt8(ascii: "(") {
                prefix -= 1
                if prefix > 0, bytes[prefix - 1] != bytes[prefix], bytes[prefix - 1] == UInt8(ascii: "+") || bytes[prefix - 1] == UInt8(ascii: "(") {
                    prefix -= 1
                }
            }
            var cursor = i
            var groupPrefix = prefix
            while true {
                let start = cursor
                while cursor < n, isDigit(bytes[cursor]) { cursor += 1 }
                let group = start..<cursor
                if isClaimed(group) {
                    break
                }
                groups.append(group)
                prefixes.append(groupPrefix)
                // A separator run of at most 3 bytes, then a digit.
                var j = cursor
                while j < n, j - cursor < 4, Self.isSeparator(bytes[j]) { j += 1 }
                guard j > cursor, j - cursor <= 3, j < n, isDigit(bytes[j]) else { break }
                let run = bytes[cursor..<j]
                if run.count > 1, run.contains(UInt8(ascii: "/")) || run.contains(UInt8(ascii: ".")) { break }  // ` / `, `. `: two numbers
                groupPrefix = bytes[j - 1] == UInt8(ascii: "(") ? j - 1 : j
                cursor = j
            }
            if !groups.isEmpty { segment(groups, prefixes) }
            i = max(cursor, i + 1)
        }
    }

    /// Cuts one region into candidates of whole digit runs, best reading first (longest strong).
    mutating func segment(_ groups: [Range<Int>], _ prefixes: [Int]) {
        let maxGroups = 7
        let maxDigits = 22
        var a = 0
        while a < groups.count {
            var best: (b: Int, readings: Readings)?
            var digits = 0
            var b = a
            while b < groups.count, b - a < maxGroups {
                digits += groups[b].count
                if digits > maxDigits { break }
                if digits >= 7 {
                    let readings = evaluate(groups, prefixes, a, b, digits)
                    if readings.score > 0, readings.score >= (best?.readings.score ?? 0) { best = (b, readings) }
                }
                b += 1
            }
            if let best {
                emit(groups, prefixes, a, best.b, best.readings)
                a = best.b + 1
            } else {
                a += 1
            }
        }
    }

    /// Runs the detectors that fit the candidate made of groups `a...b`.
    func evaluate(_ groups: [Range<Int>], _ prefixes: [Int], _ a: Int, _ b: Int, _ digits: Int) -> Readings {
        var readings = Readings()
        let numberStart = groups[a].lowerBound
        let end = groups[b].upperBound
        let prefixStart = prefixes[a]
        var hasPlus = false
        var hasParen = false
        for k in prefixStart..<numberStart {
            if bytes[k] == UInt8(ascii: "+") { hasPlus = true } else { hasParen = true }
        }
        // Separators inside the candidate.
        var onlySpaceHyphen = true
        var slashSplits = false
        var digitsBefore = 0
        for g in a..<b {
            digitsBefore += groups[g].count
            for k in groups[g].upperBound..<groups[g + 1].lowerBound {
                let c = bytes[k]
                if c != 0x20, c != UInt8(ascii: "-") { onlySpaceHyphen = false }
                if c == UInt8(ascii: "/"), digitsBefore >= 7, digits - digitsBefore >= 7 { slashSplits = true }
            }
        }
        let plain = a == b && prefixStart == numberStart

        bytes.withUnsafeBufferPointer { buffer in
            let number = UnsafeBufferPointer(rebasing: buffer[numberStart..<end])
            let withPrefix = UnsafeBufferPointer(rebasing: buffer[prefixStart..<end])
            func take(_ d: Detection) {
                switch d.verdict {
                case .valid, .validWarn, .ambiguous: readings.strong.append(d)
                case .context: readings.weak.append(d)
                case .notPII: readings.notPII = true
                default: break
                }
            }
            let range = numberStart..<end
            if digits == 7 {
                // Old 7-digit IC: only a lone run with `lama`/`old` nearby.
                if plain, nearest(.oldIC, range, window: scanner.contextWindow) != nil {
                    readings.weak.append(Detection(type: .oldIC, verdict: .context))
                }
                return
            }
            if digits == 12, !hasPlus, onlySpaceHyphen {
                take(MyKad.detect(bytes: number, context: context))
            }
            // `YYMMDD-PB-###G` grouping is the NRIC layout; nobody writes a phone number that way.
            let nricLayout = b - a == 2 && groups[a].count == 6 && groups[a + 1].count == 2 && groups[b].count == 4
            if digits >= 8, digits <= 17, !slashSplits, !nricLayout {
                let d = Phone.detect(bytes: withPrefix, context: context)
                // A foreign number has only a light length check: in free text it needs its `+`
                // (`00CC…` glued into references such as `TXN0010260305827` is too common).
                if d.facts.countryCode == nil || hasPlus { take(d) }
            }
            guard !hasPlus, !hasParen, onlySpaceHyphen else { return }
            if (digits == 14 || digits == 15) && a == b {
                let d = IMSI.detect(bytes: number, context: context)
                // Most 3-digit prefixes are some country's MCC: a foreign IMSI needs an `imsi` word.
                if d.facts.countryCode == nil || nearest(.imsi, range, window: scanner.contextWindow) != nil { take(d) }
            }
            if (14...16).contains(digits), Self.isIMEIGrouping(groups[a...b].map(\.count)) {
                let d = IMEI.detect(bytes: number, context: context)
                // 14 digits (no check digit) and IMEISV are too generic without an `imei` word.
                if d.verdict != .context || nearest(.imei, range, window: scanner.contextWindow) != nil { take(d) }
            }
            if (18...20).contains(digits) {
                take(ICCID.detect(bytes: number, context: context))
            }
            // Cards: §5.6 leaves 12 digits to NRIC/MSISDN and 15 to IMSI/IMEI (Amex 34/37 aside).
            let cardLength = digits == 13 || digits == 14 || (16...19).contains(digits)
                || (digits == 15 && (number.starts(with: [51, 52]) || number.starts(with: [51, 55])))
            if cardLength {
                let d = PaymentCard.detect(bytes: number, context: context)
                if d.verdict != .context || nearest(.card, range, window: scanner.contextWindow) != nil { take(d) }
            }
        }
        return readings
    }

    /// IMEI spellings: one run, or the printed `AA-BBBBBB-CCCCCC-D` / `TAC-serial-check` groups
    /// (with or without the check digit, or with the IMEISV's two software-version digits).
    static func isIMEIGrouping(_ lengths: [Int]) -> Bool {
        switch lengths {
        case [14], [15], [16], [2, 6, 6], [2, 6, 6, 1], [2, 6, 6, 2], [8, 6], [8, 6, 1], [8, 6, 2]: return true
        default: return false
        }
    }

    /// Turns the readings of the chosen candidate into one span (or none for NOT-PII).
    mutating func emit(_ groups: [Range<Int>], _ prefixes: [Int], _ a: Int, _ b: Int, _ readings: Readings) {
        let numberStart = groups[a].lowerBound
        let end = groups[b].upperBound
        func spanRange(_ type: IdentifierType) -> Range<Int> {
            (type == .phoneMobile || type == .phoneFixed) ? prefixes[a]..<end : numberStart..<end
        }
        if readings.strong.isEmpty {
            guard !readings.weak.isEmpty else { return }  // NOT-PII: consumed, not reported
            let weak = readings.weak.sorted { $0.type < $1.type }
            let primary = weak[0]
            let range = spanRange(primary.type)
            if primary.type == .mykad, primary.notes.contains("timestamp-like") {
                // Row 24: a `yyMMddHHmmss` look-alike. An NRIC word nearer than a time word resolves it.
                let kad = nearest(.mykad, range, window: scanner.contextWindow)
                let time = nearest(.timestamp, range, window: scanner.contextWindow)
                if let kad, time.map({ kad < $0 }) ?? true {
                    var digits = ""
                    for g in a...b { digits += String(decoding: bytes[groups[g]], as: UTF8.self) }
                    found.append(Found(range: range, type: .mykad, verdict: .valid, canonical: digits,
                                       confidence: confidence(.mykad, base: TextScanner.base(.ambiguous), range: range),
                                       alternatives: []))
                } else {
                    var value = TextScanner.base(.context)
                    if time != nil || nearest(.notPersonal, range, window: scanner.contextWindow) != nil { value -= TextScanner.contradictionPenalty }
                    found.append(Found(range: range, type: .mykad, verdict: .context, canonical: nil, confidence: max(0, value), alternatives: []))
                }
                return
            }
            found.append(Found(range: range, type: primary.type, verdict: .context, canonical: primary.canonical,
                               confidence: confidence(primary.type, base: TextScanner.base(.context), range: range),
                               alternatives: weak.dropFirst().map(\.type)))
            return
        }

        // Every reading, one per type, strongest first within a type.
        var byType: [IdentifierType: Detection] = [:]
        for d in readings.strong where byType[d.type] == nil { byType[d.type] = d }
        let anyAmbiguous = readings.strong.contains { $0.verdict == .ambiguous }
        if anyAmbiguous {
            for d in readings.weak where byType[d.type] == nil { byType[d.type] = d }
        }
        let types = byType.keys.sorted()
        if types.count == 1 {
            let d = byType[types[0]]!
            let range = spanRange(d.type)
            found.append(Found(range: range, type: d.type, verdict: d.verdict, canonical: d.canonical,
                               confidence: confidence(d.type, base: TextScanner.base(d.verdict), range: range),
                               alternatives: []))
            return
        }
        // AMBIGUOUS: the nearest supporting word decides; a tie or no word leaves it open.
        var best: (type: IdentifierType, distance: Int)?
        var tie = false
        for type in types {
            guard let distance = nearest(Self.support(for: type), spanRange(type), window: window(for: type)) else { continue }
            if best == nil || distance < best!.distance {
                best = (type, distance)
                tie = false
            } else if distance == best!.distance {
                tie = true
            }
        }
        if let best, !tie {
            let d = byType[best.type]!
            let range = spanRange(best.type)
            found.append(Found(range: range, type: best.type, verdict: .valid, canonical: d.canonical,
                               confidence: confidence(best.type, base: TextScanner.base(.ambiguous), range: range),
                               alternatives: types.filter { $0 != best.type }))
            return
        }
        let primary = types[0]
        let range = spanRange(primary)
        found.append(Found(range: range, type: primary, verdict: .ambiguous, canonical: byType[primary]!.canonical,
                           confidence: confidence(primary, base: TextScanner.base(.ambiguous), range: range),
                           alternatives: Array(types.dropFirst())))
    }
}
