import Hummingbird
import ParleyProtocol

/// The hub's router, plus `405 method_not_allowed` with an `Allow` header for a path that some route serves with
/// other methods (the router itself answers 404 to those). The route table is read from the router when the
/// application builds its responder, so every route added before that gets this without an extra step.
struct MethodCheckingRouter: HTTPResponderBuilder {
    let router: Router<ParleyRequestContext>

    func buildResponder() -> Responder {
        Responder(routes: RouteTable(router.routes), inner: router.buildResponder())
    }

    struct Responder: HTTPResponder {
        let routes: RouteTable
        let inner: RouterResponder<ParleyRequestContext>

        func respond(to request: Request, context: ParleyRequestContext) async throws -> Response {
            let response = try await inner.respond(to: request, context: context)
            // Only a 404 can be a missing method: the path lookup costs nothing on any other answer.
            guard response.status == .notFound, let allowed = routes.methods(forPath: request.uri.path),
                !allowed.contains(request.method)
            else { return response }
            let names = allowed.map(\.rawValue).sorted()
            let error = ParleyError(
                .methodNotAllowed, "\(request.method.rawValue) is not allowed here; this path serves \(names.joined(separator: ", "))")
            var (status, headers, body) = ErrorMiddleware.envelope(error)
            headers[.allow] = names.joined(separator: ", ")
            return Response(status: status, headers: headers, body: .init(byteBuffer: body))
        }
    }
}
