import Foundation

/// The number of distinct 64-bit key hashes an entity read, in bounded memory: exact up to
/// ``exactLimit`` hashes, then a HyperLogLog with 2^12 registers (about 1.6 % standard error,
/// 4 KiB). The hashes are already keyed and uniform, so no further hashing is needed.
struct DistinctCounter {
    static let exactLimit = 2048
    static let precision = 12
    private var exact: Set<UInt64>? = []
    private var registers: [UInt8] = []

    mutating func insert(_ hash: UInt64) {
        if exact != nil {
            exact!.insert(hash)
            if exact!.count > Self.exactLimit {
                registers = [UInt8](repeating: 0, count: 1 << Self.precision)
                for h in exact! { add(h) }
                exact = nil
            }
            return
        }
        add(hash)
    }

    private mutating func add(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.precision))
        let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    /// Whether the count is exact (not an estimate).
    var isExact: Bool { exact != nil }

    var count: Int {
        if let exact { return exact.count }
        let m = Double(1 << Self.precision)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var estimate = alpha * m * m / sum
        if estimate <= 2.5 * m && zeros > 0 {
            estimate = m * log(m / Double(zeros))
        }
        return Int(estimate.rounded())
    }
}

