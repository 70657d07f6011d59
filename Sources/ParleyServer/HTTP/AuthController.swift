import Hummingbird
import ParleyAccounts
import ParleyProtocol

/// `POST /v1/auth/register`, `POST /v1/auth/login`, `GET /v1/me`.
struct AuthController {
    let accounts: AccountService

    func addPublicRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("auth/register") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            let roleText = try f.string("role")
            guard let role = Role(rawValue: roleText) else {
                throw ParleyError.badRequest("field 'role' must be \"buyer\" or \"seller\"")
            }
            let signedIn = try await accounts.register(
                email: try f.string("email"), password: try f.string("password"),
                displayName: try f.string("displayName"), role: role, clientAddress: context.clientAddress)
            return try JSONResponse.make(signedIn, status: .created)
        }
        group.post("auth/login") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            let signedIn = try await accounts.login(
                email: try f.string("email"), password: try f.string("password"), clientAddress: context.clientAddress)
            return try JSONResponse.make(signedIn)
        }
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("me") { _, context in
            try JSONResponse.make(try await accounts.user(id: try context.caller().userId))
        }
    }
}
