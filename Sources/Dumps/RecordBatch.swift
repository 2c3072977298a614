/// A run of whole records parsed from one chunk of input, in a compact columnar form that a scan
/// worker can classify without making a `String` per field.
///
/// Field `i` is bytes `fieldStart[i] ..< fieldStart[i] + fieldLength[i]` of `withBytes`'s buffer
/// (`bytes`, or a mapped file's for a plain CSV file read in place). Record `r` has fields
/// `recordFirstField[r] ..< recordFirstField[r + 1]` (the last entry is a sentinel). For CSV the
/// column of a field is its position in the record; for NDJSON it is `fieldColumn[i]`.
public struct RecordBatch: Sendable {
    /// The bytes the fields point into: the raw chunk for CSV, decoded values for NDJSON. Empty
    /// when the batch points into a mapped file instead (`mapped`); read them with `withBytes`.
    public var bytes: [UInt8]
    /// The batch's bytes when they lie in a mapped file (a plain CSV file read in place).
    public var mapped: MappedBytes? = nil
    public var fieldStart: FieldArray<Int32>
    public var fieldLength: FieldArray<Int32>
    /// Bit 0: a quoted CSV field containing doubled quotes (`""`) that must be unescaped.
    public var fieldFlags: FieldArray<UInt8>
    /// Column index per field (NDJSON only; empty for CSV, where position is the column).
    public var fieldColumn: [Int32]
    public var recordFirstField: [Int32]
    /// 1-based line of each record's first byte.
    public var recordLine: [Int]
    /// Byte offset of each record's first byte in the file.
    public var recordOffset: [Int]
    /// The table these records belong to, for inputs that hold several (SQL dumps); nil otherwise.
    public var table: String? = nil
    /// The table's column names when the input names them (SQL dumps); nil otherwise.
    public var columns: [String]? = nil
    /// True when the reader saw that every field byte is ASCII (the CSV parser works this out as
    /// it goes); false means "not known", and a consumer checks the bytes itself.
    public var asciiOnly = false
    /// Warnings about records left out of this batch, for readers that produce batches away from
    /// ``DumpReader`` (XLSX rows); ``DumpReader`` moves them to its log and hands out none.
    var warnings: [ReadWarning] = []

    public init() {
        bytes = []
        fieldStart = FieldArray()
        fieldLength = FieldArray()
        fieldFlags = FieldArray()
        fieldColumn = []
        recordFirstField = [0]
        recordLine = []
        recordOffset = []
    }

    /// Runs `body` on the bytes the fields point into (`bytes`, or the mapped file's).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let mapped { return try body(mapped.buffer) }
        return try bytes.withUnsafeBufferPointer(body)
    }

    public var recordCount: Int { recordLine.count }
    public var isEmpty: Bool { recordLine.isEmpty }

    public static let flagEscapedQuotes: UInt8 = 1

    /// The fields of record `r` as a range of field indices.
    @inlinable
    public func fields(ofRecord r: Int) -> Range<Int> {
        Int(recordFirstField[r]) ..< Int(recordFirstField[r + 1])
    }

    /// The records that start before file offset `offset` (all of them for a negative offset).
    public func prefix(recordsBefore offset: Int) -> RecordBatch {
        guard offset >= 0 else { return self }
        var kept = 0
        while kept < recordCount && recordOffset[kept] < offset { kept += 1 }
        if kept == recordCount { return self }
        var copy = self
        let fields = Int(recordFirstField[kept])
        copy.fieldStart.truncate(to: fields)
        copy.fieldLength.truncate(to: fields)
        copy.fieldFlags.truncate(to: fields)
        if copy.fieldColumn.count > fields { copy.fieldColumn.removeSubrange(fields...) }
        copy.recordFirstField.removeSubrange((kept + 1)...)
        copy.recordLine.removeSubrange(kept...)
        copy.recordOffset.removeSubrange(kept...)
        return copy
    }

    /// The decoded text of one field (CSV doubled quotes undone). For sampling and reports, not for
    /// the hot path.
    public func string(field i: Int) -> String {
        let start = Int(fieldStart[i])
        let end = start + Int(fieldLength[i])
        var slice = withBytes { Array($0[start ..< end]) }
        if fieldFlags[i] & RecordBatch.flagEscapedQuotes != 0 {
            slice = RecordBatch.unescapeQuotes(slice[...])
        }
        return String(decoding: slice, as: UTF8.self)
    }

    /// Undoes RFC 4180 quote doubling: `""` becomes `"`.
    public static func unescapeQuotes<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var previousWasQuote = false
        for b in bytes {
            if b == UInt8(ascii: "\"") {
                if previousWasQuote {
                    previousWasQuote = false
                    continue
                }
                previousWasQuote = true
            } else {
                previousWasQuote = false
            }
            out.append(b)
        }
        return out
    }

    /// Room for `records` records, so a batch's arrays are allocated once instead of growing by
    /// doubling (each regrowth copies and touches fresh pages). The CSV parser sizes the field
    /// arrays itself (`expectedFields`).
    mutating func reserve(records: Int) {
        recordFirstField.reserveCapacity(records + 1)
        recordLine.reserveCapacity(records)
        recordOffset.reserveCapacity(records)
    }

    mutating func appendField(start: Int, length: Int, flags: UInt8, column: Int32? = nil) {
        fieldStart.append(Int32(truncatingIfNeeded: start))
        fieldLength.append(Int32(truncatingIfNeeded: length))
        fieldFlags.append(flags)
        if let column { fieldColumn.append(column) }
    }

    mutating func endRecord(line: Int, offset: Int) {
        endRecord(fieldCount: fieldStart.count, line: line, offset: offset)
    }

    /// Ends a record whose fields end at field `fieldCount` (a parser that appends its fields
    /// later, all at once).
    mutating func endRecord(fieldCount: Int, line: Int, offset: Int) {
        recordFirstField.append(Int32(truncatingIfNeeded: fieldCount))
        recordLine.append(line)
        recordOffset.append(offset)
    }

    /// Fields appended since the last `endRecord` (the record being built).
    var openFieldCount: Int { fieldStart.count - Int(recordFirstField[recordFirstField.count - 1]) }

    /// Drops the fields appended since the last `endRecord` (a record abandoned mid-way).
    mutating func discardOpenRecord() {
        let keep = Int(recordFirstField[recordFirstField.count - 1])
        fieldStart.truncate(to: keep)
        fieldLength.truncate(to: keep)
        fieldFlags.truncate(to: keep)
        if fieldColumn.count > keep { fieldColumn.removeSubrange(keep...) }
    }
}
