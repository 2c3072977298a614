import Exposure
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The lookup server's dependencies, built once: what `buildRouter` and `buildApplication` wire.
public struct ServerDependencies: Sendable {
    public var configuration: ServerConfiguration
    public var store: any ExposureStore
    public var key: IndexKey
    /// Sends ownership codes; nil: the ownership endpoints answer 503.
    public var sender: (any CodeSender)?
    public var metrics: ServerMetrics
    /// Shared by the per-address and per-key limits (tests pass one with their own clock).
    public var limiter: RateLimiter
    /// The incident cases' web UI and API (`/signin`, `/cases`, `/api/cases`); nil: not served.
    public var cases: CaseWeb?

    public init(
        configuration: ServerConfiguration, store: any ExposureStore, key: IndexKey, sender: (any CodeSender)?,
        metrics: ServerMetrics = ServerMetrics(), limiter: RateLimiter = RateLimiter(), cases: CaseWeb? = nil
    ) {
        self.configuration = configuration
        self.store = store
        self.key = key
        self.sender = sender
        self.metrics = metrics
        self.limiter = limiter
        self.cases = cases
    }
}

/// The services the router and the fast path share (caches, limits), built once per server.
struct ServerParts: Sendable {
    let lookup: LookupService
    let ownership: OwnershipService?
    let authenticator: APIKeyAuthenticator
    let clientAddress: ClientAddress

    init(_ deps: ServerDependencies) {
        let configuration = deps.configuration
        lookup = LookupService(store: deps.store, key: deps.key, catalogueTTL: configuration.catalogueCacheSeconds)
        ownership = deps.sender.map { OwnershipService(store: deps.store, key: deps.key, sender: $0) }
        authenticator = APIKeyAuthenticator(
            store: deps.store, key: deps.key, cacheSeconds: configuration.apiKeyCacheSeconds,
            defaultRPM: configuration.defaultKeyRPM, limiter: deps.limiter
        )
        clientAddress = ClientAddress(trustedProxies: configuration.trustedProxies)
    }
}

/// The router of the lookup server: HIBP v3 endpoints under `/api/v3`, ownership proofs, the
/// citizen page, `/openapi.json` and `/metrics`. Tests call it with `app.test(.router)`.
public func buildRouter(_ deps: ServerDependencies) -> Router<AppRequestContext> {
    buildRouter(deps, parts: ServerParts(deps))
}

func buildRouter(_ deps: ServerDependencies, parts: ServerParts) -> Router<AppRequestContext> {
    let configuration = deps.configuration
    let lookup = parts.lookup
    let ownership = parts.ownership
    let authenticator = parts.authenticator
    let clientAddress = parts.clientAddress

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestMiddleware(metrics: deps.metrics))

    let api = router.group("api/v3")
    LookupAPIController(
        lookup: lookup, authenticator: authenticator, addressLimiter: deps.limiter, clientAddress: clientAddress,
        configuration: configuration, metrics: deps.metrics
    ).addRoutes(to: api)
    OwnershipController(
        ownership: ownership, addressLimiter: deps.limiter, clientAddress: clientAddress,
        configuration: configuration, metrics: deps.metrics
    ).addRoutes(to: api)

    router.get("openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: JSONBody.contentType],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json))
        )
    }
    if configuration.metricsEnabled {
        let metrics = deps.metrics
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.text()))
            )
        }
    }
    CitizenController(lookup: lookup, ownership: ownership, limiter: deps.limiter).addRoutes(to: router)
    if let cases = deps.cases {
        addCaseRoutes(cases, to: router, limiter: deps.limiter, clientAddress: clientAddress)
    }
    return router
}

/// The lookup server as a Hummingbird application; `services` (a PostgreSQL client, …) run
/// beside it in its service group and are shut down with it on SIGTERM/SIGINT (`runService()`).
public func buildApplication(_ deps: ServerDependencies, logger: Logger, services: [any Service] = []) -> some ApplicationProtocol {
    let parts = ServerParts(deps)
    let router = buildRouter(deps, parts: parts)
    var http1 = HTTP1Channel.Configuration()
    if deps.configuration.lookupFastPath {
        let fastPath = LookupFastPath(
            lookup: parts.lookup, authenticator: parts.authenticator, metrics: deps.metrics,
            logger: logger, serverName: deps.configuration.serverName
        )
        http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [fastPath.handler()])
    }
    return Application(
        router: router,
        server: .http1(configuration: http1),
        configuration: .init(address: .hostname(deps.configuration.host, port: deps.configuration.port), serverName: deps.configuration.serverName),
        services: services,
        logger: logger
    )
}

/// Process-wide choices the server makes before it starts.
public enum ServerRuntime {
    /// Runs Swift Concurrency's jobs on NIO's event loops (the singleton group the server's
    /// sockets live on) instead of the separate cooperative pool: a request's handler then runs
    /// on the thread that read it, without the two thread hops per request. Call once, before the
    /// server starts. Blocking work in handlers must stay short (the SQLite lookup is a few
    /// microseconds on connections of its own); returns false where NIO cannot install it.
    ///
    /// - Parameter threads: event loop threads (default: one per core). One thread leaves the
    ///   other cores to a reverse proxy or the database on a small machine.
    @discardableResult
    public static func runConcurrencyOnEventLoops(threads: Int? = nil) -> Bool {
        if let threads, threads > 0 { NIOSingletons.groupLoopCountSuggestion = threads }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
