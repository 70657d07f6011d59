import Hummingbird

/// `GET /healthz` (the process answers) and `GET /readyz` (it can reach its database and its broker).
struct HealthController {
    /// Why the node cannot serve, or nil when it can: the composition root asks the store and the broker.
    let notReadyBecause: @Sendable () async -> String?

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            if let reason = await notReadyBecause() {
                return try JSONResponse.make(["status": "not_ready", "reason": reason], status: .serviceUnavailable)
            }
            return try JSONResponse.make(["status": "ready"])
        }
    }
}
