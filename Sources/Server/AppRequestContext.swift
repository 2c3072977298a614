import Hummingbird
import Logging
import NIOCore

/// Per-request data only (STYLE §4.3): the core context, plus the API key's id once checked.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id (never the secret) of the API key that authenticated the request, if any.
    public var apiKeyId: String?
    /// The connection, for its peer address.
    let channel: any Channel
    /// The peer's address, for per-address limits (`ClientAddress` applies X-Forwarded-For behind
    /// a trusted proxy). Read when asked: a keyed lookup never needs it, and NIO reads it under a lock.
    public var remoteAddress: SocketAddress? { channel.remoteAddress }

    public init(source: Source) {
        coreContext = .init(source: source)
        apiKeyId = nil
        channel = source.channel
    }
}
