import Hummingbird
import ParleyProtocol

/// `POST /v1/auth/register`, `POST /v1/auth/login`, `GET /v1/me`.
struct AuthController {
    let auth: AuthService

    func addPublicRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("auth/register") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            let roleText = try f.string("role")
            guard let role = Role(rawValue: roleText) else {
                throw ParleyError.badRequest("field 'role' must be \"buyer\" or \"seller\"")
            }
            let session = try await auth.register(
                email: try f.string("email"), password: try f.string("password"),
                displayName: try f.string("displayName"), role: role)
            return try JSONResponse.make(session, status: .created)
        }
        group.post("auth/login") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            let session = try await auth.login(email: try f.string("email"), password: try f.string("password"))
            return try JSONResponse.make(session)
        }
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("me") { _, context in
            let caller = try context.caller()
            guard let user = try await auth.store.user(id: caller.userId) else { throw ParleyError.notFound("user not found") }
            return try JSONResponse.make(user)
        }
    }
}
