import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import LeakTraceCore
import Synchronization

/// Checks `hibp-api-key` and applies the key's per-minute limit.
///
/// Keys are 32 hex digits (HIBP's form), stored only as `IndexKey.tokenHash(key, purpose: "api-key")`.
/// Lookups of the store are cached for `cacheSeconds` (hits and misses), so a revocation takes
/// effect within that time.
public final class APIKeyAuthenticator: Sendable {
    public static let header = HTTPField.Name("hibp-api-key")!

    let store: any ExposureStore
    let key: IndexKey
    let cacheSeconds: Double
    let defaultRPM: Int
    let limiter: RateLimiter
    /// Keyed by the presented key as sent, in memory only: the keyed hash (of the lower-cased
    /// key) is computed once per key spelling and cache period, not on every request.
    private let cache = Mutex<[String: (record: APIKeyRecord?, at: Double)]>([:])

    init(store: any ExposureStore, key: IndexKey, cacheSeconds: Double, defaultRPM: Int, limiter: RateLimiter) {
        self.store = store
        self.key = key
        self.cacheSeconds = cacheSeconds
        self.defaultRPM = defaultRPM
        self.limiter = limiter
    }

    /// Whether a value has the form of an API key: 32 hex digits.
    public static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 32 && value.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }

    /// A new key: 32 lowercase hex digits.
    public static func generate() -> String {
        var g = SystemRandomNumberGenerator()
        return Hex.encode((0 ..< 16).map { _ in UInt8.random(in: 0 ... 255, using: &g) })
    }

    /// The stored form of a key.
    public static func hash(_ apiKey: String, key: IndexKey) -> String {
        key.tokenHash(apiKey.lowercased(), purpose: "api-key")
    }

    /// The valid, unrevoked key record of the request.
    /// - Throws: `APIError` 401 (missing, improperly formed, invalid) or 429 (the key's limit).
    func authenticate(_ request: Request) async throws -> APIKeyRecord {
        guard let raw = request.headers[APIKeyAuthenticator.header].map { TextTrim.trimmed($0, .whitespaces) }, !raw.isEmpty else {
            throw APIError.missingKey
        }
        guard APIKeyAuthenticator.isWellFormed(raw) else { throw APIError.malformedKey }
        guard let record = try await record(apiKey: raw), record.revokedAt == nil else { throw APIError.invalidKey }
        if case .limited(let retry) = take(record) {
            throw RateLimitedError(scope: "key", retryAfter: retry)
        }
        return record
    }

    /// The request's valid, unrevoked key record if the answer is in the cache and fresh; nil
    /// for anything else (no key, malformed, unknown, revoked, not cached), which `authenticate`
    /// answers. Takes no rate-limit token: the caller takes one with `take(_:)`.
    func cachedValidRecord(_ headers: HTTPFields) -> APIKeyRecord? {
        guard let raw = headers[APIKeyAuthenticator.header].map({ TextTrim.trimmed($0, .whitespaces) }), !raw.isEmpty,
              let c = cache.withLock({ $0[raw] }), Date().timeIntervalSince1970 - c.at < cacheSeconds,
              let record = c.record, record.revokedAt == nil else { return nil }
        return record
    }

    /// The key's per-minute limit, as `authenticate` applies it.
    func take(_ record: APIKeyRecord) -> RateLimiter.Decision {
        limiter.take("key:" + record.id, rpm: record.rpm > 0 ? record.rpm : defaultRPM)
    }

    private func record(apiKey: String) async throws -> APIKeyRecord? {
        let now = Date().timeIntervalSince1970
        if let c = cache.withLock({ $0[apiKey] }), now - c.at < cacheSeconds { return c.record }
        let record = try await store.apiKey(keyHash: APIKeyAuthenticator.hash(apiKey, key: key))
        cache.withLock { c in
            if c.count > 10_000 { c = c.filter { now - $0.value.at < cacheSeconds } }
            c[apiKey] = (record, now)
        }
        return record
    }
}

/// A 429 (HIBP's body and `Retry-After`), counted in the metrics by its scope.
struct RateLimitedError: Error, HTTPResponseError {
    /// `key`, `address` or `contact`.
    var scope: String
    var retryAfter: Int

    var status: HTTPResponse.Status { .tooManyRequests }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError.rateLimited(retryAfter: retryAfter).response(from: request, context: context)
    }
}

