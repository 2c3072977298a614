import Foundation

/// The symmetric Tardos code of spec/attribution.md §3.4–§3.5: arcsine biases with a cutoff, the
/// symmetric score, and the per-case Chernoff threshold that bounds the false-accusation
/// probability *given* the observed biases and pirate symbols, whatever the coalition did.
public enum Tardos {
    /// Spec §8.2: δ = 0.005 is safe for coalitions up to c₀ = 5.
    public static let defaultCutoff = 0.005

    /// The bias p of one position from a uniform u in [0, 1): arcsine density on [δ, 1 − δ] (§3.7).
    @inline(__always)
    public static func bias(uniform u: Double, cutoff delta: Double = defaultCutoff) -> Double {
        let t = asin(delta.squareRoot())
        let s = sin(t + u * (Double.pi / 2 - 2 * t))
        return s * s
    }

    /// A 64-bit word as a uniform double in [0, 1).
    @inline(__always)
    public static func uniform(_ word: UInt64) -> Double { Double(word >> 11) * 0x1p-53 }

    /// The symbol 0 or 1 from a 64-bit word and the bias: `word / 2⁶⁴ < p`.
    @inline(__always)
    public static func symbol(_ word: UInt64, bias p: Double) -> Bool { uniform(word) < p }

    /// The two values a position's score term can take for one recipient: `one` when the
    /// recipient's symbol is 1, `zero` when it is 0 (symmetric score, §3.4).
    @inline(__always)
    public static func terms(bias p: Double, pirate y: Bool) -> (one: Double, zero: Double) {
        let a = ((1 - p) / p).squareRoot()
        let b = (p / (1 - p)).squareRoot()
        return y ? (a, -b) : (-a, b)
    }
}

/// The accumulated evidence against one recipient: its score and the cumulant function Λ(λ)
/// of an innocent's score over exactly the positions scored for it.
public struct TardosAccount: Sendable {
    /// Per position: bias p and the pirate symbol y.
    public private(set) var biases: [Double] = []
    public private(set) var pirate: [Bool] = []
    public private(set) var score = 0.0

    public init() {}

    public var positions: Int { biases.count }

    /// Adds one readable position where the recipient's symbol is `x`.
    @inline(__always)
    public mutating func add(bias p: Double, pirate y: Bool, recipient x: Bool) {
        let t = Tardos.terms(bias: p, pirate: y)
        score += x ? t.one : t.zero
        biases.append(p)
        pirate.append(y)
    }

    /// Λ(λ) = Σ ln(p·e^{λa} + (1−p)·e^{λb}), computed stably.
    public func cumulant(_ lambda: Double) -> Double {
        TardosBound.cumulant(lambda, biases: biases, pirate: pirate)
    }
}

/// The per-case Chernoff bound (§3.5).
public enum TardosBound {
    /// Λ(λ) over positions (bias, pirate symbol) for an innocent whose symbols are Bernoulli(p).
    public static func cumulant(_ lambda: Double, biases: [Double], pirate: [Bool]) -> Double {
        var total = 0.0
        for i in biases.indices {
            let p = biases[i]
            let t = Tardos.terms(bias: p, pirate: pirate[i])
            let u = lambda * t.one, v = lambda * t.zero
            let m = max(u, v)
            total += m + log(p * exp(u - m) + (1 - p) * exp(v - m))
        }
        return total
    }

    /// Golden-section search of a convex function of ln λ over [ln 10⁻⁴, ln 5] (Appendix A).
    static func minimise(_ f: (Double) -> Double) -> (lambda: Double, value: Double) {
        var lo = log(1e-4), hi = log(5.0)
        let g = (5.0.squareRoot() - 1) / 2
        var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
        var f1 = f(exp(x1)), f2 = f(exp(x2))
        for _ in 0 ..< 60 {
            if f1 < f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - g * (hi - lo); f1 = f(exp(x1))
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + g * (hi - lo); f2 = f(exp(x2))
            }
        }
        return f1 < f2 ? (exp(x1), f1) : (exp(x2), f2)
    }

    /// Z*(p, y) = min over λ of (Λ(λ) + ln(n/ε)) / λ: an innocent's score exceeds it with
    /// probability at most ε/n, so no innocent among n is accused with probability above ε.
    public static func threshold(biases: [Double], pirate: [Bool], recipients n: Int, epsilon: Double) -> Double {
        guard !biases.isEmpty else { return .infinity }
        let budget = log(Double(max(n, 1)) / epsilon)
        return minimise { lambda in (cumulant(lambda, biases: biases, pirate: pirate) + budget) / lambda }.value
    }

    /// The bound π = n · min over λ of exp(Λ(λ) − λ·S) on the chance that an innocent among n
    /// scores S or more, as a base-10 logarithm (capped at 0: a probability is at most 1).
    public static func log10PValue(score: Double, biases: [Double], pirate: [Bool], recipients n: Int) -> Double {
        guard !biases.isEmpty else { return 0 }
        let best = minimise { lambda in cumulant(lambda, biases: biases, pirate: pirate) - lambda * score }.value
        return min(0, (best + log(Double(max(n, 1)))) / log(10.0))
    }
}

/// A small, fast, seeded generator (SplitMix64) for the simulation harness and for expanding one
/// keyed PRF output into several per-slot words. Not a PRF by itself: where its output must be
/// unpredictable it is seeded from a keyed HMAC output that the adversary never sees.
public struct SplitMix: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mixer.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
