import Foundation
import Provenance
import Testing

@Suite("Tardos code, bound and collusion simulation")
struct TardosTests {
    @Test("arcsine biases stay inside the cutoff and average about one half")
    func biases() {
        var rng = SplitMix(seed: 3)
        var sum = 0.0
        for _ in 0 ..< 10_000 {
            let p = Tardos.bias(uniform: Tardos.uniform(rng.next()))
            #expect(p >= 0.005 - 1e-12 && p <= 0.995 + 1e-12)
            sum += p
        }
        #expect(abs(sum / 10_000 - 0.5) < 0.02)
    }

    @Test("the per-case Chernoff threshold bounds innocents' exceedance (calibration at 1e-2 per innocent)")
    func calibration() {
        // n = 1, ε = 1e-2: each innocent may exceed with probability ≤ 1e-2 (spec §8.3 item 1).
        var rng = SplitMix(seed: 99)
        var exceed = 0, draws = 0
        for _ in 0 ..< 20 {
            let m = 400
            let p = (0 ..< m).map { _ in Tardos.bias(uniform: Tardos.uniform(rng.next())) }
            let colluder = p.map { Tardos.symbol(rng.next(), bias: $0) }
            let y = colluder  // single leaker
            let z = TardosBound.threshold(biases: p, pirate: y, recipients: 1, epsilon: 1e-2)
            for _ in 0 ..< 500 {
                var s = 0.0
                for i in 0 ..< m {
                    let t = Tardos.terms(bias: p[i], pirate: y[i])
                    s += Tardos.symbol(rng.next(), bias: p[i]) ? t.one : t.zero
                }
                draws += 1
                if s >= z { exceed += 1 }
            }
        }
        #expect(Double(exceed) / Double(draws) <= 1e-2)
    }

    @Test("a p-value bound at or below ε is the same decision as a score at or above the threshold")
    func boundMatchesThreshold() {
        var rng = SplitMix(seed: 5)
        let p = (0 ..< 300).map { _ in Tardos.bias(uniform: Tardos.uniform(rng.next())) }
        let y = p.map { Tardos.symbol(rng.next(), bias: $0) }
        let z = TardosBound.threshold(biases: p, pirate: y, recipients: 1000, epsilon: 1e-9)
        let above = TardosBound.log10PValue(score: z * 1.02, biases: p, pirate: y, recipients: 1000)
        let below = TardosBound.log10PValue(score: z * 0.98, biases: p, pirate: y, recipients: 1000)
        #expect(above <= -9)
        #expect(below > -9)
    }

    @Test("n = 1,000, ε = 1e-9: a single leaker is named from 50 rows in ≥ 99% of 200 trials; no innocent accused")
    func singleLeaker() {
        var s = CollusionSimulation()
        s.recipients = 1_000; s.colluders = 1; s.rows = 50; s.slotsPerRow = 4; s.trials = 200; s.seed = 101
        let r = s.run()
        #expect(r.rate >= 0.99, "named \(r.named)/\(r.trials)")
        #expect(r.innocentsAccused == 0)
        #expect(r.innocentsSimulated == 200 * 999)
    }

    @Test("n = 1,000, ε = 1e-9: one of 3 colluders is named from 300 rows (interleaved copies) in ≥ 99% of 200 trials; no innocent accused")
    func threeColludersInterleaved() {
        var s = CollusionSimulation()
        s.recipients = 1_000; s.colluders = 3; s.rows = 300; s.slotsPerRow = 4; s.trials = 200; s.seed = 303
        s.attack = .interleave
        let r = s.run()
        #expect(r.rate >= 0.99, "named \(r.named)/\(r.trials)")
        #expect(r.innocentsAccused == 0)
    }

    @Test("3 colluders, 300 rows: majority, minority, random, all-ones and all-zeros attacks each name a colluder in ≥ 98.5% of 200 trials", arguments: [CollusionAttack.majority, .minority, .random, .allOnes, .allZeros])
    func threeColludersAttacks(attack: CollusionAttack) {
        var s = CollusionSimulation()
        s.recipients = 1_000; s.colluders = 3; s.rows = 300; s.slotsPerRow = 4; s.trials = 200; s.seed = 404
        s.attack = attack
        s.simulateInnocents = false  // the threshold bounds them rigorously; simulated in the interleave test
        let r = s.run()
        #expect(r.rate >= 0.985, "\(attack): named \(r.named)/\(r.trials)")
    }

    @Test("two of four slots normalised away: twice the rows restore the power (spec §8.3 item 3)")
    func normalisedSlots() {
        var s = CollusionSimulation()
        s.recipients = 1_000; s.colluders = 1; s.rows = 100; s.slotsPerRow = 4; s.erasedSlotsPerRow = 2; s.trials = 200; s.seed = 7
        s.simulateInnocents = false
        #expect(s.run().rate >= 0.99)
    }

    @Test("too few rows cannot name three colluders: the test could fail")
    func underpowered() {
        var s = CollusionSimulation()
        s.recipients = 1_000; s.colluders = 3; s.rows = 30; s.slotsPerRow = 4; s.trials = 50; s.seed = 9
        s.simulateInnocents = false
        #expect(s.run().rate < 0.5)
    }
}
