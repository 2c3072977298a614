import Foundation

/// A share estimated from a sample: `matched` of `sampled` with a 95 % Wilson score interval.
///
/// Under a keyed PRF the hashes a FracMinHash keeps are a uniform random sample of the set, so
/// the leak's kept hashes found in a source's sketch are a binomial draw (strictly hypergeometric,
/// indistinguishable at these sizes) with success probability the true containment.
public struct ShareEstimate: Sendable, Codable, Equatable {
    public var matched: Int
    public var sampled: Int
    public var value: Double
    public var low: Double
    public var high: Double
    /// √(Ĉ(1−Ĉ)/n).
    public var standardError: Double

    /// z for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    public init(matched: Int, sampled: Int, z: Double = ShareEstimate.z95) {
        self.matched = matched
        self.sampled = sampled
        guard sampled > 0 else {
            value = 0; low = 0; high = 1; standardError = 1  // nothing sampled: no information (finite, for JSON)
            return
        }
        let n = Double(sampled), p = Double(matched) / n
        value = p
        standardError = (p * (1 - p) / n).squareRoot()
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        low = matched == 0 ? 0 : max(0, centre - half)
        high = matched == sampled ? 1 : min(1, centre + half)
    }

    public func covers(_ truth: Double) -> Bool { low <= truth && truth <= high }
}

/// Number of entries of sorted, repeat-free `a` also in sorted, repeat-free `b`.
@inline(__always)
func sortedIntersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
    var i = 0, j = 0, n = 0
    while i < a.count, j < b.count {
        if a[i] == b[j] { n += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
    }
    return n
}

/// The hashes of a finished sketch that a coarser scale keeps (a FracMinHash at scale s' ≥ s is
/// the prefix of the one at s below the coarser threshold).
func prefix(_ hashes: [UInt64], below threshold: UInt64) -> ArraySlice<UInt64> {
    var lo = 0, hi = hashes.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if hashes[mid] < threshold { lo = mid + 1 } else { hi = mid }
    }
    return hashes[0 ..< lo]
}

/// Greedy minimum cover (sourmash `gather`): which sources explain a mixed leak, and how much
/// of it each explains that no source picked before it does.
public enum GreedyCover {
    public struct Step: Sendable, Codable, Equatable {
        /// Index of the source in the candidates handed in.
        public var source: Int
        public var name: String
        /// Share of the leak's sampled hashes this source explains beyond earlier picks.
        public var share: ShareEstimate
        /// Share of the whole leak in this source, overlap with earlier picks included.
        public var containment: ShareEstimate
    }

    public struct Result: Sendable, Codable, Equatable {
        public var steps: [Step]
        /// Share of the leak no picked source explains.
        public var unexplained: ShareEstimate
        /// Leak hashes sampled (the denominator of every share).
        public var sampled: Int
    }

    /// `leak` and each source's hashes are sorted and repeat-free, all under the same threshold.
    /// Stops when the best remaining source explains fewer than `minimumMatches` hashes or less
    /// than `minimumShare` of the leak.
    public static func run(leak: [UInt64], sources: [(name: String, hashes: [UInt64])], minimumMatches: Int = 3, minimumShare: Double = 0.005) -> Result {
        let n = leak.count
        var remaining = leak
        var steps: [Step] = []
        var used = Set<Int>()
        while !remaining.isEmpty {
            var best = -1, bestCount = 0
            for (i, s) in sources.enumerated() where !used.contains(i) {
                let c = sortedIntersectionCount(remaining, s.hashes)
                if c > bestCount { best = i; bestCount = c }
            }
            guard best >= 0, bestCount >= minimumMatches, Double(bestCount) >= minimumShare * Double(n) else { break }
            used.insert(best)
            let total = sortedIntersectionCount(leak, sources[best].hashes)
            steps.append(Step(source: best, name: sources[best].name,
                              share: ShareEstimate(matched: bestCount, sampled: n),
                              containment: ShareEstimate(matched: total, sampled: n)))
            // Remove the explained hashes.
            let s = sources[best].hashes
            var out: [UInt64] = []
            out.reserveCapacity(remaining.count - bestCount)
            var j = 0
            for h in remaining {
                while j < s.count && s[j] < h { j += 1 }
                if j < s.count && s[j] == h { continue }
                out.append(h)
            }
            remaining = out
        }
        return Result(steps: steps, unexplained: ShareEstimate(matched: remaining.count, sampled: n), sampled: n)
    }
}

/// Dating a snapshot (spec/attribution.md §5.4).
public enum SnapshotDating {
    /// One customer (or one SIM version) of the organisation, sampled by its keyed hash: active on
    /// days `from ..< to` (days since 1970-01-01; `to` = `Int32.max` while still active), and
    /// whether the leak holds its hash.
    public struct Interval: Sendable, Equatable {
        public var from: Int32
        public var to: Int32
        public var inLeak: Bool

        public init(from: Int32, to: Int32, inLeak: Bool) {
            self.from = from
            self.to = to
            self.inLeak = inLeak
        }
    }

    public struct Estimate: Sendable, Codable, Equatable {
        /// The most likely snapshot day (days since 1970-01-01).
        public var day: Int
        /// The 95 % profile-likelihood interval (log-likelihood within 1.92 of the maximum), or,
        /// for the version peak, the days reaching the maximum count.
        public var low: Int
        public var high: Int
        /// Coverage q̂ (share of customers active on the day found in the leak) and background η̂.
        public var coverage: Double
        public var background: Double
        /// Entries used and those found in the leak.
        public var entries: Int
        public var inLeak: Int
        /// Change-point: log-likelihood ratio of the best day against "no snapshot" (a flat rate).
        public var support: Double
    }

    /// Counts per day over the span of the entries, so every statistic over T is a prefix sum.
    private struct Days {
        var first: Int
        var count: Int
        var startAll: [Int], endAll: [Int], startIn: [Int], endIn: [Int]

        init?(_ intervals: [Interval]) {
            var lo = Int.max, hi = Int.min
            for e in intervals where e.from != Int32.min {
                lo = min(lo, Int(e.from))
                hi = max(hi, Int(e.from))
                if e.to != Int32.max { hi = max(hi, Int(e.to)) }
            }
            guard lo <= hi else { return nil }
            first = lo
            count = hi - lo + 2
            startAll = [Int](repeating: 0, count: count); endAll = startAll; startIn = startAll; endIn = startAll
            for e in intervals where e.from != Int32.min {
                let s = Int(e.from) - lo
                startAll[s] += 1
                if e.inLeak { startIn[s] += 1 }
                if e.to != Int32.max, e.to > e.from {
                    let t = Int(e.to) - lo
                    endAll[t] += 1
                    if e.inLeak { endIn[t] += 1 }
                } else if e.to != Int32.max {
                    // Left the day it joined: never active; cancel at once.
                    endAll[s] += 1
                    if e.inLeak { endIn[s] += 1 }
                }
            }
        }
    }

    @inline(__always)
    private static func xlogy(_ k: Double, _ p: Double) -> Double { k > 0 ? k * Foundation.log(p) : 0 }

    /// Binomial log-likelihood of k of n at the MLE rate k/n.
    @inline(__always)
    private static func binomialLL(_ k: Double, _ n: Double) -> Double {
        guard n > 0 else { return 0 }
        let p = k / n
        return xlogy(k, p) + xlogy(n - k, 1 - p)
    }

    /// Join/churn change-point: P(i in leak) = q·1[from ≤ T < to] + η; maximise the profile
    /// likelihood over T with q̂ and η̂ in closed form per T (prefix sums over daily counts).
    public static func changePoint(_ intervals: [Interval]) -> Estimate? {
        guard let d = Days(intervals) else { return nil }
        let nTotal = Double(intervals.count { $0.from != Int32.min })
        let kTotal = Double(intervals.count { $0.from != Int32.min && $0.inLeak })
        guard kTotal > 0 else { return nil }
        var lls = [Double](repeating: -.infinity, count: d.count)
        var nA = 0, kA = 0
        var best = -1, bestLL = -Double.infinity
        var qBest = 0.0, etaBest = 0.0
        for t in 0 ..< d.count {
            nA += d.startAll[t] - d.endAll[t]
            kA += d.startIn[t] - d.endIn[t]
            let na = Double(nA), ka = Double(kA)
            let ni = nTotal - na, ki = kTotal - ka
            guard na > 0 else { continue }
            let p1 = ka / na, p0 = ni > 0 ? ki / ni : 0
            guard p1 > p0 else { continue }
            let ll = binomialLL(ka, na) + binomialLL(ki, ni)
            lls[t] = ll
            if ll > bestLL { bestLL = ll; best = t; qBest = p1 - p0; etaBest = p0 }
        }
        guard best >= 0 else { return nil }
        var low = best, high = best
        while low > 0, lls[low - 1] >= bestLL - 1.92 { low -= 1 }
        while high < d.count - 1, lls[high + 1] >= bestLL - 1.92 { high += 1 }
        let flat = binomialLL(kTotal, nTotal)
        return Estimate(day: d.first + best, low: d.first + low, high: d.first + high, coverage: qBest, background: etaBest,
                        entries: Int(nTotal), inLeak: Int(kTotal), support: bestLL - flat)
    }

    /// Versioned keys (phone‖ICCID): the day on which most of the leak's versions were current.
    /// Only entries found in the leak matter; the interval is the run of days at the maximum.
    public static func versionPeak(_ intervals: [Interval]) -> Estimate? {
        let hits = intervals.filter { $0.inLeak }
        guard !hits.isEmpty, let d = Days(hits) else { return nil }
        var active = 0, best = -1, bestCount = 0
        var counts = [Int](repeating: 0, count: d.count)
        for t in 0 ..< d.count {
            active += d.startAll[t] - d.endAll[t]
            counts[t] = active
            if active > bestCount { bestCount = active; best = t }
        }
        guard best >= 0 else { return nil }
        var low = best, high = best
        while low > 0, counts[low - 1] == bestCount { low -= 1 }
        while high < d.count - 1, counts[high + 1] == bestCount { high += 1 }
        return Estimate(day: d.first + (low + high) / 2, low: d.first + low, high: d.first + high,
                        coverage: Double(bestCount) / Double(hits.count), background: 0,
                        entries: intervals.count, inLeak: hits.count, support: Double(bestCount))
    }
}
