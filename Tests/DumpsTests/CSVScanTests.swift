import Synthetic
import Testing
@testable import Dumps

/// `CSVParser.firstOf` (eight bytes per step) and `ByteCursor` (64 bytes per window) against the
/// byte loop they replaced.
@Suite("CSV field scanning")
struct CSVScanTests {
    /// Up to `maxLength` random letters with bytes of `alphabet` among them: one byte in
    /// `sparsity` to `sparsity * sparsity` (chosen per line) is from the alphabet.
    static func letters(mixedWith alphabet: [UInt8], maxLength: UInt64, sparsity: UInt64, _ random: inout SeededGenerator) -> [UInt8] {
        let length = Int(random.next() % maxLength)
        let density = random.next() % sparsity + 1
        return (0 ..< length).map { _ in
            random.next() % (density * sparsity) == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(ascii: "a") + UInt8(random.next() % 26)
        }
    }

    /// The cursor asked at increasing positions, as the parser asks (small steps inside a window,
    /// jumps over one or more windows, the last bytes short of a window), answers what the byte
    /// loop answers, and its `high` or `seen` holds every non-ASCII byte between a position and
    /// the end found.
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"), UInt8(ascii: "\"")])
    func cursorSameAsTheByteLoop(delimiter: UInt8) {
        var random = SeededGenerator(seed: 0xC0_0000 | UInt64(delimiter))
        func next() -> UInt64 { random.next() }
        let alphabet: [UInt8] = [0x00, 0x09, 0x0A, 0x0B, 0x0D, 0x22, delimiter &- 1, delimiter, delimiter &+ 1, 0x7F, 0x80, 0xFF]
        var (wrongEnds, unseenHigh, asked, windowsCrossed) = (0, 0, 0, 0)
        for _ in 0 ..< 4000 {
            let bytes = CSVScanTests.letters(mixedWith: alphabet, maxLength: 400, sparsity: 6, &random)
            bytes.withUnsafeBufferPointer { buf in
                var cursor = ByteCursor(delimiter, 0x0A)
                var seen: UInt64 = 0
                var position = 0
                while position <= buf.count {
                    var expected = position
                    while expected < buf.count && buf[expected] != delimiter && buf[expected] != 0x0A { expected += 1 }
                    let found = cursor.next(from: position, in: buf, seen: &seen)
                    asked += 1
                    if found != expected { wrongEnds += 1 }
                    if expected - position >= 64 { windowsCrossed += 1 }
                    if bytes[position ..< min(expected + 1, buf.count)].contains(where: { $0 >= 0x80 }),
                       seen & 0x8080_8080_8080_8080 == 0 && cursor.high == 0 {
                        unseenHigh += 1
                    }
                    // On past the end found, or jump ahead (a quoted field the cursor never saw).
                    position = next() % 5 == 0 ? position + Int(next() % 150) : expected + 1
                }
            }
        }
        #expect(wrongEnds == 0 && unseenHigh == 0)
        #expect(asked > 8_000 && windowsCrossed > 1_000, "\(asked) positions, \(windowsCrossed) past a window")
    }

    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")])
    func sameAsTheByteLoop(delimiter: UInt8) {
        var random = SeededGenerator(seed: 0x5EED_0000 | UInt64(delimiter))
        // Bytes that sit next to the targets in value (0x09/0x0B around \n, delimiter ± 1,
        // 0x80+ for borrows, 0x00) make the zero-byte test's edge cases.
        let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0B, 0x0D, 0x20, 0x22, delimiter &- 1, delimiter, delimiter &+ 1, 0x41, 0x7F, 0x80, 0x8A, 0xFF]
        for _ in 0 ..< 3000 {
            let bytes = CSVScanTests.letters(mixedWith: alphabet, maxLength: 220, sparsity: 4, &random)
            bytes.withUnsafeBufferPointer { buf in
                var wrongEnds = 0
                var unseenBytes = 0
                for start in 0 ... buf.count {
                    var expected = start
                    while expected < buf.count && buf[expected] != delimiter && buf[expected] != 0x0A { expected += 1 }
                    var seen: UInt64 = 0
                    if CSVParser.firstOf(delimiter, 0x0A, in: buf, from: start, seen: &seen) != expected { wrongEnds += 1 }
                    // Every byte from `start` to the end it found is in `seen` (whose bytes, ORed
                    // together, hold the bits of every byte it read).
                    var read: UInt64 = 0
                    var folded: UInt64 = 0
                    for k in start ..< min(expected + 1, buf.count) { read |= UInt64(buf[k]) }
                    for k in 0 ..< 8 { folded |= (seen >> UInt64(8 * k)) & 0xFF }
                    if folded & read != read { unseenBytes += 1 }
                }
                #expect(wrongEnds == 0 && unseenBytes == 0, "\(bytes)")
            }
        }
    }
}

/// `RecordBatch.asciiOnly` as the CSV parser works it out: never true when a field holds a
/// non-ASCII byte (the scan then skips its UTF-8 checks), true for an all-ASCII input.
@Suite("CSV parser's ASCII flag")
struct CSVASCIIFlagTests {
    @Test(arguments: [false, true])
    func neverClaimsASCIIWrongly(final: Bool) {
        var random = SeededGenerator(seed: final ? 0xA5C1 : 0x11)
        func next() -> UInt64 { random.next() }
        // Structure (delimiter, quotes, line ends) among letters, with a rare high byte that may
        // land in a plain field, a quoted one, text after a closing quote or the last field.
        let alphabet: [UInt8] = [0x2C, 0x2C, 0x22, 0x22, 0x0A, 0x0D, 0x20]
        var sawBoth = (ascii: 0, not: 0)
        for _ in 0 ..< 4000 {
            let length = Int(next() % 200)
            let highAt = next() % 3 == 0 ? Int(next() % UInt64(max(length, 1))) : -1
            let bytes: [UInt8] = (0 ..< length).map { i in
                if i == highAt { return 0x80 | UInt8(next() % 128) }
                return next() % 4 == 0 ? alphabet[Int(next() % UInt64(alphabet.count))] : UInt8(ascii: "a") + UInt8(next() % 26)
            }
            var batch = RecordBatch()
            bytes.withUnsafeBufferPointer { buf in
                _ = CSVParser(delimiter: 0x2C, maxRecordBytes: 1 << 20).parse(buf, final: final, into: &batch, baseOffset: 0, firstLine: 1, bufferBase: 0)
            }
            let fieldHasHigh = (0 ..< batch.fieldStart.count).contains { f in
                let start = Int(batch.fieldStart[f])
                return bytes[start ..< start + Int(batch.fieldLength[f])].contains { $0 >= 0x80 }
            }
            if fieldHasHigh { #expect(!batch.asciiOnly, "\(bytes)") }
            if !bytes.contains(where: { $0 >= 0x80 }) { #expect(batch.asciiOnly, "\(bytes)") }
            if batch.asciiOnly { sawBoth.ascii += 1 } else { sawBoth.not += 1 }
        }
        #expect(sawBoth.ascii > 100 && sawBoth.not > 100)
    }
}

/// The parser's records against the fields they were written from: thousands of records in one
/// parse (its field memory grows several times), quoted fields with delimiters, doubled quotes
/// and line feeds inside, records too wide for `maxColumns` (dropped and reported), and a record
/// cut at the end of a buffer that is not the last (left for the next parse).
@Suite("CSV parser's records")
struct CSVParserRecordTests {
    @Test(arguments: [false, true])
    func recordsAsWritten(final: Bool) {
        var random = SeededGenerator(seed: final ? 0xF1E1D : 0xC0FFEE)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let maxColumns = 10
        var text = ""
        var expected: [[String]] = []
        var tooWide = 0
        var line = 1
        var wideLines: [Int] = []
        for _ in 0 ..< 3000 {
            let count = next(20) == 0 ? maxColumns + 1 + next(5) : 1 + next(8)
            var fields: [String] = []
            var written: [String] = []
            var lines = 0
            for _ in 0 ..< count {
                let plain = String((0 ..< next(9)).map { _ in Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(next(26)))) })
                switch next(6) {
                case 0:
                    // Quoted, with a delimiter, a doubled quote or a line feed inside.
                    let (inner, value) = [(plain + ",x", plain + ",x"), (plain + "\"\"q", plain + "\"q"), (plain + "\nz", plain + "\nz")][next(3)]
                    if inner.contains("\n") { lines += 1 }
                    fields.append(value)
                    written.append("\"" + inner + "\"")
                default:
                    fields.append(plain)
                    written.append(plain)
                }
            }
            text += written.joined(separator: ",") + "\n"
            if count > maxColumns {
                tooWide += 1
                wideLines.append(line)
            } else {
                expected.append(fields)
            }
            line += 1 + lines
        }
        // Not the last buffer: a record cut short stays for the next parse.
        let cut = final ? "" : "tail,\"open quoted"
        let bytes = Array((text + cut).utf8)
        var batch = RecordBatch()
        let outcome = bytes.withUnsafeBufferPointer {
            CSVParser(delimiter: 0x2C, maxRecordBytes: 1 << 20, maxColumns: maxColumns).parse($0, final: final, into: &batch, baseOffset: 0, firstLine: 1, bufferBase: 0)
        }
        batch.bytes = bytes  // as the reader hands it out: the fields point into the buffer
        let records = (0 ..< batch.recordCount).map { r in batch.fields(ofRecord: r).map { batch.string(field: $0) } }
        #expect(records.count == expected.count)
        #expect(records == expected)
        #expect(outcome.tooWide.map(\.line) == wideLines)
        #expect(tooWide > 100 && batch.fieldStart.count > 8 * 1024)
        #expect(outcome.consumed == text.utf8.count)
        #expect(outcome.unterminatedQuoteAt == nil)
    }

    /// A buffer may end anywhere, as a reader's chunk (or mapped window) does: at every cut, the
    /// records parsed before it and after it are the records of the whole text. A cut between a
    /// quoted field's `\r` and its `\n` once ended the record at the `\r` and made the `\n` a
    /// blank record of its own; a cut in the text after a closing quote once ended the record
    /// there.
    @Test func recordsSurviveACutAtEveryByte() {
        let text = "name,ic,address\r\n\"Tan, Ah Kow\",900101-14-5678,\"No. 1, Jalan \"\"Satu\"\"\nTaman Dua\"\r\n"
            + "\"quoted\"stray text,x\r\nSiti,,\n\"a\",\"b\"\r\nlast,row,no newline"
        let bytes = Array(text.utf8)
        func records(_ batch: RecordBatch, _ buffer: [UInt8]) -> [[String]] {
            var batch = batch
            batch.bytes = buffer
            return (0 ..< batch.recordCount).map { r in batch.fields(ofRecord: r).map { batch.string(field: $0) } }
        }
        let parser = CSVParser(delimiter: 0x2C, maxRecordBytes: 1 << 20)
        var whole = RecordBatch()
        _ = bytes.withUnsafeBufferPointer { parser.parse($0, final: true, into: &whole, baseOffset: 0, firstLine: 1, bufferBase: 0) }
        let expected = records(whole, bytes)
        #expect(expected.count == 6)
        for cut in 0 ... bytes.count {
            var first = RecordBatch()
            let head = Array(bytes[..<cut])
            let outcome = head.withUnsafeBufferPointer { parser.parse($0, final: false, into: &first, baseOffset: 0, firstLine: 1, bufferBase: 0) }
            let rest = Array(bytes[outcome.consumed...])
            var second = RecordBatch()
            _ = rest.withUnsafeBufferPointer { parser.parse($0, final: true, into: &second, baseOffset: outcome.consumed, firstLine: 1 + outcome.linesConsumed, bufferBase: 0) }
            #expect(records(first, head) + records(second, rest) == expected, "cut at byte \(cut)")
            #expect(first.recordLine + second.recordLine == whole.recordLine, "cut at byte \(cut)")
        }
    }
}
