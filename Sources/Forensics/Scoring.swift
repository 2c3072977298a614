import Foundation

/// The statistics of spec §6.3.
public enum Scoring {
    /// ln C(n, k).
    static func logChoose(_ n: Double, _ k: Double) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    }

    /// −log10 P[X ≥ observed] for X ~ Hypergeometric(population, successes, draws): how unlikely
    /// an unrelated reader of `draws` rows would be to hit `observed` or more of the `successes`
    /// leaked rows by chance. 0 when `observed` is at or below the expected count.
    public static func specificity(population: Int, successes: Int, draws: Int, observed: Int) -> Double {
        let N = Double(max(population, 1))
        let K = Double(min(successes, population))
        let n = Double(min(draws, population))
        let k = Double(observed)
        guard k > 0, k > K * n / N else { return 0 }
        let upper = min(n, K)
        guard k <= upper else { return 0 }
        let denominator = logChoose(N, n)
        // Terms decrease beyond the mode, and k is above the mean: sum until negligible.
        var logSum = -Double.infinity
        var x = k
        var steps = 0
        while x <= upper && steps < 1_000_000 {
            let term = logChoose(K, x) + logChoose(N - K, n - x) - denominator
            if logSum == -.infinity {
                logSum = term
            } else {
                let hi = max(logSum, term)
                logSum = hi + log(exp(logSum - hi) + exp(term - hi))
                if term < logSum - 40 { break }
            }
            x += 1
            steps += 1
        }
        return max(0, -logSum / log(10))
    }

    /// The rarity weight of a leaked row that `readers` of `sessions` sessions read: log(S / df).
    public static func rarity(sessions: Int, readers: Int) -> Double {
        guard readers > 0, sessions > 0 else { return 0 }
        return log(Double(max(sessions, readers)) / Double(readers))
    }
}
