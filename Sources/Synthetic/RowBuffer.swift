/// One generated row before encoding: the raw bytes of every field, back to back, with the end
/// offset and the status of each field. Reused from row to row (cleared, capacity kept), so the
/// hot loop does not allocate.
struct RowBuffer: Sendable {
    var bytes: [UInt8] = []
    var ends = [Int](repeating: 0, count: SyntheticColumn.allCases.count)
    var statuses = [SyntheticCellStatus](repeating: .clean, count: SyntheticColumn.allCases.count)
    var kind: SyntheticRowKind = .subscriber
    var invalidKind: SyntheticInvalidKind?
    var multilineAddress = false
    /// Facts about the person behind the row, for tests and the row view.
    var community: SyntheticCommunity?
    var male = false
    var birthDays = 0
    var state = 0
    var placeOfBirth = 0
    var personID: UInt64 = 0
    var simIndex = 0

    init() {
        bytes.reserveCapacity(1_024)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        for i in statuses.indices { statuses[i] = .clean }
        kind = .subscriber
        invalidKind = nil
        multilineAddress = false
        community = nil
    }

    /// Marks the end of `column`'s bytes (columns are written in order).
    @inline(__always)
    mutating func end(_ column: SyntheticColumn) {
        ends[column.rawValue] = bytes.count
    }

    func range(of column: SyntheticColumn) -> Range<Int> {
        let start = column.rawValue == 0 ? 0 : ends[column.rawValue - 1]
        return start..<ends[column.rawValue]
    }

    // MARK: - Appending

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    @inline(__always)
    mutating func append(_ text: [UInt8], upper: Bool = false) {
        let start = bytes.count
        bytes.append(contentsOf: text)
        if upper {
            // One pass over the new bytes through a pointer: one uniqueness check, not one per byte.
            bytes.withUnsafeMutableBufferPointer { buffer in
                for i in start..<buffer.count where buffer[i] >= 97 && buffer[i] <= 122 {
                    buffer[i] -= 32
                }
            }
        }
    }

    /// Appends ASCII text (string literals; not on the per-row path of large tables).
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits (at most 20).
    @inline(__always)
    mutating func appendDigits(_ value: UInt64, width: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            // Fill from the right, then append the used tail in one call.
            var position = 24
            var v = value
            repeat {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            } while v > 0 && position > 4
            while 24 - position < width && position > 4 {
                position -= 1
                buffer[position] = 48
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<24]))
        }
    }

    /// Appends a number without padding.
    @inline(__always)
    mutating func appendNumber(_ value: Int) {
        appendDigits(UInt64(max(value, 0)), width: 1)
    }
}
