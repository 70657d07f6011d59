public import Hummingbird
import ParleyAccounts
import ParleyProtocol

/// The request context of every route: the caller once authenticated, and the body limit.
public struct ParleyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware``.
    var identity: Identity?
    /// The peer's IP address, for the per-address limits of registration and login.
    let clientAddress: String?
    /// Set by ``RequestLimitMiddleware`` from the `maxRequestBytes` setting.
    var maxRequestBytes = 1 << 20

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// REST bodies are small JSON documents.
    public var maxUploadSize: Int { maxRequestBytes }

    /// The authenticated caller; `unauthorized` when the route was reached without one.
    func caller() throws -> Identity {
        guard let identity else { throw ParleyError.unauthorized("missing bearer token") }
        return identity
    }
}
