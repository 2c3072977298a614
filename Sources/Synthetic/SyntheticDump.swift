import Identifiers
import LeakTraceCore

/// A seeded, streaming generator of synthetic Malaysian subscriber dumps.
///
/// ```swift
/// let dump = try SyntheticDump(SyntheticConfiguration(rows: 1_000_000, seed: 7, format: .csv))
/// var sink = FileDescriptorSink.standardOutput
/// let truth = try dump.write(to: &sink)
/// ```
///
/// The same configuration always gives the same bytes. Rows are generated one at a time and
/// written in chunks of about 1 MiB, so memory does not grow with the row count. No value is
/// taken from a list of real people: see `docs/synthetic-data.md`.
public struct SyntheticDump: Sendable {
    public let configuration: SyntheticConfiguration

    /// Output is handed to the sink in chunks of at least this many bytes.
    static let chunkSize = 1 << 20

    /// - Throws: `LeakTraceError` (`.invalidArgument`) when the configuration is out of range.
    public init(_ configuration: SyntheticConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    /// Generates the dump into `sink`.
    ///
    /// - Parameters:
    ///   - sink: where the bytes go (header first for CSV/TSV).
    ///   - progressEvery: rows between two `progress` calls.
    ///   - progress: called with the number of rows written so far.
    /// - Returns: the ground truth of what was written.
    /// - Throws: whatever the sink throws.
    @discardableResult
    public func write<Sink: ByteSink>(
        to sink: inout Sink, progressEvery: Int = 1_000_000, progress: ((Int) -> Void)? = nil
    ) throws -> SyntheticTruth {
        var generator = RowGenerator(configuration: configuration)
        let encoder = RowEncoder(format: configuration.format)
        var out = OutputBuffer(capacity: SyntheticDump.chunkSize + 64 * 1_024)
        encoder.header(into: &out)
        var row = RowBuffer()
        for index in 0..<configuration.rows {
            generator.nextRow(index: index, into: &row)
            encoder.encode(row, into: &out)
            generator.remember(&row)
            if out.count >= SyntheticDump.chunkSize {
                try out.withBytes { try sink.write($0) }
                out.removeAll()
            }
            if let progress, (index + 1) % max(progressEvery, 1) == 0 { progress(index + 1) }
        }
        if out.count > 0 { try out.withBytes { try sink.write($0) } }
        return generator.truth
    }

    /// The whole dump as bytes, for tests and small dumps.
    ///
    /// - Returns: the bytes and the ground truth.
    public func bytes() -> (bytes: [UInt8], truth: SyntheticTruth) {
        var sink = MemorySink()
        // MemorySink never throws; the `try?` keeps the signature free of an impossible error.
        let truth = (try? write(to: &sink)) ?? SyntheticTruth(configuration: configuration)
        return (sink.bytes, truth)
    }

    /// Visits every row as cells with the generator's own account of them (statuses, the
    /// person's facts), in dump order. The cells are the values before encoding (no CSV quoting,
    /// no JSON escaping). Meant for tests and demos: it builds strings per row.
    ///
    /// - Parameter body: called once per data row.
    /// - Returns: the ground truth (identical to ``write(to:progressEvery:progress:)``'s).
    @discardableResult
    public func forEachRow(_ body: (SyntheticRow) throws -> Void) rethrows -> SyntheticTruth {
        var generator = RowGenerator(configuration: configuration)
        var row = RowBuffer()
        for index in 0..<configuration.rows {
            generator.nextRow(index: index, into: &row)
            try body(SyntheticRow(index: index, buffer: row))
            generator.remember(&row)
        }
        return generator.truth
    }
}

/// One generated row with the generator's account of it.
public struct SyntheticRow: Sendable {
    /// 0-based data row index (the header is not counted).
    public let index: Int
    public let kind: SyntheticRowKind
    /// Cell values in ``SyntheticColumn`` order, before CSV quoting or JSON escaping.
    public let cells: [String]
    public let statuses: [SyntheticCellStatus]
    /// Set when the row holds a deliberately invalid identifier.
    public let invalidKind: SyntheticInvalidKind?
    public let multilineAddress: Bool
    /// The person's community (nil for padding rows).
    public let community: SyntheticCommunity?
    /// The person's gender (nil for padding rows).
    public let gender: Gender?
    /// The person's date of birth (nil for padding rows).
    public let birthDate: CivilDate?
    /// The address's state, ISO 3166-2:MY number (nil for padding rows).
    public let stateCode: String?
    /// The MyKad place-of-birth code (nil for padding rows and foreigners).
    public let placeOfBirth: Int?
    /// A per-dump person number: rows of the same person share it (nil for padding rows).
    public let personID: UInt64?
    /// Which of the person's lines this row is (0 for the first).
    public let lineIndex: Int?

    init(index: Int, buffer: RowBuffer) {
        self.index = index
        kind = buffer.kind
        cells = SyntheticColumn.allCases.map { String(decoding: buffer.bytes[buffer.range(of: $0)], as: UTF8.self) }
        statuses = buffer.statuses
        invalidKind = buffer.invalidKind
        multilineAddress = buffer.multilineAddress
        let hasPerson = buffer.kind != .padding
        community = hasPerson ? buffer.community : nil
        gender = hasPerson ? (buffer.male ? .male : .female) : nil
        birthDate = hasPerson ? CivilDate(daysSinceEpoch: buffer.birthDays) : nil
        stateCode = hasPerson ? (buffer.state < 10 ? "0\(buffer.state)" : "\(buffer.state)") : nil
        placeOfBirth = hasPerson && buffer.community != .foreign ? buffer.placeOfBirth : nil
        personID = hasPerson ? buffer.personID : nil
        lineIndex = hasPerson ? buffer.simIndex : nil
    }

    /// The cell of `column`.
    public subscript(column: SyntheticColumn) -> String {
        cells[column.rawValue]
    }

    /// The status of `column`'s cell.
    public func status(_ column: SyntheticColumn) -> SyntheticCellStatus {
        statuses[column.rawValue]
    }
}
