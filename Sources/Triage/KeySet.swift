/// A 64-bit hash of a short byte string (a canonical identifier), for distinct counting.
///
/// Not cryptographic and never stored: it only tells equal canonical values apart in memory.
/// At 10 million distinct values the chance of any collision is about 3 in a million.
@inlinable
func hash64<C: Collection<UInt8>>(_ bytes: C, seed: UInt64 = HashConstants.seed) -> UInt64 {
    if let h = bytes.withContiguousStorageIfAvailable({ hash64(contiguous: $0, seed: seed) }) { return h }
    return Array(bytes).withUnsafeBufferPointer { hash64(contiguous: $0, seed: seed) }
}

/// `hash64` over memory, after wyhash (Wang Yi, public domain): the bytes as two words `a` and
/// `b`, folded with 128-bit products.
///
/// Inputs of up to 16 bytes (every canonical MyKad, phone, IMSI, IMEI, postcode) take two loads
/// and two multiplications; `a`, `b` and the length then determine the input. Of 1 to 3 bytes,
/// `a` is the first, middle and last byte; of 4 to 7, `a` and `b` are the first and last four;
/// of 8 to 16, the first and last eight (little-endian, overlapping when shorter than 16). A
/// longer input is folded 16 bytes at a time first, then its last 16 bytes are `a` and `b`.
@usableFromInline
func hash64(contiguous bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = HashConstants.seed) -> UInt64 {
    let n = bytes.count
    var h = seed ^ HashConstants.k0
    var a: UInt64 = 0
    var b: UInt64 = 0
    if let base = bytes.baseAddress, n > 0 {
        let raw = UnsafeRawPointer(base)
        @inline(__always) func word(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        if n >= 8 {
            var i = 0
            while n - i > 16 {
                h = wymix(word(i) ^ HashConstants.k1, word(i + 8) ^ h)
                i += 16
            }
            a = word(n > 16 ? n - 16 : 0)
            b = word(n - 8)
        } else if n >= 4 {
            a = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            b = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
        } else {
            a = UInt64(base[0]) << 16 | UInt64(base[n >> 1]) << 8 | UInt64(base[n - 1])
        }
    }
    let product = (a ^ HashConstants.k1).multipliedFullWidth(by: b ^ h)
    return wymix(product.low ^ HashConstants.k0 ^ UInt64(n), product.high ^ HashConstants.k1)
}

@usableFromInline
enum HashConstants {
    @usableFromInline static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    @usableFromInline static let k0: UInt64 = 0xA076_1D64_78BD_642F
    @usableFromInline static let k1: UInt64 = 0xE703_7ED1_A0B4_28DB
}

/// The high and low halves of the 128-bit product, XORed.
@inlinable @inline(__always)
func wymix(_ x: UInt64, _ y: UInt64) -> UInt64 {
    let product = x.multipliedFullWidth(by: y)
    return product.high ^ product.low
}

/// `count` zero slots for a set's table. A table of a megabyte or more has its pages put in
/// place by one `madvise(MADV_POPULATE_WRITE)` (Linux 5.14) before it is zeroed: a scan's person
/// sets are 32 MiB for 1M records, and taking their 8,192 pages one fault at a time cost 17 ms
/// of CPU on a 2-core VM, against 12 ms (a C test of the same sizes). Where the call is refused
/// (an older kernel), the faults come as before.
func zeroedSlots(_ count: Int) -> [UInt64] {
    [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
        #if os(Linux)
        if count >= 1 << 17, let base = buffer.baseAddress {
            let page = UInt(getpagesize())
            let first = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
            let end = (UInt(bitPattern: base) + UInt(count * 8)) & ~(page - 1)
            if end > first, let start = UnsafeMutableRawPointer(bitPattern: first) {
                _ = madvise(start, Int(end - first), MADV_POPULATE_WRITE)
            }
        }
        #endif
        buffer.initialize(repeating: 0)
        initialized = count
    }
}

/// An open-addressing set of non-zero 64-bit keys: 8 bytes a key at most 70 % load, so 10 million
/// keys fit in about 128 MiB.
struct KeySet: Sendable {
    private var slots: [UInt64]
    private(set) var count = 0
    private var mask: Int

    /// `capacity` 0 allocates nothing until the first insert (a set per column that may stay empty).
    init(capacity: Int = 1024) {
        guard capacity > 0 else {
            slots = []
            mask = 0
            return
        }
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = zeroedSlots(size)
        mask = size - 1
    }

    /// Inserts `key`; returns true when it was not there. Key 0 is remapped (0 marks an empty slot).
    @discardableResult
    mutating func insert(_ rawKey: UInt64) -> Bool {
        let key = rawKey == 0 ? 1 : rawKey
        if (count + 1) * 10 > slots.count * 7 { grow() }
        let mask = self.mask
        let inserted = slots.withUnsafeMutableBufferPointer { table -> Bool in
            var i = Int(truncatingIfNeeded: key) & mask
            while true {
                let s = table[i]
                if s == 0 {
                    table[i] = key
                    return true
                }
                if s == key { return false }
                i = (i + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    /// Reads the home slot of each key so that the inserts which follow find their cache lines
    /// loaded: these reads do not depend on each other, so the CPU overlaps their cache misses,
    /// where a run of inserts waits for each miss in turn. The result only keeps the reads.
    func touch(_ keys: UnsafeBufferPointer<UInt64>) -> UInt64 {
        guard !slots.isEmpty else { return 0 }
        let mask = self.mask
        return slots.withUnsafeBufferPointer { table in
            var sum: UInt64 = 0
            for rawKey in keys {
                let key = rawKey == 0 ? 1 : rawKey
                sum &+= table[Int(truncatingIfNeeded: key) & mask]
            }
            return sum
        }
    }

    func forEach(_ body: (UInt64) -> Void) {
        for s in slots where s != 0 { body(s) }
    }

    /// The table's size in slots (tests).
    var slotCapacity: Int { slots.count }

    /// Makes room for `capacity` keys in all (at most 70 % load) without growing on the way:
    /// each doubling re-inserts every key into a table that misses the cache.
    mutating func reserve(_ capacity: Int) {
        guard capacity * 10 > slots.count * 7 else { return }
        rebuild(slotCount: KeySet.slotCount(for: capacity))
    }

    /// The smallest power of two, at least 16, holding `capacity` keys at most 70 % loaded.
    static func slotCount(for capacity: Int) -> Int {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        return size
    }

    private mutating func grow() {
        rebuild(slotCount: max(16, slots.count * 2))
    }

    private mutating func rebuild(slotCount: Int) {
        let old = slots
        slots = zeroedSlots(slotCount)
        mask = slots.count - 1
        count = 0
        for s in old where s != 0 { insert(s) }
    }
}

/// An open-addressing map from non-zero 64-bit keys to three flag bits, 8 bytes a key: the flags
/// are kept in a key's low three bits, so keys are told apart by their other 61 bits (two random
/// keys share them with probability 2^-61, far below the other errors of the counts it feeds).
/// One table where three sets of the same keys would each miss the cache.
struct FlaggedKeySet: Sendable {
    private var slots: [UInt64]
    private(set) var count = 0
    private var mask: Int
    private static let flagMask: UInt64 = 7

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = zeroedSlots(size)
        mask = size - 1
    }

    /// The key without its flag bits, never 0 (0 marks an empty slot).
    @inline(__always)
    private static func identity(_ key: UInt64) -> UInt64 {
        let id = key & ~flagMask
        return id == 0 ? flagMask + 1 : id
    }

    @inline(__always)
    private static func home(_ id: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: id >> 3) & mask
    }

    /// Sets `flag` (1, 2 or 4) on `key`, adding the key if it is new.
    /// - Returns: true when the key did not have the flag before.
    @discardableResult
    mutating func set(_ flag: UInt64, on key: UInt64) -> Bool {
        update(flag, on: key) & flag == 0
    }

    /// Sets `flag` (1, 2 or 4) on `key`, adding the key if it is new.
    /// - Returns: the key's flags before (0 for a new key).
    @discardableResult
    mutating func update(_ flag: UInt64, on key: UInt64) -> UInt64 {
        let id = FlaggedKeySet.identity(key)
        if (count + 1) * 10 > slots.count * 7 { grow() }
        let mask = self.mask
        let (before, added) = slots.withUnsafeMutableBufferPointer { table -> (UInt64, Bool) in
            var i = FlaggedKeySet.home(id, mask)
            while true {
                let s = table[i]
                if s == 0 {
                    table[i] = id | flag
                    return (0, true)
                }
                if s & ~FlaggedKeySet.flagMask == id {
                    if s & flag == 0 { table[i] = s | flag }
                    return (s & FlaggedKeySet.flagMask, false)
                }
                i = (i + 1) & mask
            }
        }
        if added { count += 1 }
        return before
    }

    /// The flags of `key` (0 when it is not there).
    func flags(of key: UInt64) -> UInt64 {
        let id = FlaggedKeySet.identity(key)
        var i = FlaggedKeySet.home(id, mask)
        while true {
            let s = slots[i]
            if s == 0 { return 0 }
            if s & ~FlaggedKeySet.flagMask == id { return s & FlaggedKeySet.flagMask }
            i = (i + 1) & mask
        }
    }

    /// `KeySet.touch`: reads the home slots of `keys` ahead of the sets that follow.
    func touch(_ keys: UnsafeBufferPointer<UInt64>) -> UInt64 {
        let mask = self.mask
        return slots.withUnsafeBufferPointer { table in
            var sum: UInt64 = 0
            for key in keys { sum &+= table[FlaggedKeySet.home(FlaggedKeySet.identity(key), mask)] }
            return sum
        }
    }

    /// The table's size in slots (tests).
    var slotCapacity: Int { slots.count }

    /// `KeySet.reserve`.
    mutating func reserve(_ capacity: Int) {
        guard capacity * 10 > slots.count * 7 else { return }
        rebuild(slotCount: KeySet.slotCount(for: capacity))
    }

    private mutating func grow() {
        rebuild(slotCount: slots.count * 2)
    }

    private mutating func rebuild(slotCount: Int) {
        let old = slots
        slots = zeroedSlots(slotCount)
        mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { table in
            for s in old where s != 0 {
                var i = FlaggedKeySet.home(s & ~FlaggedKeySet.flagMask, mask)
                while table[i] != 0 { i = (i + 1) & mask }
                table[i] = s
            }
        }
    }
}

/// Distinct count of 64-bit keys: exact while small (a `KeySet` of up to `exactLimit` keys), then
/// a HyperLogLog estimate with 2^14 registers (standard error about 0.8 %). Small dumps get exact
/// counts; memory stays bounded for large ones.
///
/// Nothing is allocated until the first key, and the 16 KiB of registers only when the count
/// stops being exact (they are then filled from the exact keys, which gives the same registers
/// as adding every key to them all along): a table of thousands of mostly empty columns costs a
/// few bytes per column, and merging two small estimators is the size of their key sets, not
/// 2^14 register comparisons.
struct DistinctEstimator: Sendable {
    static let exactLimit = 1 << 14
    static let registerCount = 1 << 14
    /// HyperLogLog registers: empty while `exact` holds the keys.
    private var registers: [UInt8] = []
    private var exact: KeySet? = KeySet(capacity: 0)

    /// True while the count is exact.
    var isExact: Bool { exact != nil }

    mutating func add(_ hash: UInt64) {
        if exact != nil {
            exact!.insert(hash)
            if exact!.count > DistinctEstimator.exactLimit { dropExact() }
        } else {
            DistinctEstimator.register(hash, in: &registers)
        }
    }

    /// `add` for each key, in one pass over the registers once the count is an estimate.
    mutating func add(contentsOf keys: UnsafeBufferPointer<UInt64>) {
        var i = 0
        while exact != nil && i < keys.count {
            add(keys[i])
            i += 1
        }
        guard i < keys.count else { return }
        registers.withUnsafeMutableBufferPointer { r in
            for k in UnsafeBufferPointer(rebasing: keys[i...]) {
                let index = Int(k >> 50)
                let rank = DistinctEstimator.rank(k)
                // No branch on the old value: the loads of successive keys overlap.
                r[index] = max(r[index], rank)
            }
        }
    }

    /// Merges `other`'s keys in. The result depends on the union of the keys alone, not on how
    /// they were split between the estimators merged: exact while the union has at most
    /// `exactLimit` keys (as one estimator that saw them all would be), else the registers of
    /// all of them.
    mutating func merge(_ other: DistinctEstimator) {
        if exact != nil, let theirs = other.exact {
            theirs.forEach { exact!.insert($0) }
            if exact!.count > DistinctEstimator.exactLimit { dropExact() }
            return
        }
        dropExact()
        if let theirs = other.exact {
            theirs.forEach { DistinctEstimator.register($0, in: &registers) }
        } else {
            // The larger register of each pair, over plain memory: the loop becomes vector
            // maxima. With array subscripts, the merges at a scan's single-threaded end (the
            // workers' estimators of ten columns, then per type) took 3.7M instructions more.
            other.registers.withUnsafeBufferPointer { theirs in
                registers.withUnsafeMutableBufferPointer { mine in
                    for i in 0 ..< min(mine.count, theirs.count) { mine[i] = max(mine[i], theirs[i]) }
                }
            }
        }
    }

    /// Switches to the estimate: the registers filled from the exact keys.
    private mutating func dropExact() {
        guard let keys = exact else { return }
        exact = nil
        registers = [UInt8](repeating: 0, count: DistinctEstimator.registerCount)
        keys.forEach { DistinctEstimator.register($0, in: &registers) }
    }

    @inline(__always)
    private static func register(_ hash: UInt64, in registers: inout [UInt8]) {
        let index = Int(hash >> 50)
        let rank = rank(hash)
        if rank > registers[index] { registers[index] = rank }
    }

    /// A key's register is its top 14 bits; its rank, the position of the first 1 in the rest.
    @inline(__always)
    private static func rank(_ hash: UInt64) -> UInt8 {
        let rest = (hash << 14) | (1 << 13)
        return UInt8(rest.leadingZeroBitCount + 1)
    }

    var estimate: Int {
        if let exact { return exact.count }
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m && zeros > 0 {
            return Int((m * log(m / Double(zeros))).rounded())
        }
        return Int(raw.rounded())
    }
}

import Foundation
