import Hummingbird
import ParleyProtocol
import ParleyStorage

/// The review queue: `/v1/moderation/flags…`, for admins only.
struct ModerationController {
    let store: Store
    let restrictSeconds: Int

    static let decisions: Set<String> = ["dismiss", "uphold", "restrict_sender"]

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
            let decision = try f.string("decision")
            guard Self.decisions.contains(decision) else {
                throw ParleyError.badRequest("field 'decision' must be dismiss, uphold or restrict_sender")
            }
            let note = try f.optionalString("note")
            if let note, note.count > 2000 { throw ParleyError.badRequest("field 'note' must be at most 2000 characters") }
            let id = try context.parameters.require("id")
            guard let existing = try await store.flag(id: id) else { throw ParleyError.notFound("flag not found") }
            let now = Timestamp.now()
            guard let decided = try await store.decide(flagId: id, decision: decision, by: caller.userId, note: note, at: now) else {
                throw ParleyError(.conflict, "the flag was already decided (\(existing.decision ?? "resolved"))")
            }
            if decision == "restrict_sender" {
                try await store.restrictSender(
                    userId: decided.senderId, until: Timestamp(milliseconds: now.milliseconds + Int64(restrictSeconds) * 1000))
            }
            return try JSONResponse.make(decided)
        }
    }
}
