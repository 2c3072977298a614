import CByteScan
import Synchronization

/// RFC 4180 record parser over a byte buffer, with the usual leniencies of real exports: `\n` or
/// `\r\n` line ends, a quote that does not open a field taken literally, and text after a closing
/// quote kept in the field (counted as a warning).
///
/// It never copies field bytes: fields are recorded as offsets into the buffer.
struct CSVParser {
    let delimiter: UInt8
    let quote: UInt8 = UInt8(ascii: "\"")
    /// A complete record longer than this is dropped and reported instead of kept.
    let maxRecordBytes: Int
    /// A record with more fields than this is dropped and reported instead of kept; fields past
    /// the limit are scanned but never recorded, so a record of millions of empty fields costs
    /// no more than one of `maxColumns`.
    let maxColumns: Int
    /// Whether runs of plain records go through the 64-byte block loop (`blockRecords`); off, every
    /// record goes through the byte-at-a-field loop, which the tests compare it with.
    let blocks: Bool
    /// Whether the block loop classifies a block with AVX-512 (one compare per mask), else SSE2.
    let wide: Bool

    /// Whether this CPU (and its OS) runs AVX-512BW.
    static let wideAvailable = lt_cpu_has_avx512bw() != 0

    init(delimiter: UInt8, maxRecordBytes: Int, maxColumns: Int = 4096, blocks: Bool = true, wide: Bool = CSVParser.wideAvailable) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.maxColumns = maxColumns
        self.blocks = blocks
        self.wide = wide && CSVParser.wideAvailable
    }

    struct Outcome {
        /// Bytes of the buffer that were turned into complete records.
        var consumed: Int
        /// Lines passed in the consumed bytes.
        var linesConsumed: Int
        /// Fields with text after their closing quote, by record line.
        var strayQuoteLines: [Int]
        /// Records dropped for exceeding `maxRecordBytes`: line and file offset.
        var oversized: [(line: Int, offset: Int)]
        /// Records dropped for having more than `maxColumns` fields: line and file offset.
        var tooWide: [(line: Int, offset: Int)]
        /// Set when `final` and the buffer ends inside a quoted field.
        var unterminatedQuoteAt: (line: Int, offset: Int)?
    }

    /// The index of the first byte equal to `a` or `b` at or after `start` (`buf.count` if none):
    /// eight bytes per step, with the zero-byte test of Hacker's Delight §6-1 on the bytes XORed
    /// with `a` and with `b`. The lowest flagged byte is always a real match (the test's false
    /// positives lie only above a real zero byte). Every byte it reads, from `start` up to the
    /// match, is ORed into `seen` (so the parser learns whether a field holds a non-ASCII byte
    /// without a second pass). `ByteCursor` answers the same 64 bytes at a time, and leaves the
    /// last bytes of a buffer, short of a window, to this.
    @inline(__always)
    static func firstOf(_ a: UInt8, _ b: UInt8, in buf: UnsafeBufferPointer<UInt8>, from start: Int, seen: inout UInt64) -> Int {
        let n = buf.count
        var i = start
        if let base = buf.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let d = ones &* UInt64(a)
            let l = ones &* UInt64(b)
            while i &+ 8 <= n {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                seen |= w
                let x = w ^ d
                let y = w ^ l
                let z = (((x &- ones) & ~x) | ((y &- ones) & ~y)) & highs
                if z != 0 { return i &+ (z.trailingZeroBitCount >> 3) }
                i &+= 8
            }
        }
        while i < n {
            let byte = buf[i]
            seen |= UInt64(byte)
            if byte == a || byte == b { break }
            i &+= 1
        }
        return i
    }

    /// Parses complete records from `buf` into `batch`.
    ///
    /// - Parameters:
    ///   - buf: the bytes; a record cut at the end is left unconsumed unless `final`.
    ///   - final: the end of the input: a last record without a line end is complete.
    ///   - baseOffset: file offset of `buf[0]`, for record offsets.
    ///   - firstLine: line number of `buf[0]`.
    ///   - expectedFields: how many fields the batch is likely to hold: room is made for them at
    ///     once, and doubled when more come.
    func parse(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RecordBatch, baseOffset: Int, firstLine: Int, bufferBase: Int, expectedFields: Int = 0) -> Outcome {
        let n = buf.count
        let delim = delimiter
        let q = quote
        let nl = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var i = 0
        var line = firstLine
        var consumed = 0
        var linesAtConsumed = 0
        var stray: [Int] = []
        var unterminated: (Int, Int)?
        var oversized: [(line: Int, offset: Int)] = []
        var tooWide: [(line: Int, offset: Int)] = []
        let maxFields = maxColumns
        // The fields of the batch's records, kept here and handed to the batch when the parse ends
        // (three appends per field cost more than finding the field, and three per record still
        // took 2 % of a scan). A record dropped or cut short takes its fields back out.
        var open = OpenFields(capacity: max(expectedFields, maxFields, 1024), firstIndex: batch.fieldStart.count)
        defer { open.finish(into: &batch) }
        // Every field byte passes through a cursor's window (its `high`), `firstOf` or the
        // stray-text loop (`seen`): together they tell the batch whether it holds only ASCII (a
        // few bytes past the last record may count too, which can only make the answer "not
        // only ASCII").
        var seen: UInt64 = 0
        // Where plain fields end (a delimiter or a line feed) and where quoted ones may (a quote
        // or a line feed, which is counted).
        var plain = ByteCursor(delim, nl)
        var quoted = ByteCursor(q, nl)
        // The blocks the block loop classified (`lt_csv_classify_blocks`'s `high`).
        var blockHigh: UInt64 = 0
        defer { batch.asciiOnly = seen & 0x8080_8080_8080_8080 == 0 && plain.high == 0 && quoted.high == 0 && blockHigh == 0 }
        // The record loop below takes over from the block loop until here: past a block the
        // block loop would not read, or to the end.
        var recordsUntil = blocks ? 0 : n
        // Bytes the record loop reads before the block loop is tried again, after a try that
        // read no record: doubled at each such try, so that a file whose every record is
        // irregular (a doubled quote in each) is left to the record loop.
        var backoff = 0

        recordLoop: while i < n {
            if i >= recordsUntil {
                open.discardRecord()
                let stop = blockRecords(buf, from: i, line: &line, open: &open, high: &blockHigh, baseOffset: baseOffset, bufferBase: bufferBase)
                backoff = stop.next == i ? min(max(2 * backoff, 256), 1 << 16) : 0
                i = stop.next
                recordsUntil = max(stop.recordsUntil, i + backoff)
                consumed = i
                linesAtConsumed = line - firstLine
                if i >= n { break recordLoop }
            }
            let recordStart = i
            let recordLine = line
            // Fields of this record (counted; past `maxFields` no longer recorded).
            var fields = 0
            open.discardRecord()
            fieldLoop: while true {
                if i < n && buf[i] == q {
                    // Quoted field.
                    i += 1
                    let fieldStart = i
                    var flags: UInt8 = 0
                    var closed = false
                    while true {
                        // Only a quote or a line feed (counted) matters inside the quotes.
                        i = quoted.next(from: i, in: buf, seen: &seen)
                        if i >= n { break }
                        let b = buf[i]
                        if b == q {
                            if i + 1 < n && buf[i + 1] == q {
                                flags |= RecordBatch.flagEscapedQuotes
                                i += 2
                                continue
                            }
                            if i + 1 >= n && !final {
                                break  // cannot tell `"` from `""` yet
                            }
                            closed = true
                            break
                        }
                        if b == nl { line += 1 }
                        i += 1
                    }
                    if !closed {
                        if final {
                            unterminated = (recordLine, baseOffset + recordStart)
                            // Take the rest as the field so that nothing is silently dropped.
                            fields += 1
                            if fields <= maxFields {
                                open.add(start: bufferBase + fieldStart, length: n - fieldStart, flags: flags)
                                open.end(line: recordLine, offset: baseOffset + recordStart)
                            } else {
                                open.discardRecord()
                                tooWide.append((recordLine, baseOffset + recordStart))
                            }
                            i = n
                            consumed = n
                            linesAtConsumed = line - firstLine
                        } else {
                            open.discardRecord()
                            line = recordLine
                        }
                        break recordLoop
                    }
                    var fieldEnd = i
                    i += 1  // past the closing quote
                    if i >= n && !final {
                        open.discardRecord()
                        line = recordLine
                        break recordLoop
                    }
                    if i < n && buf[i] != delim && buf[i] != nl && buf[i] != cr {
                        // Text after the closing quote: keep it in the field (lenient), note it.
                        stray.append(recordLine)
                        while i < n && buf[i] != delim && buf[i] != nl {
                            seen |= UInt64(buf[i])
                            i += 1
                        }
                        if i >= n && !final {
                            // The stray text may go on past the buffer.
                            open.discardRecord()
                            line = recordLine
                            break recordLoop
                        }
                        fieldEnd = i
                        if fieldEnd > fieldStart && buf[fieldEnd - 1] == cr { fieldEnd -= 1 }
                    }
                    fields += 1
                    if fields <= maxFields { open.add(start: bufferBase + fieldStart, length: fieldEnd - fieldStart, flags: flags) }
                } else {
                    let fieldStart = i
                    i = plain.next(from: i, in: buf, seen: &seen)
                    // The common case, a field ended by a delimiter with more bytes after it:
                    // what the general path below does for it, without its line-end tests.
                    if i + 1 < n && buf[i] == delim {
                        fields += 1
                        if fields <= maxFields { open.add(start: bufferBase + fieldStart, length: i - fieldStart, flags: 0) }
                        i += 1
                        continue fieldLoop
                    }
                    var fieldEnd = i
                    if i < n && buf[i] == nl && fieldEnd > fieldStart && buf[fieldEnd - 1] == cr { fieldEnd -= 1 }
                    if i >= n && !final {
                        open.discardRecord()
                        line = recordLine
                        break recordLoop
                    }
                    if i >= n && fieldEnd > fieldStart && buf[fieldEnd - 1] == cr { fieldEnd -= 1 }
                    fields += 1
                    if fields <= maxFields { open.add(start: bufferBase + fieldStart, length: fieldEnd - fieldStart, flags: 0) }
                }
                // After a field: delimiter, line end, or end of input.
                if i < n && buf[i] == delim {
                    i += 1
                    if i >= n && !final {
                        open.discardRecord()
                        line = recordLine
                        break recordLoop
                    }
                    if i >= n {
                        fields += 1
                        if fields <= maxFields { open.add(start: bufferBase + i, length: 0, flags: 0) }
                        break fieldLoop
                    }
                    continue fieldLoop
                }
                if i < n && buf[i] == cr {
                    i += 1
                    if i >= n && !final {
                        // A line feed may follow in the next buffer: ending the record here
                        // would make it a blank record of its own.
                        open.discardRecord()
                        line = recordLine
                        break recordLoop
                    }
                }
                if i < n && buf[i] == nl {
                    i += 1
                    line += 1
                }
                break fieldLoop
            }
            if i - recordStart > maxRecordBytes {
                open.discardRecord()
                oversized.append((recordLine, baseOffset + recordStart))
            } else if fields > maxFields {
                open.discardRecord()
                tooWide.append((recordLine, baseOffset + recordStart))
            } else {
                open.end(line: recordLine, offset: baseOffset + recordStart)
            }
            consumed = i
            linesAtConsumed = line - firstLine
        }
        return Outcome(consumed: consumed, linesConsumed: linesAtConsumed, strayQuoteLines: stray, oversized: oversized, tooWide: tooWide, unterminatedQuoteAt: unterminated)
    }

    /// Parses whole records from `start` (a record's first byte) 64 bytes at a time, as long as
    /// the records are regular, and returns the first record it left (`next`) and where the record
    /// loop of `parse` must take over until (`recordsUntil`).
    ///
    /// A block's quotes, delimiters and line feeds come as bit masks (`lt_csv_classify_blocks`); the
    /// bits inside quotes are the prefix XOR of the quote bits, carried from block to block, so
    /// a field's end is the next delimiter or line feed outside quotes: one trailing-zero count
    /// per field, where the record loop tests the field's first byte, asks a cursor, and tests
    /// what ended it.
    ///
    /// Regular means the records read the same either way: every quote opens a field (right
    /// after a field's end) or closes one (right before a field's end, or before `\r\n`), and no
    /// line feed lies inside quotes. Anything else (a doubled quote, a quote inside a plain
    /// field, text after a closing quote, a line feed inside quotes, a record too wide or too
    /// long) stops it at the record it is in, which the record loop then reads with the
    /// leniencies it documents; so do the last bytes, short of a block.
    @inline(never)
    func blockRecords(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, line: inout Int, open: inout OpenFields, high: inout UInt64, baseOffset: Int, bufferBase: Int) -> (next: Int, recordsUntil: Int) {
        let n = buf.count
        guard let base = buf.baseAddress, n - start >= 64 else { return (start, n) }
        let q = quote
        let cr = UInt8(ascii: "\r")
        let maxFields = maxColumns
        var recordStart = start
        var fieldStart = start
        var block = start
        // All ones when the block starts inside quotes.
        var inside: UInt64 = 0
        // Bit 0: the byte before the block ended a field (or the block starts a record).
        var endedBefore: UInt64 = 1
        // Bit 0: the byte before the block closed a quoted field.
        var closedBefore: UInt64 = 0
        // The open fields, written through local pointers (a block adds at most 64).
        var fields = open.writer(reserving: 64)
        var recordFields = fields.count
        // Blocks are classified up to `classifiedAtOnce` at a time into `masks` (quotes, ends,
        // line feeds), so the classifier is a call per 2 KiB, not per block. A run starts with
        // one block and doubles, so a run that stops early has classified little it did not use.
        let classifiedAtOnce = 32
        var classifying = 1
        let wide: Int32 = self.wide ? 1 : 0
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * classifiedAtOnce) { masks -> (next: Int, recordsUntil: Int) in
            let quotes = masks.baseAddress!
            let endings = quotes + classifiedAtOnce
            let newlines = endings + classifiedAtOnce
            var classified = 0
            var used = 0
            while block &+ 64 <= n {
                if used == classified {
                    classified = min(classifying, (n &- block) / 64)
                    classifying = min(2 * classifying, classifiedAtOnce)
                    used = 0
                    lt_csv_classify_blocks(base + block, classified, delimiter, q, wide, quotes, endings, newlines, &high)
                }
                let m = (quote: quotes[used], ends: endings[used], newline: newlines[used])
                used &+= 1
                var x = m.quote
                x ^= x << 1
                x ^= x << 2
                x ^= x << 4
                x ^= x << 8
                x ^= x << 16
                x ^= x << 32
                // Bit k: byte k is an opening quote or inside quotes (a closing quote is not).
                let quotedBits = x ^ inside
                inside = UInt64(bitPattern: Int64(bitPattern: quotedBits) >> 63)
                let ends = m.ends & ~quotedBits
                let opening = m.quote & quotedBits
                let closing = m.quote & ~quotedBits
                let afterClosing = closing << 1 | closedBefore
                var irregular = opening & ~(ends << 1 | endedBefore) | m.newline & quotedBits
                if afterClosing & ~ends != 0 {
                    // Only `\r\n` may follow a closing quote, other than a field's end.
                    let returns = afterClosing & ~ends & lt_eq64(base + block, cr)
                    // A `\r` that ends the block is followed by the next block's first byte.
                    let lineFeedNext: UInt64 = block &+ 64 < n && base[block &+ 64] == UInt8(ascii: "\n") ? 1 : 0
                    irregular |= afterClosing & ~ends & ~returns | returns << 1 & ~m.newline | returns >> 63 & ~lineFeedNext
                }
                if irregular != 0 || fields.count &- recordFields > maxFields {
                    open.set(fields)
                    return (recordStart, block &+ 64)
                }
                endedBefore = ends >> 63
                closedBefore = closing >> 63
                if fields.count &+ 64 > fields.capacity {
                    open.set(fields)
                    fields = open.writer(reserving: 64)
                }

                var t = ends
                while t != 0 {
                    let k = t.trailingZeroBitCount
                    t &= t &- 1
                    let p = block &+ k
                    var e = p
                    if (m.newline >> UInt64(k)) & 1 != 0 {
                        if e > fieldStart && base[e &- 1] == cr { e &-= 1 }
                        let quoted = base[fieldStart] == q ? 1 : 0
                        fields.add(start: bufferBase &+ fieldStart &+ quoted, length: e &- fieldStart &- 2 &* quoted)
                        fieldStart = p &+ 1
                        if fields.count &- recordFields > maxFields || p &+ 1 &- recordStart > maxRecordBytes {
                            open.set(fields)
                            return (recordStart, block &+ 64)
                        }
                        open.set(fields)
                        open.end(line: line, offset: baseOffset &+ recordStart)
                        recordFields = fields.count
                        line &+= 1
                        recordStart = p &+ 1
                    } else {
                        let quoted = base[fieldStart] == q ? 1 : 0
                        fields.add(start: bufferBase &+ fieldStart &+ quoted, length: e &- fieldStart &- 2 &* quoted)
                        fieldStart = p &+ 1
                    }
                }
                block &+= 64
            }
            open.set(fields)
            return (recordStart, n)
        }
    }
}

/// The next byte equal to `a` or `b` (a field's end), found 64 bytes at a time: one mask of a
/// 64-byte window (`lt_match64`), kept while fields end inside it. A field then costs a shift and
/// a trailing-zero count; `firstOf`'s loop, eight bytes a step, left the branch predictor to
/// guess at every field's end whether one more step was needed, and it missed.
///
/// The parser asks at increasing positions; a window is a function of the bytes alone, so what
/// the parser reads in between with another cursor leaves it valid.
struct ByteCursor {
    let a: UInt8
    let b: UInt8
    /// The window's first byte (far below any position before the first window).
    private var start = Int.min / 2
    /// Bit `k`: byte `start + k` is `a` or `b`.
    private var mask: UInt64 = 0
    /// Not 0 once a window held a byte that is not ASCII (`lt_match64`'s `high`): every byte
    /// between a position asked for and the end found lies in a window or went through `seen`.
    private(set) var high: UInt64 = 0

    init(_ a: UInt8, _ b: UInt8) {
        self.a = a
        self.b = b
    }

    /// What `CSVParser.firstOf(a, b, in: buf, from: position, ...)` answers. `position` is never
    /// below that of the previous call on the same buffer. Bytes read past the last 64-byte
    /// window go through `firstOf` (and `seen`).
    @inline(__always)
    mutating func next(from position: Int, in buf: UnsafeBufferPointer<UInt8>, seen: inout UInt64) -> Int {
        var i = position
        while true {
            let offset = i &- start
            if UInt(bitPattern: offset) < 64 {
                let rest = mask >> UInt64(offset)
                if rest != 0 { return i &+ rest.trailingZeroBitCount }
                i = start &+ 64
            }
            guard let base = buf.baseAddress, i &+ 64 <= buf.count else {
                return CSVParser.firstOf(a, b, in: buf, from: i, seen: &seen)
            }
            start = i
            mask = lt_match64(base + i, a, b, &high)
        }
    }
}

/// The fields and records of one parse, in memory of the parser's own: `end` closes a record,
/// `finish` hands the closed records and their fields to the batch at once (appending to the
/// batch's arrays field by field, or record by record, checked each time that an array's buffer
/// was unique). The field arrays become the batch's own, not copied: the copy was 5 % of a
/// scan's samples, and without it a scan takes about 2 % less CPU (see `FieldArray`).
struct OpenFields {
    /// The fields' arrays, handed to the batch as they are when the parse ends: the parse writes
    /// their elements through `starts`, `lengths` and `flags` and sets their counts at the end.
    private var startArray: FieldArray<Int32>
    private var lengthArray: FieldArray<Int32>
    private var flagArray: FieldArray<UInt8>
    private var starts: UnsafeMutablePointer<Int32>
    private var lengths: UnsafeMutablePointer<Int32>
    private var flags: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Where the open record's fields start.
    private var recordStart = 0
    /// The batch's field count before this parse (its fields' indices go on from there).
    private let firstIndex: Int
    /// The closed records: where their fields end (in the batch's numbering), lines, offsets.
    private var recordEnds: UnsafeMutablePointer<Int32>
    private var recordLines: UnsafeMutablePointer<Int>
    private var recordOffsets: UnsafeMutablePointer<Int>
    private var records = 0
    private var recordCapacity: Int

    init(capacity: Int, firstIndex: Int) {
        self.firstIndex = firstIndex
        self.capacity = max(capacity, 1)
        startArray = FieldArray(capacity: self.capacity)
        lengthArray = FieldArray(capacity: self.capacity)
        flagArray = FieldArray(capacity: self.capacity)
        (starts, lengths, flags) = (startArray.unsafeElements, lengthArray.unsafeElements, flagArray.unsafeElements)
        let wantedRecords = max(self.capacity / 8, 16)
        if let kept = RecordBuffers.take(capacity: wantedRecords) {
            (recordEnds, recordLines, recordOffsets, recordCapacity) = (kept.recordEnds, kept.recordLines, kept.recordOffsets, kept.capacity)
            return
        }
        recordCapacity = wantedRecords
        recordEnds = .allocate(capacity: recordCapacity)
        recordLines = .allocate(capacity: recordCapacity)
        recordOffsets = .allocate(capacity: recordCapacity)
    }

    /// Records a field of the open record.
    @inline(__always)
    mutating func add(start: Int, length: Int, flags flag: UInt8) {
        if count == capacity { grow() }
        starts[count] = Int32(truncatingIfNeeded: start)
        lengths[count] = Int32(truncatingIfNeeded: length)
        flags[count] = flag
        count += 1
    }

    /// The field memory for a loop that writes fields itself, with room for `extra` more: valid
    /// until the next call that may grow it; `set` hands its count back.
    mutating func writer(reserving extra: Int) -> Writer {
        while count + extra > capacity { grow() }
        return Writer(starts: starts, lengths: lengths, flags: flags, count: count, capacity: capacity)
    }

    mutating func set(_ writer: Writer) { count = writer.count }

    struct Writer {
        let starts: UnsafeMutablePointer<Int32>
        let lengths: UnsafeMutablePointer<Int32>
        let flags: UnsafeMutablePointer<UInt8>
        var count: Int
        let capacity: Int

        /// Adds a field without doubled quotes; the caller has made room.
        @inline(__always)
        mutating func add(start: Int, length: Int) {
            starts[count] = Int32(truncatingIfNeeded: start)
            lengths[count] = Int32(truncatingIfNeeded: length)
            flags[count] = 0
            count &+= 1
        }
    }

    /// Drops the open record's fields.
    @inline(__always)
    mutating func discardRecord() {
        count = recordStart
    }

    /// Closes the open record (which starts at file offset `offset`, on line `line`): its
    /// fields stay.
    @inline(__always)
    mutating func end(line: Int, offset: Int) {
        recordStart = count
        if records == recordCapacity { growRecords() }
        recordEnds[records] = Int32(truncatingIfNeeded: firstIndex + count)
        recordLines[records] = line
        recordOffsets[records] = offset
        records += 1
    }

    /// Doubles `recordCapacity` and moves the closed records to new buffers of that size.
    private mutating func growRecords() {
        let (count, capacity) = (records, recordCapacity * 2)
        func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        (recordEnds, recordLines, recordOffsets) = (moved(recordEnds), moved(recordLines), moved(recordOffsets))
        recordCapacity *= 2
    }

    /// Doubles `capacity`: the field arrays move to new memory with the fields written so far.
    private mutating func grow() {
        startArray.unsafeSetCount(count)
        lengthArray.unsafeSetCount(count)
        flagArray.unsafeSetCount(count)
        capacity *= 2
        startArray.reserveCapacity(capacity)
        lengthArray.reserveCapacity(capacity)
        flagArray.reserveCapacity(capacity)
        (starts, lengths, flags) = (startArray.unsafeElements, lengthArray.unsafeElements, flagArray.unsafeElements)
    }

    /// Hands the closed records and their fields to the batch (the field arrays themselves when
    /// the batch has no fields yet) and keeps the record buffers for the next parse.
    mutating func finish(into batch: inout RecordBatch) {
        startArray.unsafeSetCount(recordStart)
        lengthArray.unsafeSetCount(recordStart)
        flagArray.unsafeSetCount(recordStart)
        if batch.fieldStart.isEmpty {
            (batch.fieldStart, batch.fieldLength, batch.fieldFlags) = (startArray, lengthArray, flagArray)
        } else {
            batch.fieldStart.append(contentsOf: startArray)
            batch.fieldLength.append(contentsOf: lengthArray)
            batch.fieldFlags.append(contentsOf: flagArray)
        }
        batch.recordFirstField.append(contentsOf: UnsafeBufferPointer(start: recordEnds, count: records))
        batch.recordLine.append(contentsOf: UnsafeBufferPointer(start: recordLines, count: records))
        batch.recordOffset.append(contentsOf: UnsafeBufferPointer(start: recordOffsets, count: records))
        RecordBuffers.give(RecordBuffers(recordEnds: recordEnds, recordLines: recordLines, recordOffsets: recordOffsets, capacity: recordCapacity))
    }
}

/// An `OpenFields`' record buffers, kept for the next parse (taking them anew from `malloc` each
/// time came back as fresh pages, page faults on the reading thread). At most `kept` sets wait
/// here (the largest); the rest are freed. The field arrays go to the batch.
struct RecordBuffers: @unchecked Sendable {
    var recordEnds: UnsafeMutablePointer<Int32>
    var recordLines: UnsafeMutablePointer<Int>
    var recordOffsets: UnsafeMutablePointer<Int>
    var capacity: Int

    static let kept = 2
    private static let pool = Mutex<[RecordBuffers]>([])

    /// Kept buffers for at least `capacity` records, if any wait.
    static func take(capacity: Int) -> RecordBuffers? {
        pool.withLock { pool in
            guard let i = pool.firstIndex(where: { $0.capacity >= capacity }) else { return nil }
            return pool.remove(at: i)
        }
    }

    static func give(_ buffers: RecordBuffers) {
        let dropped: RecordBuffers? = pool.withLock { pool in
            pool.append(buffers)
            guard pool.count > kept, let smallest = pool.indices.min(by: { pool[$0].capacity < pool[$1].capacity }) else { return nil }
            return pool.remove(at: smallest)
        }
        dropped?.deallocate()
    }

    private func deallocate() {
        recordEnds.deallocate()
        recordLines.deallocate()
        recordOffsets.deallocate()
    }
}
