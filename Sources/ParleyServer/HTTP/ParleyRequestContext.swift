import Hummingbird
import HummingbirdWebSocket
import NIOCore
import ParleyProtocol

/// The request context of every route: the WebSocket upgrade slot, the channel, and the caller once authenticated.
public struct ParleyRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<ParleyRequestContext>
    /// The connection's channel (used to force-close a WebSocket whose client stopped reading).
    public let channel: any Channel
    /// Set by ``AuthMiddleware``.
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
        self.identity = nil
    }

    /// REST bodies are small JSON documents.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated caller; `unauthorized` when the route was reached without one.
    func caller() throws -> Identity {
        guard let identity else { throw ParleyError.unauthorized("missing bearer token") }
        return identity
    }
}
