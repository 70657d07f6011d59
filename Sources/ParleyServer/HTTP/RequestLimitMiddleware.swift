public import Hummingbird
import ParleyAccounts
import ParleyProtocol

/// Sets the configured body limit on every request's context.
struct RequestLimitMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let maxRequestBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxRequestBytes = maxRequestBytes
        return try await next(request, context)
    }
}
