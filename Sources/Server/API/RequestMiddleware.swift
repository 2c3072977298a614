import Foundation
import HTTPTypes
import Hummingbird
import LeakTraceCore
import Logging
import NIOCore

/// Wraps every request: the user-agent rule (403 without one, HIBP's rule), errors mapped to
/// HIBP-shaped answers, `X-Request-Id`, one log line and the request metrics.
///
/// The log line and the metrics name the route *pattern* (`/api/v3/breachedaccount/{account}`),
/// never the URI, a parameter or a header value: lookups carry personal data and API keys.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let metrics: ServerMetrics
    static let requestIdHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            guard let ua = request.headers[.userAgent], !TextTrim.trimmed(ua, .whitespaces).isEmpty else {
                throw APIError.missingUserAgent
            }
            response = try await next(request, context)
        } catch let error as RateLimitedError {
            metrics.rateLimited(scope: error.scope)
            response = try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            if RequestMiddleware.route(context) == nil, error.status == .notFound {
                if let allowed = KnownRoutes.allowedMethods(path: request.uri.path) {
                    response = try APIError(.methodNotAllowed, "Method not allowed.", headers: [.allow: allowed]).response(from: request, context: context)
                } else {
                    // No such route: an empty 404, as HIBP answers an unknown resource.
                    response = Response(status: .notFound)
                }
            } else {
                response = try error.response(from: request, context: context)
            }
        } catch {
            // The type only: an error's text could, in principle, quote input.
            context.logger.error("request failed", metadata: ["error.type": .string(String(reflecting: type(of: error)))])
            response = try APIError(.internalServerError, "Internal server error.").response(from: request, context: context)
        }
        response.headers[RequestMiddleware.requestIdHeader] = context.logger[metadataKey: "hb.request.id"]?.description ?? ""
        let route = RequestMiddleware.route(context) ?? "unmatched"
        Self.record(route: route, method: request.method, status: response.status, since: start, metrics: metrics, logger: context.logger)
        return response
    }

    /// A request's metrics and its log line (`request`, at info): the route pattern, method,
    /// status and duration, never a value of the request. Shared with `LookupFastPath`.
    static func record(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, since start: ContinuousClock.Instant, metrics: ServerMetrics, logger: Logger) {
        let elapsed = ContinuousClock.now - start
        metrics.request(route: route, method: method.rawValue, status: Int(status.code), duration: elapsed)
        guard logger.logLevel <= .info else { return }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        logger.info(
            "request",
            metadata: [
                "http.route": .string(route),
                "http.method": .string(method.rawValue),
                "http.status": .stringConvertible(status.code),
                "http.duration_ms": .string(String(format: "%.2f", ms)),
            ]
        )
    }

    /// The matched route pattern; nil when no route matched (Hummingbird's not-found responder
    /// names its endpoint `NotFound`).
    static func route(_ context: Context) -> String? {
        guard let p = context.endpointPath, p != "NotFound" else { return nil }
        return p
    }
}

/// The documented paths and their methods: a wrong method on one of them is 405 with `Allow`.
enum KnownRoutes {
    static let routes: [(pattern: [String], methods: String)] = [
        (["api", "v3", "breaches"], "GET"),
        (["api", "v3", "breach", "*"], "GET"),
        (["api", "v3", "latestbreach"], "GET"),
        (["api", "v3", "dataclasses"], "GET"),
        (["api", "v3", "breachedaccount", "*"], "GET"),
        (["api", "v3", "breachedaccount"], "POST"),
        (["api", "v3", "ownership", "challenge"], "POST"),
        (["api", "v3", "ownership", "verify"], "POST"),
        (["openapi.json"], "GET"),
        (["metrics"], "GET"),
    ]

    static func allowedMethods(path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for r in routes where r.pattern.count == parts.count {
            if zip(r.pattern, parts).allSatisfy({ $0 == "*" || $0 == $1 }) { return r.methods }
        }
        return nil
    }
}

/// The client's address for per-address limits: the peer, or the last `X-Forwarded-For` hop
/// when the peer is a trusted proxy.
struct ClientAddress {
    let trustedProxies: [String]

    func of(_ request: Request, context: AppRequestContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard !trustedProxies.isEmpty, trustedProxies.contains("*") || trustedProxies.contains(peer),
              let xff = request.headers[.init("X-Forwarded-For")!] else { return peer }
        let hops = xff.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // The nearest hop not itself a trusted proxy: what our proxy saw.
        for hop in hops.reversed() where !trustedProxies.contains(hop) { return hop }
        return hops.first ?? peer
    }
}
