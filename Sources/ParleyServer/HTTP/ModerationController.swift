import Hummingbird
import ParleyProtocol
import ParleyReview

/// The review queue: `/v1/moderation/flags…`, for admins only.
struct ModerationController {
    let review: ReviewQueue

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("moderation/flags") { request, context in
            let caller = try review.requireAdmin(try context.caller())
            let q = request.uri.queryParameters
            var status: FlagStatus?
            if let text = q.get("status") {
                guard text == FlagStatus.pending.rawValue || text == FlagStatus.resolved.rawValue else {
                    throw ParleyError.badRequest("parameter 'status' must be pending or resolved")
                }
                status = FlagStatus(rawValue: text)
            }
            let page = try await review.flags(
                caller: caller, status: status, category: q.get("category"), limit: try ConversationController.limit(request),
                cursor: q.get("cursor"))
            return try JSONResponse.make(page)
        }
        group.get("moderation/flags/{id}") { _, context in
            try JSONResponse.make(try await review.flag(id: try context.parameters.require("id"), caller: try context.caller()))
        }
        group.post("moderation/flags/{id}/decision") { request, context in
            let caller = try review.requireAdmin(try context.caller())
            var request = request
            let f = try await request.jsonFields(context: context)
            guard let kind = FlagDecision(known: try f.string("decision")) else {
                throw ParleyError.badRequest("field 'decision' must be dismiss, uphold or restrict_sender")
            }
            let decision = ReviewDecision(kind: kind, note: try f.optionalString("note"), restore: try f.optionalBool("restore") ?? false)
            let flag = try await review.decide(flagId: try context.parameters.require("id"), decision, by: caller)
            return try JSONResponse.make(flag)
        }
    }
}
