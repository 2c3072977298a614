/// A FracMinHash (scaled MinHash) sketch: every 64-bit keyed hash below `2⁶⁴ / scale` is kept
/// (spec/attribution.md §5.2). Containment of one set in another is the share of the first
/// sketch's hashes found in the second; its standard error is about √(C(1−C) / (|L| / scale)).
///
/// The hashes must be keyed (PRF64): an unkeyed hash of an enumerable identifier is plaintext.
public struct FracMinHash: Sendable, Equatable {
    /// One hash in `scale` is kept.
    public let scale: UInt64
    /// Hashes strictly below this are kept.
    public let threshold: UInt64
    /// Kept hashes, sorted ascending, without repeats (after `finish()` or when built sorted).
    public private(set) var hashes: [UInt64]
    private var sorted: Bool

    public init(scale: UInt64) {
        precondition(scale >= 1, "scale is at least 1")
        self.scale = scale
        threshold = scale == 1 ? .max : UInt64.max / scale
        hashes = []
        sorted = true
    }

    /// A sketch from hashes already chosen under the same scale (read from a file).
    public init(scale: UInt64, hashes: [UInt64]) {
        self.init(scale: scale)
        self.hashes = hashes.filter { $0 < threshold }
        sorted = false
        finish()
    }

    /// Whether a hash falls in the sketch's sample.
    @inline(__always)
    public func keeps(_ hash: UInt64) -> Bool { hash < threshold }

    /// Offers one hash; kept when below the threshold.
    @inline(__always)
    public mutating func insert(_ hash: UInt64) {
        guard hash < threshold else { return }
        if let last = hashes.last, last >= hash { sorted = false }
        hashes.append(hash)
    }

    /// Sorts and removes repeats; call after the last insert.
    public mutating func finish() {
        if !sorted {
            hashes.sort()
            sorted = true
        }
        var out = 0
        for i in hashes.indices where out == 0 || hashes[i] != hashes[out - 1] {
            hashes[out] = hashes[i]
            out += 1
        }
        hashes.removeLast(hashes.count - out)
    }

    /// Adds every hash of another sketch of the same scale.
    public mutating func formUnion(_ other: FracMinHash) {
        precondition(other.scale == scale, "sketches of different scales")
        hashes += other.hashes
        sorted = false
        finish()
    }

    /// Number of kept hashes.
    public var count: Int { hashes.count }

    /// Estimated number of distinct items offered.
    public var estimatedCardinality: Double { Double(hashes.count) * Double(scale) }

    /// Number of hashes in both sketches (both finished, same scale).
    public func intersectionCount(_ other: FracMinHash) -> Int {
        precondition(other.scale == scale, "sketches of different scales")
        var i = 0, j = 0, n = 0
        let a = hashes, b = other.hashes
        while i < a.count, j < b.count {
            if a[i] == b[j] { n += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    /// Ĉ(self ⊂ other) = |self ∩ other| / |self|; nil for an empty sketch.
    public func containment(in other: FracMinHash) -> Double? {
        hashes.isEmpty ? nil : Double(intersectionCount(other)) / Double(hashes.count)
    }
}
