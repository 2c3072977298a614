import Foundation

/// The number of distinct 64-bit key hashes an entity read, in bounded memory: exact up to
/// ``exactLimit`` hashes, then a HyperLogLog with 2^8 one-byte registers (about 6.5 % standard
/// error, 256 bytes). Bounded per entity, because a log of millions of sessions must not keep
/// every (session, row) pair. The hashes are already keyed and uniform, so no rehashing is needed.
struct DistinctCounter {
    static let exactLimit = 16
    static let precision = 8
    private var small: [UInt64] = []
    private var registers: [UInt8] = []

    mutating func insert(_ hash: UInt64) {
        if registers.isEmpty {
            if small.contains(hash) { return }
            small.append(hash)
            if small.count > Self.exactLimit {
                registers = [UInt8](repeating: 0, count: 1 << Self.precision)
                for h in small { add(h) }
                small = []
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
    var isExact: Bool { registers.isEmpty }

    var count: Int {
        if registers.isEmpty { return small.count }
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
        return max(Int(estimate.rounded()), Self.exactLimit + 1)
    }
}

/// Lines and leaked-record reads over time in at most ``capacity`` buckets: the bucket width
/// (in minutes) doubles whenever the span outgrows them, so memory per entity is fixed.
struct TimeHistogram {
    static let capacity = 32
    private(set) var origin = 0
    private(set) var width = 1
    struct Bucket {
        var lines = 0
        var leakReads = 0
    }

    private(set) var buckets: [Bucket] = []

    mutating func add(minute: Int, leakReads: Int) {
        if buckets.isEmpty { origin = minute }
        while true {
            if minute < origin {
                let shift = (origin - minute + width - 1) / width
                if buckets.count + shift <= Self.capacity {
                    buckets.insert(contentsOf: repeatElement(Bucket(), count: shift), at: 0)
                    origin -= shift * width
                    continue
                }
            } else if (minute - origin) / width < Self.capacity {
                break
            }
            var merged: [Bucket] = []
            var i = 0
            while i < buckets.count {
                let a = buckets[i]
                let b = i + 1 < buckets.count ? buckets[i + 1] : Bucket()
                merged.append(Bucket(lines: a.lines + b.lines, leakReads: a.leakReads + b.leakReads))
                i += 2
            }
            buckets = merged
            width *= 2
        }
        let i = (minute - origin) / width
        if buckets.count <= i { buckets.append(contentsOf: repeatElement(Bucket(), count: i - buckets.count + 1)) }
        buckets[i].lines += 1
        buckets[i].leakReads += leakReads
    }
}
