/// What a statement- or element-level parser did with one buffer of input.
struct ChunkOutcome {
    /// Bytes of the buffer turned into records or skipped; the rest holds an unfinished unit.
    var consumed: Int
    /// Lines passed in the consumed bytes.
    var linesConsumed: Int
    var warnings: [ReadWarning]
}

/// A parser that keeps its state between buffers and takes whole units (SQL statements and rows,
/// JSON array elements) out of them, leaving a cut unit unconsumed unless the input has ended.
protocol ChunkParser {
    mutating func parse(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, into batch: inout RecordBatch, baseOffset: Int, firstLine: Int, budget: Int) -> ChunkOutcome
    /// Skips a unit that cannot fit in the record limit, streaming; nil when the parser already
    /// skips over-long units itself as it goes.
    mutating func skipOversizedUnit(line: Int, offset: Int) -> ReadWarning?
}

extension JSONArrayParser {
    /// The JSON array parser skips an over-long element itself, so every fill makes progress.
    mutating func skipOversizedUnit(line: Int, offset: Int) -> ReadWarning? { nil }
}
