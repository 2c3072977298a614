/// The generator's random source: xoshiro256** seeded through SplitMix64.
///
/// Swift's `SystemRandomNumberGenerator` is never used, and neither is the standard library's
/// `random(in:using:)`: its reduction algorithm is an implementation detail that may change between
/// toolchains, and a dump must be byte-identical for a given seed on every build. Every draw goes
/// through the methods below, whose arithmetic is fixed here.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole stream is fixed by `seed`.
    ///
    /// - Parameter seed: any value; SplitMix64 spreads it so that neighbouring seeds (1, 2, 3)
    ///   give unrelated streams and the state is never all zero.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The next 64 random bits (xoshiro256**, Blackman and Vigna 2018).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, so unbiased).
    ///
    /// - Parameter bound: the exclusive upper bound; must be positive.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in a closed range.
    @inline(__always)
    public mutating func inRange(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// `true` with probability `p` (53-bit resolution).
    @inline(__always)
    public mutating func chance(_ p: Double) -> Bool {
        if p <= 0 { return false }
        if p >= 1 { return true }
        return Double(next() >> 11) * 0x1.0p-53 < p
    }

    /// One element of a non-empty array, uniformly.
    @inline(__always)
    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): seeds xoshiro and derives independent per-dump keys.
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a good 64-bit bijective hash, used for keyed permutations.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A keyed bijection of `0..<size` onto itself: a balanced Feistel network on the smallest
/// even-width power of two that covers `size`, with cycle walking for the values outside.
///
/// Used to turn a running counter into an identifier that looks random but can never repeat, so
/// a dump of any size has distinct MSISDNs, IMSIs, ICCIDs, IMEIs and emails without a set of
/// everything emitted so far (constant memory).
struct KeyedPermutation: Sendable {
    let size: UInt64
    private let halfBits: UInt64
    private let halfMask: UInt64
    private let keys: (UInt64, UInt64, UInt64, UInt64)

    init(size: UInt64, key: UInt64) {
        precondition(size > 0 && size <= UInt64(1) << 62, "domain out of range")
        self.size = size
        var bits: UInt64 = 2
        while bits < 62, (UInt64(1) << bits) < size { bits += 2 }
        halfBits = bits / 2
        halfMask = (UInt64(1) << halfBits) - 1
        var mixer = SplitMix64(state: key)
        keys = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The image of `value` (which must be below `size`).
    func apply(_ value: UInt64) -> UInt64 {
        var x = value
        repeat {
            x = round(x)
        } while x >= size
        return x
    }

    private func round(_ value: UInt64) -> UInt64 {
        var left = value >> halfBits
        var right = value & halfMask
        // Four rounds, unrolled: an array of keys would allocate on every call.
        (left, right) = (right, left ^ (SplitMix64.mix(right ^ keys.0) & halfMask))
        (left, right) = (right, left ^ (SplitMix64.mix(right ^ keys.1) & halfMask))
        (left, right) = (right, left ^ (SplitMix64.mix(right ^ keys.2) & halfMask))
        (left, right) = (right, left ^ (SplitMix64.mix(right ^ keys.3) & halfMask))
        return (left << halfBits) | right
    }
}
