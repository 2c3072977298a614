import ArgumentParser
import Foundation
import Provenance

extension LeakTrace.Simulate {
    /// `leaktrace simulate attribution`: the attribution estimators on synthetic organisations.
    struct AttributionSim: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attribution",
            abstract: "Containment, mixed-leak split and snapshot dating on synthetic organisations with churn.",
            discussion: "Draws the sketches' kept hashes directly with a seeded generator (exact in distribution under a PRF; see docs/attribution.md), so a 1M-row trial takes milliseconds."
        )

        @Option(help: "Trials per setting.")
        var trials: Int = 200

        @Option(help: "Rows of each simulated leak.")
        var leakRows: Int = 1_000_000

        @Option(help: "FracMinHash scale of the identity sketches.")
        var scale: UInt64 = 1000

        @Option(help: "Scale of the join/leave ledger.")
        var datingScale: UInt64 = 10

        @Option(help: "Customers of the dated organisation.")
        var customers: Int = 2_000_000

        @Option(help: "Seed.")
        var seed: UInt64 = 1

        func validate() throws {
            if trials < 1 || leakRows < 1000 || scale < 1 || datingScale < 1 || customers < 1000 { throw ValidationError("sizes too small") }
        }

        func run() throws {
            var rng = SplitMix64(seed: seed)
            print("Containment (leak \(leakRows) rows, source 2× larger, scale 1/\(scale), \(trials) trials per C):")
            for truth in [0.02, 0.3, 0.9] {
                var within = 0, covered = 0, worst = 0.0
                for _ in 0 ..< trials {
                    let t = AttributionSimulation.containment(leakRows: leakRows, truth: truth, sourceRows: 2 * leakRows, scale: scale, rng: &rng)
                    let e = ShareEstimate(matched: t.leak.intersectionCount(t.source), sampled: t.leak.count)
                    worst = max(worst, abs(e.value - t.truth))
                    if abs(e.value - t.truth) <= 0.04 { within += 1 }
                    if e.covers(t.truth) { covered += 1 }
                }
                print(String(format: "  C=%.2f: |Ĉ−C| ≤ 0.04 in %d/%d (%.1f%%), worst %.4f; 95%% interval covered C in %.1f%%", truth, within, trials, 100 * Double(within) / Double(trials), worst, 100 * Double(covered) / Double(trials)))
            }

            print("Mixed leak (3 of 10 candidates of 1M-3M customers among 100M identities, shares 50/30/15% + 5% from nobody's customers):")
            var good = 0, worstShare = 0.0
            let mixedTrials = max(1, trials / 4)
            for _ in 0 ..< mixedTrials {
                let bases = (0 ..< 10).map { _ in 1_000_000 + Int(rng.below(2_000_000)) }
                var picks: [Int] = []
                while picks.count < 3 { let j = Int(rng.below(10)); if !picks.contains(j) { picks.append(j) } }
                let shares = [picks[0]: 0.5, picks[1]: 0.3, picks[2]: 0.15]
                let t = AttributionSimulation.mixed(population: 100_000_000, baseRows: bases, leakRows: leakRows, shares: shares, scale: scale, rng: &rng)
                let r = GreedyCover.run(leak: t.leak.hashes, sources: t.sources.map { ($0.name, $0.sketch.hashes) })
                var ok = true
                for (j, share) in shares {
                    guard let step = r.steps.first(where: { $0.source == j }) else { ok = false; continue }
                    worstShare = max(worstShare, abs(step.share.value - share))
                    if abs(step.share.value - share) > 0.05 { ok = false }
                }
                if r.steps.contains(where: { shares[$0.source] == nil && $0.share.value > 0.01 }) { ok = false }
                if ok { good += 1 }
            }
            print(String(format: "  all 3 named, each share within ±0.05, no other > 1%%: %d/%d; worst share error %.4f", good, mixedTrials, worstShare))

            print("Snapshot day (\(customers) customers over 10 years, tenure exp(1,500 d), ledger 1/\(datingScale)):")
            for q in [0.05, 0.3, 0.9] {
                for eta in [0.0, 0.002] {
                    var within = 0, exact = 0
                    let n = max(1, trials / 10)
                    for _ in 0 ..< n {
                        let t = AttributionSimulation.dating(customers: customers, coverage: q, background: eta, scale: datingScale, rng: &rng)
                        if let e = SnapshotDating.changePoint(t.intervals) {
                            if abs(e.day - t.snapshot) <= 1 { within += 1 }
                            if e.day == t.snapshot { exact += 1 }
                        }
                    }
                    print(String(format: "  q=%.2f η=%.3f: within ±1 day %d/%d, exact %d", q, eta, within, n, exact))
                }
            }
        }
    }
}
