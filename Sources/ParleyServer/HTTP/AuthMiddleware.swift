import Hummingbird
import ParleyProtocol

/// Requires a valid bearer token and stores the caller in the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await auth.authenticate(token: try Self.bearerToken(request))
        return try await next(request, context)
    }

    static func bearerToken(_ request: Request) throws -> String {
        try bearerToken(authorization: request.headers[.authorization], query: request.uri.query)
    }

    /// The token from `Authorization: Bearer …`, or from `?access_token=` (browsers cannot set headers on WebSockets).
    /// Shared by REST and the WebSocket upgrade, which sees only the raw request head.
    /// - Parameters:
    ///   - authorization: The `Authorization` header, if any.
    ///   - query: The raw (percent-encoded) query string, if any.
    static func bearerToken(authorization: String?, query: String?) throws(ParleyError) -> String {
        if let header = authorization {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw .unauthorized("Authorization header must be 'Bearer <token>'")
            }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        for pair in (query ?? "").split(separator: "&") where pair.hasPrefix("access_token=") {
            if let token = String(pair.dropFirst("access_token=".count)).removingPercentEncoding, !token.isEmpty {
                return token
            }
        }
        throw .unauthorized("missing bearer token")
    }
}
