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

    /// The token from `Authorization: Bearer …`, or from `?access_token=` (browsers cannot set headers on WebSockets).
    static func bearerToken(_ request: Request) throws -> String {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw ParleyError.unauthorized("Authorization header must be 'Bearer <token>'")
            }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        if let token = request.uri.queryParameters.get("access_token") { return token }
        throw ParleyError.unauthorized("missing bearer token")
    }
}
