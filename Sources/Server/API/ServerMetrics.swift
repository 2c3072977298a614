import Prometheus
import Synchronization

/// The server's Prometheus metrics, in a registry of its own (injected, so tests read it).
/// Labels hold route patterns, statuses and lookup types, never a value.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// The request series made so far, by route, method and status: the registry builds names
    /// and label arrays on every `make…` call, too slow for once per request.
    private let requestSeries = RequestSeriesCache()

    /// Requests `LookupFastPath` answered (the rest of the account lookups went to the router).
    private let fastPathAnswers: Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        fastPathAnswers = registry.makeCounter(
            descriptor: .init(namespace: "leaktrace", metricName: "lookup_fast_path", unitName: "total", helpText: "Account lookups answered on the event loop, before the router.")
        )
    }

    func fastPathAnswered() {
        fastPathAnswers.increment()
    }

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    func request(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestSeriesCache.Key(route: route, method: method, status: status)
        if let series = requestSeries.series.withLock({ $0[key] }) {
            series.counter.increment()
            series.histogram.record(duration)
            return
        }
        let counter = registry.makeCounter(
            descriptor: .init(namespace: "leaktrace", metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route pattern, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        )
        let histogram = registry.makeDurationHistogram(
            descriptor: .init(namespace: "leaktrace", metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency by route pattern and method."),
            labels: [("route", route), ("method", method)],
            buckets: ServerMetrics.durationBuckets
        )
        requestSeries.series.withLock { $0[key] = (counter, histogram) }
        counter.increment()
        histogram.record(duration)
    }

    /// - Parameters:
    ///   - type: `email`, `phone` or `mykad`.
    ///   - result: `found`, `not_found` or `ownership_required`.
    func lookup(type: String, result: String) {
        let key = LookupSeriesKey(type: type, result: result)
        if let counter = requestSeries.lookups.withLock({ $0[key] }) {
            counter.increment()
            return
        }
        let counter = registry.makeCounter(
            descriptor: .init(namespace: "leaktrace", metricName: "lookups", unitName: "total", helpText: "Account lookups by identifier type and result."),
            labels: [("type", type), ("result", result)]
        )
        requestSeries.lookups.withLock { $0[key] = counter }
        counter.increment()
    }

    /// - Parameter scope: `key`, `address` or `contact`.
    func rateLimited(scope: String) {
        registry.makeCounter(
            descriptor: .init(namespace: "leaktrace", metricName: "rate_limited", unitName: "total", helpText: "Requests refused with 429, by limit."),
            labels: [("scope", scope)]
        ).increment()
    }

    func text() -> String {
        registry.emitToString()
    }
}

/// Request counters and histograms by route pattern, method and status, and lookup counters (a bounded set: routes
/// are patterns, never URIs).
final class RequestSeriesCache: Sendable {
    struct Key: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    let series = Mutex<[Key: (counter: Counter, histogram: DurationHistogram)]>([:])
    let lookups = Mutex<[LookupSeriesKey: Counter]>([:])
}

struct LookupSeriesKey: Hashable, Sendable {
    var type: String
    var result: String
}
