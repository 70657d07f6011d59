import Hummingbird

/// `GET /healthz` (the process answers) and `GET /readyz` (it can reach its database).
struct HealthController {
    /// Whether the node can serve: the composition root asks the store.
    let isReady: @Sendable () async -> Bool

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            guard await isReady() else {
                return try JSONResponse.make(["status": "not_ready", "reason": "database unreachable"], status: .serviceUnavailable)
            }
            return try JSONResponse.make(["status": "ready"])
        }
    }
}
