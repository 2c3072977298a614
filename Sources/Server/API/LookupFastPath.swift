import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import LeakTraceCore
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The common case of `GET /api/v3/breachedaccount/{account}` answered in the channel pipeline,
/// on the event loop that read it: a phone or email, a cached valid API key, the SQLite index
/// (synchronous probe), a fresh breach list, no proof header. Every other request, and every
/// request this path cannot finish without suspending, goes on to the router unchanged.
///
/// Why: under load, Hummingbird's per-request async machinery (the async channel, the request
/// task, the response writer) cost about four times the lookup itself. This path sends the same
/// answer as the router does (status, body, `Content-Type`, `Retry-After`, `X-Request-Id`,
/// `Date`, `Server`), with the same rate limits, metrics and log line; `ServerTests` compare the
/// two, request by request.
///
/// It declines before it charges anything: the key's rate-limit token is taken only once the
/// answer can be made here, so a declined request is charged once, by the router.
struct LookupFastPath: Sendable {
    static let prefix = Array("/api/v3/breachedaccount/".utf8)
    static let route = "/api/v3/breachedaccount/{account}"

    let lookup: LookupService
    let authenticator: APIKeyAuthenticator
    let metrics: ServerMetrics
    let logger: Logger
    let serverName: String?
    let dates = HTTPDateCache()

    /// The answer to `head`, or nil when the router must answer it.
    func answer(_ head: HTTPRequest) -> PlainResponse? {
        guard head.method == .get, let path = head.path, path.utf8.starts(with: Self.prefix),
              Self.keepsAlive(head.headerFields[.connection]), head.headerFields[LookupAPIController.ownershipHeader] == nil,
              let ua = head.headerFields[.userAgent], !TextTrim.trimmed(ua, .whitespaces).isEmpty
        else { return nil }
        let start = ContinuousClock.now
        let uri = URI(path)
        let segment = uri.path.utf8.dropFirst(Self.prefix.count)
        guard !segment.isEmpty, !segment.contains(0x2F),
              let query = try? LookupQuery(uri.queryParameters),
              let account = Account.parse(LookupAPIController.decoded(String(Substring(segment)))),
              let immediate = lookup.immediate(for: account, filter: query.filter),
              let record = authenticator.cachedValidRecord(head.headerFields)
        else { return nil }

        // From here on the request is answered here.
        metrics.fastPathAnswered()
        let id = RequestID().description
        var logger = logger
        logger[metadataKey: "hb.request.id"] = .string(id)
        var response: PlainResponse
        if case .limited(let retry) = authenticator.take(record) {
            metrics.rateLimited(scope: "key")
            response = PlainResponse(APIError.rateLimited(retryAfter: retry))
        } else {
            let typeName = LookupTypeName(account.type).rawValue
            do {
                let hits = try immediate.run()
                if logger.logLevel <= .debug {
                    logger.debug("lookup", metadata: ["lookup.type": .string(typeName), "lookup.hits": .stringConvertible(hits.count), "apikey.id": .string(record.id)])
                }
                response = try LookupAPIController.answer(hits, query: query, type: typeName, metrics: metrics)
            } catch {
                logger.error("request failed", metadata: ["error.type": .string(String(reflecting: type(of: error)))])
                response = PlainResponse(APIError(.internalServerError, "Internal server error."))
            }
        }
        response.headers[RequestMiddleware.requestIdHeader] = id
        response.headers[.date] = dates.now()
        if let serverName { response.headers[.server] = serverName }
        response.headers[.contentLength] = String(response.body.readableBytes)
        RequestMiddleware.record(route: Self.route, method: .get, status: response.status, since: start, metrics: metrics, logger: logger)
        return response
    }

    /// No `Connection` header or `keep-alive`: anything else (`close`, upgrades) is the router's.
    static func keepsAlive(_ connection: String?) -> Bool {
        guard let connection else { return true }
        return connection.utf8.count == 10 && connection.lowercased() == "keep-alive"
    }

    /// A new pipeline handler for one connection.
    func handler() -> LookupFastPathHandler {
        LookupFastPathHandler(core: self)
    }
}

/// `LookupFastPath` in one connection's pipeline, between the HTTP codec and Hummingbird's
/// async channel.
///
/// Order: HTTP/1.1 lets a client send requests before the answers to earlier ones (pipelining),
/// and the answers must go out in request order. Hummingbird answers its requests in order; this
/// handler answers a request itself only when no request it passed on is still unanswered (it
/// counts the heads it passes on and the response ends coming back).
final class LookupFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let core: LookupFastPath
    /// Requests passed on to the router whose response has not ended.
    private var routerPending = 0
    /// The answer to the request being read, sent when its end arrives.
    private var answering: PlainResponse?

    init(core: LookupFastPath) {
        self.core = core
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if routerPending == 0, answering == nil, let answer = core.answer(head) {
                answering = answer
                return
            }
            routerPending += 1
            context.fireChannelRead(data)
        case .body:
            // A GET's body, if a client sends one, is read and dropped, as the router does.
            if answering == nil { context.fireChannelRead(data) }
        case .end:
            guard let answer = answering else {
                context.fireChannelRead(data)
                return
            }
            answering = nil
            let head = HTTPResponse(status: answer.status, headerFields: answer.headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if answer.body.readableBytes > 0 {
                context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routerPending > 0 { routerPending -= 1 }
        context.write(data, promise: promise)
    }
}

/// The `Date` header's value (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted
/// once per second.
public final class HTTPDateCache: Sendable {
    private let cached = Mutex<(second: Int64, text: String)>((-1, ""))

    public init() {}

    public func now() -> String {
        let second = Int64(Date().timeIntervalSince1970.rounded(.down))
        return cached.withLock { c in
            if c.second != second { c = (second, Self.format(second)) }
            return c.text
        }
    }

    public static func format(_ unixSeconds: Int64) -> String {
        let days = Int((unixSeconds >= 0 ? unixSeconds : unixSeconds - 86_399) / 86_400)
        let secs = Int(unixSeconds - Int64(days) * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let weekday = weekdays[((days % 7) + 7) % 7]
        let year = String(repeating: "0", count: max(0, 4 - String(date.year).count)) + String(date.year)
        return "\(weekday), \(two(date.day)) \(months[date.month - 1]) \(year) \(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60)) GMT"
    }
}
