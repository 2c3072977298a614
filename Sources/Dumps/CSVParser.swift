import CByteScan

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

    init(delimiter: UInt8, maxRecordBytes: Int, maxColumns: Int = 4096) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.maxColumns = maxColumns
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
    func parse(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RecordBatch, baseOffset: Int, firstLine: Int, bufferBase: Int) -> Outcome {
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
        // The fields of the batch's records, kept here and handed to the batch in one append per
        // array when the parse ends (three appends per field cost more than finding the field,
        // and three per record still took 2 % of a scan). A record dropped or cut short takes
        // its fields back out.
        var open = OpenFields(capacity: max(batch.fieldStart.capacity - batch.fieldStart.count, maxFields, 1024), firstIndex: batch.fieldStart.count)
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
        defer { batch.asciiOnly = seen & 0x8080_8080_8080_8080 == 0 && plain.high == 0 && quoted.high == 0 }

        recordLoop: while i < n {
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
                                open.end(into: &batch, line: recordLine, offset: baseOffset + recordStart)
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
                open.end(into: &batch, line: recordLine, offset: baseOffset + recordStart)
            }
            consumed = i
            linesAtConsumed = line - firstLine
        }
        return Outcome(consumed: consumed, linesConsumed: linesAtConsumed, strayQuoteLines: stray, oversized: oversized, tooWide: tooWide, unterminatedQuoteAt: unterminated)
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

/// The fields of one parse's records, in memory of the parser's own: `end` closes a record (its
/// line and offset go to the batch), `finish` appends the fields of the closed records to the
/// batch at once.
private struct OpenFields {
    private var starts: UnsafeMutablePointer<Int32>
    private var lengths: UnsafeMutablePointer<Int32>
    private var flags: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Where the open record's fields start.
    private var recordStart = 0
    /// The batch's field count before this parse (its fields' indices go on from there).
    private let firstIndex: Int

    init(capacity: Int, firstIndex: Int) {
        self.capacity = max(capacity, 1)
        self.firstIndex = firstIndex
        starts = .allocate(capacity: self.capacity)
        lengths = .allocate(capacity: self.capacity)
        flags = .allocate(capacity: self.capacity)
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

    /// Drops the open record's fields.
    @inline(__always)
    mutating func discardRecord() {
        count = recordStart
    }

    /// Closes the open record: its fields stay, its line and offset go to the batch.
    mutating func end(into batch: inout RecordBatch, line: Int, offset: Int) {
        recordStart = count
        batch.endRecord(fieldCount: firstIndex + count, line: line, offset: offset)
    }

    private mutating func grow() {
        let larger = capacity * 2
        func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: larger)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        starts = moved(starts)
        lengths = moved(lengths)
        flags = moved(flags)
        capacity = larger
    }

    /// Appends the closed records' fields to the batch and frees the memory.
    func finish(into batch: inout RecordBatch) {
        batch.fieldStart.append(contentsOf: UnsafeBufferPointer(start: starts, count: recordStart))
        batch.fieldLength.append(contentsOf: UnsafeBufferPointer(start: lengths, count: recordStart))
        batch.fieldFlags.append(contentsOf: UnsafeBufferPointer(start: flags, count: recordStart))
        starts.deallocate()
        lengths.deallocate()
        flags.deallocate()
    }
}
