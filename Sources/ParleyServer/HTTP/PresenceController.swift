import Hummingbird
import ParleyChat

/// `GET /v1/conversations/{id}/presence`: the participants' presence.
struct PresenceController {
    let presence: PresenceService

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("conversations/{id}/presence") { _, context in
            let items = try await presence.presence(conversationId: try context.parameters.require("id"), caller: try context.caller())
            return try JSONResponse.make(["items": items])
        }
    }
}
