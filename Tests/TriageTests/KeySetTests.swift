import Identifiers
import Testing

@testable import Triage

@Suite struct FlaggedKeySetTests {
    /// The flags of 200,000 random keys through many regrowths equal a dictionary's account.
    @Test func flagsMatchADictionaryThroughRegrowth() {
        var set = FlaggedKeySet(capacity: 4)
        var truth: [UInt64: UInt64] = [:]
        var g = SystemRandomNumberGenerator()
        var keys: [UInt64] = []
        for i in 0 ..< 200_000 {
            // Reuse earlier keys a third of the time, as phones recur across rows.
            let key = i % 3 == 0 && !keys.isEmpty ? keys[Int.random(in: 0 ..< keys.count, using: &g)] : UInt64.random(in: 0 ... .max, using: &g) & ~7
            keys.append(key)
            let flag: UInt64 = [1, 2, 4][Int.random(in: 0 ..< 3, using: &g)]
            let before = truth[key, default: 0]
            // `set` and `update` alternate: both must report the flags the key had.
            if i % 2 == 0 {
                #expect(set.set(flag, on: key) == (before & flag == 0))
            } else {
                #expect(set.update(flag, on: key) == before)
            }
            truth[key, default: 0] |= flag
        }
        #expect(set.count == truth.count)
        var wrong = 0
        for (key, flags) in truth where set.flags(of: key) != flags { wrong += 1 }
        #expect(wrong == 0)
    }

    /// Key 0 is a key like any other (0 marks an empty slot inside), and the low three bits
    /// hold the flags: keys that differ only there are one key.
    @Test func keyZeroAndTheFlagBits() {
        var set = FlaggedKeySet(capacity: 0)
        let first = set.set(2, on: 0)
        let again = set.set(2, on: 0)
        let other = set.set(1, on: 0xABCD_EF00)
        #expect(first && !again && other)
        #expect(set.flags(of: 0) == 2)
        #expect(set.flags(of: 0xABCD_EF05) == 1)
        #expect(set.count == 2)
    }
}

/// `reserve` keeps the keys (and flags) already in a set, and a set reserved for N keys takes N
/// without growing: the scan sizes its person sets once, from the input's size.
@Suite struct KeySetReserveTests {
    @Test(arguments: [0, 1, 11, 5_000])
    func reservedSetsKeepTheirKeysAndTakeTheRestWithoutGrowing(present: Int) {
        var g = SystemRandomNumberGenerator()
        let keys = (0 ..< 40_000).map { _ in UInt64.random(in: 1 ... .max, using: &g) & ~7 }
        var plain = KeySet(capacity: 16)
        var flagged = FlaggedKeySet(capacity: 16)
        for (i, key) in keys.prefix(present).enumerated() {
            plain.insert(key)
            flagged.set([1, 2, 4][i % 3], on: key)
        }
        plain.reserve(keys.count)
        flagged.reserve(keys.count)
        let (plainSlots, flaggedSlots) = (plain.slotCapacity, flagged.slotCapacity)
        #expect(plainSlots == KeySet.slotCount(for: keys.count) && flaggedSlots == plainSlots)
        #expect(plain.count == present && flagged.count == present)
        for (i, key) in keys.prefix(present).enumerated() {
            let added = plain.insert(key)
            #expect(!added, "key \(i) kept")
            #expect(flagged.flags(of: key) == [1, 2, 4][i % 3], "flags of key \(i) kept")
        }
        for key in keys.dropFirst(present) {
            let added = plain.insert(key)
            #expect(added)
            flagged.set(2, on: key)
        }
        #expect(plain.count == keys.count && flagged.count == keys.count)
        #expect(plain.slotCapacity == plainSlots && flagged.slotCapacity == flaggedSlots, "no growth after reserve")
        // A reserve for fewer keys than the table holds changes nothing.
        plain.reserve(10)
        #expect(plain.slotCapacity == plainSlots && plain.count == keys.count)
        // 70 % load at most: one more than the slots allow makes it grow.
        #expect(Double(keys.count) <= 0.7 * Double(plainSlots) && Double(keys.count) > 0.35 * Double(plainSlots))
    }
}

/// A distinct count depends on the keys alone: however they are spread over workers'
/// estimators (and in what order those are merged), the merged estimate is the one a single
/// estimator that saw every key gives, exact up to `exactLimit` keys and HyperLogLog past it.
@Test(arguments: [5_000, DistinctEstimator.exactLimit, DistinctEstimator.exactLimit + 1, 30_000, 100_000])
func distinctEstimateIgnoresHowKeysWereSplit(distinct: Int) {
    var g = SystemRandomNumberGenerator()
    let keys = (0 ..< distinct).map { _ in UInt64.random(in: 0 ... .max, using: &g) }
    var whole = DistinctEstimator()
    // Repeats, as columns repeat values.
    for key in keys + keys.prefix(distinct / 3) { whole.add(key) }
    #expect(whole.isExact == (distinct <= DistinctEstimator.exactLimit))
    if whole.isExact { #expect(whole.estimate == distinct) }
    for parts in [2, 3, 5] {
        var estimators = [DistinctEstimator](repeating: DistinctEstimator(), count: parts)
        // Uneven shares: the first part takes most keys, so one part may pass the exact limit
        // while the others do not.
        for (i, key) in keys.enumerated() {
            let part = i % 4 == 0 ? Int.random(in: 0 ..< parts, using: &g) : 0
            estimators[part].add(key)
            if i % 7 == 0 { estimators[(part + 1) % parts].add(key) }
        }
        var merged = DistinctEstimator()
        for e in estimators.shuffled(using: &g) { merged.merge(e) }
        #expect(merged.isExact == whole.isExact, "\(parts) parts")
        #expect(merged.estimate == whole.estimate, "\(parts) parts")
    }
}

/// Each verdict is counted in its own slot, the one `ColumnTally.slot` names for it.
@Test func verdictCountsUseTheirSlots() {
    for verdict in Verdict.allCases {
        var counts = VerdictCounts()
        counts.add(verdict)
        counts.add(verdict)
        for slot in counts.indices {
            #expect(counts[slot] == (slot == ColumnTally.slot(verdict) ? 2 : 0), "\(verdict) in slot \(slot)")
        }
        counts[ColumnTally.slot(verdict)] = 5
        #expect(counts.total == 5)
    }
}

/// A byte with its high bit set is found wherever it is, in a 64-byte block or in the tail,
/// and an ASCII buffer of any length has none.
@Test func nonASCIIFoundAnywhere() {
    var g = SystemRandomNumberGenerator()
    for length in [0, 1, 7, 8, 31, 255, 256, 257, 511, 512, 1000, 4096] {
        var bytes = (0 ..< length).map { _ in UInt8.random(in: 0 ... 0x7F, using: &g) }
        #expect(!bytes.withUnsafeBufferPointer { ScanWorker.containsNonASCII($0) }, "length \(length)")
        for position in Set([0, length / 2, length - 1, Int.random(in: 0 ..< max(length, 1), using: &g)]) where position >= 0 && position < length {
            let saved = bytes[position]
            bytes[position] = UInt8.random(in: 0x80 ... 0xFF, using: &g)
            #expect(bytes.withUnsafeBufferPointer { ScanWorker.containsNonASCII($0) }, "length \(length), at \(position)")
            bytes[position] = saved
        }
    }
}

/// A set's table comes zeroed at every size, a large one's pages populated in one call first
/// (`zeroedSlots`), over memory the process wrote before.
@Test(arguments: [0, 1, 17, 1 << 17, (1 << 17) + 3, 1 << 20])
func tablesComeZeroed(count: Int) {
    // Dirty some heap first, so that a table may be made of reused memory.
    do {
        let junk = [UInt64](repeating: .max, count: 1 << 18)
        withExtendedLifetime(junk) {}
    }
    let slots = zeroedSlots(count)
    #expect(slots.count == count)
    #expect(slots.allSatisfy { $0 == 0 })
}
