import Hummingbird
import ParleyProtocol
import ParleyStorage

/// The review queue: `/v1/moderation/flags…`, for admins only.
struct ModerationController {
    let chat: ChatService
    let restrictSeconds: Int
    var store: Store { chat.store }

    func admin(_ context: ParleyRequestContext) throws -> Identity {
        let caller = try context.caller()
        guard caller.isAdmin else { throw ParleyError.forbidden("the review queue is for admins") }
        return caller
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("moderation/flags") { request, context in
            _ = try admin(context)
            let q = request.uri.queryParameters
            let status = q.get("status")
            if let status, status != "pending" && status != "resolved" {
                throw ParleyError.badRequest("parameter 'status' must be pending or resolved")
            }
            let page = try await store.flags(
                status: status, category: q.get("category"), limit: try ConversationController.limit(request),
                cursor: q.get("cursor"))
            return try JSONResponse.make(page)
        }
        group.get("moderation/flags/{id}") { _, context in
            _ = try admin(context)
            guard let flag = try await store.flag(id: try context.parameters.require("id")) else {
                throw ParleyError.notFound("flag not found")
            }
            return try JSONResponse.make(flag)
        }
        group.post("moderation/flags/{id}/decision") { request, context in
            let caller = try admin(context)
            var request = request
            let f = try await request.jsonFields(context: context)
            guard let kind = ReviewDecision.Kind(rawValue: try f.string("decision")) else {
                throw ParleyError.badRequest("field 'decision' must be dismiss, uphold or restrict_sender")
            }
            let note = try f.optionalString("note")
            if let note, note.count > 2000 { throw ParleyError.badRequest("field 'note' must be at most 2000 characters") }
            let decision = ReviewDecision(kind: kind, note: note, restore: try f.optionalBool("restore") ?? false)
            let flag = try await chat.review(
                flagId: try context.parameters.require("id"), decision, by: caller, restrictSeconds: restrictSeconds)
            return try JSONResponse.make(flag)
        }
    }
}
