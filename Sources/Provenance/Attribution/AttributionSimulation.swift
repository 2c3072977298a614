import Foundation

/// The simulation harness's only source of randomness (SplitMix64, Steele, Lea & Flood 2014), so
/// every trial is reproducible from its seed: the module's `SplitMix` (Fingerprint/Tardos.swift).
public typealias SplitMix64 = SplitMix

extension SplitMix {

    /// Uniform in (0, 1).
    public mutating func unit() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }

    /// Uniform below `bound` (bound > 0).
    public mutating func below(_ bound: UInt64) -> UInt64 { next(upperBound: bound) }

    /// Binomial(n, p) for small p by geometric skipping: cost proportional to the result, not to n.
    public mutating func binomial(_ n: Int, _ p: Double) -> Int {
        guard n > 0, p > 0 else { return 0 }
        if p >= 1 { return n }
        let logQ = Foundation.log1p(-p)
        var position = -1, count = 0
        while true {
            position += 1 + Int(Foundation.log(unit()) / logQ)
            if position >= n { return count }
            count += 1
        }
    }

    /// Exponential with the given mean.
    public mutating func exponential(mean: Double) -> Double { -mean * Foundation.log(unit()) }
}

/// The simulation harness (tests and `leaktrace simulate attribution`): organisations with
/// overlapping customer bases and churn, leaks taken on a known day from one or several of them.
///
/// **Why it may work at the level of the sketch.** Under a PRF keyed with a secret, whether a
/// customer's hash is kept (hash < 2⁶⁴/s) is an independent coin of probability 1/s, and the kept
/// hashes are uniform below the threshold. So the sketch of any set is, in distribution, a
/// Binomial(|set|, 1/s) count of uniform values below the threshold, and a customer kept in one
/// sketch is kept in every sketch that holds it (same key). The harness therefore draws the kept
/// customers directly with a seeded generator instead of hashing millions of values: a 1M-row
/// trial costs ~1,000 draws instead of 1M HMACs. One end-to-end test per estimator really hashes
/// (see `AttributionEndToEndTests`) to show the shortcut and the real path agree.
public enum AttributionSimulation {
    /// A uniform hash below a scale's threshold.
    static func keptHash(_ rng: inout SplitMix64, threshold: UInt64) -> UInt64 { rng.below(threshold) }

    // MARK: Containment of one leak in one source

    public struct ContainmentTrial: Sendable {
        public var leak: FracMinHash
        public var source: FracMinHash
        public var truth: Double
    }

    /// A leak of `leakRows` distinct customers, `truth` of whom are in a source of `sourceRows`.
    public static func containment(leakRows: Int, truth: Double, sourceRows: Int, scale: UInt64, rng: inout SplitMix64) -> ContainmentTrial {
        let inside = Int((Double(leakRows) * truth).rounded())
        var leak = FracMinHash(scale: scale)
        var source = FracMinHash(scale: scale)
        let t = leak.threshold
        for _ in 0 ..< rng.binomial(inside, 1 / Double(scale)) {
            let h = keptHash(&rng, threshold: t)
            leak.insert(h); source.insert(h)
        }
        for _ in 0 ..< rng.binomial(leakRows - inside, 1 / Double(scale)) { leak.insert(keptHash(&rng, threshold: t)) }
        for _ in 0 ..< rng.binomial(max(0, sourceRows - inside), 1 / Double(scale)) { source.insert(keptHash(&rng, threshold: t)) }
        leak.finish(); source.finish()
        return ContainmentTrial(leak: leak, source: source, truth: Double(inside) / Double(leakRows))
    }

    // MARK: A leak mixed from several sources

    public struct MixedTrial: Sendable {
        public var leak: FracMinHash
        public var sources: [(name: String, sketch: FracMinHash)]
        /// Share of the leak's rows drawn from each source (index into `sources`).
        public var shares: [Int: Double]
        /// Share drawn from customers of no candidate.
        public var outside: Double
    }

    /// `candidates` organisations with customer bases of `baseRows[i]` drawn independently from a
    /// population of `population` people (so bases overlap by chance, as telcos and clinics do);
    /// a leak of `leakRows` taking `shares[i]` of its rows from source i and the rest from people
    /// in no candidate's base.
    public static func mixed(population: Int, baseRows: [Int], leakRows: Int, shares: [Int: Double], scale: UInt64, rng: inout SplitMix64) -> MixedTrial {
        let p = 1 / Double(scale)
        let threshold = UInt64.max / scale
        let kept = rng.binomial(population, p)
        var hashes = [UInt64](repeating: 0, count: kept)
        for i in 0 ..< kept { hashes[i] = keptHash(&rng, threshold: threshold) }
        var membership = [UInt16](repeating: 0, count: kept)
        var members: [[Int]] = []
        for (j, rows) in baseRows.enumerated() {
            let k = min(kept, rng.binomial(rows, p))
            var chosen = Set<Int>()
            while chosen.count < k { chosen.insert(Int(rng.below(UInt64(kept)))) }
            // Sorted: a Set's order changes from process to process, and the draws below walk it.
            let sorted = chosen.sorted()
            for i in sorted { membership[i] |= 1 << UInt16(j) }
            members.append(sorted)
        }
        var leakSet = Set<Int>()
        var drawn = 0.0
        for (j, share) in shares.sorted(by: { $0.key < $1.key }) {
            let rows = Int(Double(leakRows) * share)
            let k = min(members[j].count, rng.binomial(rows, p))
            var pool = members[j]
            for x in 0 ..< k {
                let y = x + Int(rng.below(UInt64(pool.count - x)))
                pool.swapAt(x, y)
                leakSet.insert(pool[x])
            }
            drawn += share
        }
        let outsideRows = Int(Double(leakRows) * max(0, 1 - drawn))
        let nobody = (0 ..< kept).filter { membership[$0] == 0 }
        if !nobody.isEmpty {
            for _ in 0 ..< min(nobody.count, rng.binomial(outsideRows, p)) {
                leakSet.insert(nobody[Int(rng.below(UInt64(nobody.count)))])
            }
        }
        let leak = FracMinHash(scale: scale, hashes: leakSet.map { hashes[$0] })
        let sources = members.enumerated().map { (j, m) in (name: "org-\(j + 1)", sketch: FracMinHash(scale: scale, hashes: m.map { hashes[$0] })) }
        return MixedTrial(leak: leak, sources: sources, shares: shares, outside: max(0, 1 - drawn))
    }

    // MARK: Dating

    public struct DatingTrial: Sendable {
        public var intervals: [SnapshotDating.Interval]
        /// The snapshot day (days since the simulation's day 0).
        public var snapshot: Int
    }

    /// A customer base of `customers` people activated uniformly over `days` days, tenure
    /// exponential (mean `meanTenure` days), deactivations after the last day unknown (still
    /// active); the leak is the customers active on a day T uniform in `snapshotRange`, each kept
    /// with probability `coverage`, plus everyone else with probability `background`. Only the
    /// customers a dating ledger of scale `scale` keeps are drawn.
    public static func dating(customers: Int, days: Int = 3650, meanTenure: Double = 1500, snapshotRange: ClosedRange<Int> = 2000 ... 3500,
                              coverage: Double, background: Double, scale: UInt64, rng: inout SplitMix64) -> DatingTrial {
        let t = snapshotRange.lowerBound + Int(rng.below(UInt64(snapshotRange.count)))
        let kept = rng.binomial(customers, 1 / Double(scale))
        var intervals: [SnapshotDating.Interval] = []
        intervals.reserveCapacity(kept)
        for _ in 0 ..< kept {
            let from = Int(rng.below(UInt64(days)))
            let to = from + 1 + Int(rng.exponential(mean: meanTenure))
            let active = from <= t && t < to
            let inLeak = rng.unit() < (active ? min(1, coverage + background) : background)
            intervals.append(.init(from: Int32(from), to: to >= days ? Int32.max : Int32(to), inLeak: inLeak))
        }
        return DatingTrial(intervals: intervals, snapshot: t)
    }

    /// SIM versions of `subscribers` phone numbers: each number changes SIM on average every
    /// `1/dailyChange` days; the leak holds the (phone, SIM) pairs current on day T for a share
    /// `coverage` of numbers. Only versions a ledger of scale `scale` keeps are drawn (a version's
    /// hash is keyed on phone‖ICCID, so each version is kept independently).
    public static func versions(subscribers: Int, days: Int = 3650, dailyChange: Double, snapshotRange: ClosedRange<Int> = 2000 ... 3500,
                                coverage: Double, scale: UInt64, rng: inout SplitMix64) -> DatingTrial {
        let t = snapshotRange.lowerBound + Int(rng.below(UInt64(snapshotRange.count)))
        let p = 1 / Double(scale)
        var intervals: [SnapshotDating.Interval] = []
        // Versions per number ≈ 1 + days·r; each is kept with probability 1/s. Draw numbers whose
        // history has at least one kept version, version by version.
        let expectedVersions = Int(Double(subscribers) * (1 + Double(days) * dailyChange))
        let keptVersions = rng.binomial(expectedVersions, p)
        for _ in 0 ..< keptVersions {
            // A version of a random number: start uniform over the span, length exponential.
            let from = Int(rng.below(UInt64(days)))
            let to = from + 1 + Int(rng.exponential(mean: 1 / dailyChange))
            let current = from <= t && t < to
            let inLeak = current && rng.unit() < coverage
            intervals.append(.init(from: Int32(from), to: to >= days ? Int32.max : Int32(to), inLeak: inLeak))
        }
        return DatingTrial(intervals: intervals, snapshot: t)
    }
}
