import Foundation
import Synchronization

/// Requests per minute per subject (an API key, a client address), HIBP-style: a bucket of `rpm`
/// requests that refills continuously, so no minute ever holds more than about `rpm` requests.
///
/// In memory, per server process. Behind several servers each enforces its own share.
public final class RateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Retry after this many whole seconds (HIBP rounds up).
        case limited(retryAfter: Int)
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let now: @Sendable () -> Double
    private let maxSubjects: Int

    /// - Parameters:
    ///   - now: seconds on a monotonic-enough clock (tests pass their own).
    ///   - maxSubjects: buckets kept before idle ones are dropped (bounded memory under a flood).
    public init(maxSubjects: Int = 200_000, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.now = now
        self.maxSubjects = maxSubjects
    }

    /// Takes one request of `subject` against a limit of `rpm` per minute.
    public func take(_ subject: String, rpm: Int) -> Decision {
        take(subject, limit: rpm, per: 60)
    }

    /// Takes one request of `subject` against a limit of `limit` per `seconds`.
    public func take(_ subject: String, limit: Int, per seconds: Double) -> Decision {
        let rpm = limit
        guard rpm > 0 else { return .limited(retryAfter: Int(seconds)) }
        let t = now()
        let rate = Double(rpm) / seconds
        return buckets.withLock { b in
            // One hash of the subject for a known one (the common case).
            if let i = b.index(forKey: subject) {
                return RateLimiter.spend(&b.values[i], at: t, rate: rate, rpm: rpm)
            }
            if b.count >= maxSubjects { RateLimiter.evictFull(&b, at: t, rate: rate, rpm: rpm) }
            var bucket = Bucket(tokens: Double(rpm), updated: t)
            let decision = RateLimiter.spend(&bucket, at: t, rate: rate, rpm: rpm)
            b[subject] = bucket
            return decision
        }
    }

    private static func spend(_ bucket: inout Bucket, at t: Double, rate: Double, rpm: Int) -> Decision {
        bucket.tokens = min(Double(rpm), bucket.tokens + (t - bucket.updated) * rate)
        bucket.updated = t
        guard bucket.tokens >= 1 else {
            return .limited(retryAfter: max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))))
        }
        bucket.tokens -= 1
        return .allowed
    }

    /// Drops buckets that have refilled completely: forgetting them changes no decision.
    private static func evictFull(_ b: inout [String: Bucket], at t: Double, rate: Double, rpm: Int) {
        b = b.filter { _, bucket in bucket.tokens + (t - bucket.updated) * rate < Double(rpm) }
    }
}
