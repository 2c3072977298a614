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

/// The block loop (`CSVParser.blockRecords`) against the record loop alone: on random inputs
/// made of the bytes that matter (delimiters, quotes, `\r`, `\n`, a non-ASCII byte) among
/// letters, both parses give the same batch, field for field, and the same outcome. Most records
/// are regular (quoted fields that open and close where a field starts and ends), so the block
/// loop reads long runs of them, and every kind of irregular record stops it somewhere.
@Suite("CSV parser's block loop")
struct CSVBlockLoopTests {
    struct Parsed: Equatable {
        var fieldStart: FieldArray<Int32>, fieldLength: FieldArray<Int32>, fieldFlags: FieldArray<UInt8>
        var recordFirstField: [Int32], recordLine: [Int], recordOffset: [Int]
        var asciiOnly: Bool
        var consumed: Int, linesConsumed: Int, strayQuoteLines: [Int]
        var oversized: [Int], tooWide: [Int], unterminated: Int?
    }

    static func parse(_ bytes: [UInt8], blocks: Bool, wide: Bool = false, final: Bool, maxRecordBytes: Int, maxColumns: Int, delimiter: UInt8) -> Parsed {
        var batch = RecordBatch()
        let parser = CSVParser(delimiter: delimiter, maxRecordBytes: maxRecordBytes, maxColumns: maxColumns, blocks: blocks, wide: wide)
        let o = bytes.withUnsafeBufferPointer { parser.parse($0, final: final, into: &batch, baseOffset: 1000, firstLine: 7, bufferBase: 3) }
        return Parsed(
            fieldStart: batch.fieldStart, fieldLength: batch.fieldLength, fieldFlags: batch.fieldFlags,
            recordFirstField: batch.recordFirstField, recordLine: batch.recordLine, recordOffset: batch.recordOffset,
            asciiOnly: batch.asciiOnly, consumed: o.consumed, linesConsumed: o.linesConsumed, strayQuoteLines: o.strayQuoteLines,
            oversized: o.oversized.map(\.offset), tooWide: o.tooWide.map(\.offset), unterminated: o.unterminatedQuoteAt?.offset
        )
    }

    /// A random record: plain and quoted fields, and now and then one of the irregular shapes.
    static func record(_ random: inout SeededGenerator, delimiter: UInt8, irregularity: UInt64) -> [UInt8] {
        func next(_ bound: UInt64) -> Int { Int(random.next() % bound) }
        var out: [UInt8] = []
        let fields = 1 + next(14)
        for f in 0 ..< fields {
            if f > 0 { out.append(delimiter) }
            var word = (0 ..< next(12)).map { _ in UInt8(ascii: "a") + UInt8(next(26)) }
            if next(40) == 0 { word.append(0xC3); word.append(0xA9) }
            switch next(8) {
            case 0, 1:
                // Quoted, with the delimiter or a space inside.
                out.append(0x22)
                out += word
                if next(2) == 0 { out.append(delimiter) }
                out += word.prefix(3)
                out.append(0x22)
            default:
                out += word
            }
            if random.next() % irregularity == 0 {
                let shapes: [[UInt8]] = [
                    [0x22, 0x22],  // a doubled quote, or a quote inside a plain field
                    [0x61, 0x22, 0x62],  // a quote inside a plain field
                    [0x22, 0x61, 0x0A, 0x62, 0x22],  // a line feed inside quotes
                    [0x22, 0x61, 0x22, 0x78],  // text after a closing quote
                    [0x22, 0x61],  // a quote that never closes (until a later one)
                    [0x0D],  // a lone `\r`
                    [0x22, 0x61, 0x22, 0x0D],  // a closing quote and `\r` not before `\n`
                ]
                out += shapes[next(UInt64(shapes.count))]
            }
        }
        if next(6) == 0 { out.append(0x0D) }
        out.append(0x0A)
        if next(50) == 0 { out.append(0x0A) }  // a blank line
        return out
    }

    /// Blocks classified with SSE2, and with AVX-512 where the CPU has it (`wideAvailable`; the
    /// CI machines do, and a machine without it runs the SSE2 classifier only).
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")], CSVParser.wideAvailable ? [false, true] : [false])
    func sameAsTheRecordLoop(delimiter: UInt8, wide: Bool) {
        var random = SeededGenerator(seed: 0xB10C_0000 | UInt64(delimiter))
        var (differ, inputs, records) = (0, 0, 0)
        for round in 0 ..< 1500 {
            // From clean runs (the block loop reads them whole) to one irregular field in ten.
            let irregularity: UInt64 = [10, 60, 400, 5000][round % 4]
            var bytes: [UInt8] = []
            for _ in 0 ..< 1 + Int(random.next() % 60) {
                bytes += CSVBlockLoopTests.record(&random, delimiter: delimiter, irregularity: irregularity)
            }
            // Cut anywhere: a buffer that is not the last leaves its cut record to the next.
            if random.next() % 2 == 0 { bytes.removeLast(Int(random.next() % UInt64(min(bytes.count, 90)))) }
            for final in [false, true] {
                // Limits now and then low enough that records break them.
                let maxRecordBytes = random.next() % 4 == 0 ? 40 + Int(random.next() % 80) : 1 << 20
                let maxColumns = random.next() % 4 == 0 ? 3 + Int(random.next() % 8) : 4096
                let a = CSVBlockLoopTests.parse(bytes, blocks: true, wide: wide, final: final, maxRecordBytes: maxRecordBytes, maxColumns: maxColumns, delimiter: delimiter)
                let b = CSVBlockLoopTests.parse(bytes, blocks: false, final: final, maxRecordBytes: maxRecordBytes, maxColumns: maxColumns, delimiter: delimiter)
                if a != b {
                    differ += 1
                    if differ <= 3 { Issue.record("differs (final \(final), max \(maxRecordBytes) bytes, \(maxColumns) columns): \(String(decoding: bytes, as: UTF8.self).debugDescription)") }
                }
                inputs += 1
                records += b.recordLine.count
            }
        }
        #expect(differ == 0)
        #expect(inputs == 3000 && records > 50_000, "\(records) records")
    }

    /// The block loop reads a clean file's records itself: none of them goes through the record
    /// loop, which would hide a block loop that gave up at every record.
    @Test func readsCleanRecordsItself() {
        var random = SeededGenerator(seed: 42)
        var bytes: [UInt8] = []
        for _ in 0 ..< 2000 { bytes += CSVBlockLoopTests.record(&random, delimiter: 0x2C, irregularity: .max) }
        let parser = CSVParser(delimiter: 0x2C, maxRecordBytes: 1 << 20)
        var batch = RecordBatch()
        var stop = (next: 0, recordsUntil: 0)
        var line = 1
        bytes.withUnsafeBufferPointer { buf in
            var open = OpenFields(capacity: 1024, firstIndex: 0)
            var high: UInt64 = 0
            stop = parser.blockRecords(buf, from: 0, line: &line, open: &open, high: &high, baseOffset: 0, bufferBase: 0)
            open.finish(into: &batch)
        }
        #expect(stop.recordsUntil == bytes.count)
        #expect(bytes.count - stop.next < 64 + 200, "stopped at \(stop.next) of \(bytes.count)")
        #expect(batch.recordCount > 1900)
    }
}
