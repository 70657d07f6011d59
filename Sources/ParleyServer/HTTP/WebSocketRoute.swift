import Hummingbird
import ParleyProtocol

/// `GET /v1/ws` without an upgrade: a clear error (an upgrade with a valid token never reaches the router).
struct WebSocketRoute {
    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("ws") { _, context -> Response in
            _ = try context.caller()
            throw ParleyError.badRequest("GET /v1/ws must be a WebSocket upgrade request")
        }
    }
}
