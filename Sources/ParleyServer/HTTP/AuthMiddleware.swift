import Hummingbird
import ParleyAccounts
import ParleyProtocol

/// Requires a valid bearer token and stores the caller in the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await accounts.authenticate(token: try BearerToken.from(request))
        return try await next(request, context)
    }
}
