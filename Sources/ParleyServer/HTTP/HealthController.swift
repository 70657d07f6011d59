import Hummingbird
import ParleyStorage

/// `GET /healthz` (the process answers) and `GET /readyz` (it can reach its database).
struct HealthController {
    let store: Store

    func addRoutes(to router: Router<ParleyRequestContext>) {
        router.get("healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            guard await store.isReachable() else {
                return try JSONResponse.make(["status": "not_ready", "reason": "database unreachable"], status: .serviceUnavailable)
            }
            return try JSONResponse.make(["status": "ready"])
        }
    }
}
