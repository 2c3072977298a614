import Foundation

/// Settings of the lookup server, read once at startup (the CLI fills it from flags, environment
/// and a configuration file; tests build it directly).
public struct ServerConfiguration: Sendable {
    /// Address to bind (`127.0.0.1` by default: put a reverse proxy in front for the public).
    public var host: String
    public var port: Int
    /// Requests per minute of an API key whose record has no positive `rpm`.
    public var defaultKeyRPM: Int
    /// Requests per minute per client address on endpoints without a key (catalogue, openapi)
    /// and for requests to key-only endpoints that carry no valid key.
    public var publicRPM: Int
    /// Ownership challenges and verifications per client address per hour.
    public var ownershipPerAddressPerHour: Int
    /// Peer addresses whose `X-Forwarded-For` is trusted (the reverse proxy); `*` trusts any
    /// peer. Empty (the default): the header is ignored and the peer address is the client.
    public var trustedProxies: [String]
    /// Seconds an API key lookup is cached; a revocation takes effect within this time.
    public var apiKeyCacheSeconds: Double
    /// Seconds the breach catalogue is cached.
    public var catalogueCacheSeconds: Double
    /// Whether `GET /metrics` is served.
    public var metricsEnabled: Bool
    /// Server name reported in the `Server` header; nil for none.
    public var serverName: String?
    /// Whether the common account lookup is answered on the event loop before the router
    /// (`LookupFastPath`); the answers are the same either way.
    public var lookupFastPath: Bool

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        defaultKeyRPM: Int = 10,
        publicRPM: Int = 120,
        ownershipPerAddressPerHour: Int = 20,
        trustedProxies: [String] = [],
        apiKeyCacheSeconds: Double = 5,
        catalogueCacheSeconds: Double = 5,
        metricsEnabled: Bool = true,
        serverName: String? = nil,
        lookupFastPath: Bool = true
    ) {
        self.host = host
        self.port = port
        self.defaultKeyRPM = defaultKeyRPM
        self.publicRPM = publicRPM
        self.ownershipPerAddressPerHour = ownershipPerAddressPerHour
        self.trustedProxies = trustedProxies
        self.apiKeyCacheSeconds = apiKeyCacheSeconds
        self.catalogueCacheSeconds = catalogueCacheSeconds
        self.metricsEnabled = metricsEnabled
        self.serverName = serverName
        self.lookupFastPath = lookupFastPath
    }
}
