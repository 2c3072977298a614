import Hummingbird
import Logging
import NIOCore

/// Per-request data only (STYLE §4.3): the core context, plus the API key's id once checked.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id (never the secret) of the API key that authenticated the request, if any.
    public var apiKeyId: String?
    /// The client's address, for per-address limits (the peer; or X-Forwarded-For behind a trusted proxy).
    public var remoteAddress: SocketAddress?

    public init(source: Source) {
        coreContext = .init(source: source)
        apiKeyId = nil
        remoteAddress = source.channel.remoteAddress
    }
}
