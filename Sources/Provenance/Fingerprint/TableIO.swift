import Dumps
import Foundation
import LeakTraceCore

/// Reads any input the `Dumps` module reads as a header and rows of strings, streaming.
/// CSV/TSV and XLSX: the first record is the header; SQL dumps: the table's column names (the
/// first table only); NDJSON/JSON: the keys found in the first batch.
public final class TableReader {
    public let path: String
    private let reader: DumpReader
    public private(set) var header: [String] = []
    private var pending: [(line: Int, cells: [String])] = []
    private var pendingIndex = 0
    private var done = false
    private var table: String?
    private var keyed: Bool

    public init(path: String) throws(LeakTraceError) {
        self.path = path
        // 512 KiB chunks: the default 4 MiB is zero-filled per chunk, which dominates small inputs.
        reader = try DumpReader(path: path, options: ReaderOptions(chunkBytes: 512 << 10))
        keyed = reader.input.format == .ndjson || reader.input.format == .json
        try fillHeader()
    }

    public var format: String { reader.input.format.rawValue }

    private func fillHeader() throws(LeakTraceError) {
        while header.isEmpty {
            guard try load() else { return }
        }
    }

    /// Loads the next batch into `pending`; false at the end.
    private func load() throws(LeakTraceError) -> Bool {
        guard !done else { return false }
        guard let batch = try reader.nextBatch() else { done = true; return false }
        if let t = batch.table {
            if table == nil { table = t }
            if t != table { return true }  // only the first table
        }
        if keyed && header.isEmpty { header = reader.discoveredColumns }
        if let columns = batch.columns, header.isEmpty { header = columns }
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
        for r in 0 ..< batch.recordCount {
            let fields = batch.fields(ofRecord: r)
            var cells: [String]
            if keyed {
                cells = [String](repeating: "", count: header.count)
                for f in fields {
                    let c = Int(batch.fieldColumn[f])
                    guard c < header.count else {
                        throw LeakTraceError(.unsupportedFormat, "a key appears after the first batch; convert the input to CSV first", at: InputLocation(file: path, line: batch.recordLine[r]))
                    }
                    cells[c] = batch.string(field: f)
                }
            } else {
                cells = fields.map { batch.string(field: $0) }
                if header.isEmpty { header = cells; continue }
            }
            pending.append((batch.recordLine[r], cells))
        }
        return true
    }

    /// The next row (cells padded or cut to the header's width) and its line, or nil at the end.
    public func next() throws(LeakTraceError) -> (line: Int, cells: [String])? {
        while pendingIndex >= pending.count {
            guard try load() else { return nil }
        }
        var row = pending[pendingIndex]
        pendingIndex += 1
        if row.cells.count < header.count { row.cells += [String](repeating: "", count: header.count - row.cells.count) }
        if row.cells.count > header.count { row.cells.removeLast(row.cells.count - header.count) }
        return row
    }
}

/// RFC 4180 CSV output: fields with a comma, quote, CR or LF (or leading/trailing spaces) are
/// quoted, quotes doubled; CRLF line ends.
public enum CSVWriter {
    public static func append(_ row: [String], to out: inout [UInt8]) {
        for (i, field) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let utf8 = field.utf8
            let needs = utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 } || utf8.first == 32 || utf8.last == 32
            if needs {
                out.append(34)
                for b in utf8 {
                    if b == 34 { out.append(34) }
                    out.append(b)
                }
                out.append(34)
            } else {
                out.append(contentsOf: utf8)
            }
        }
        out.append(13)
        out.append(10)
    }
}
