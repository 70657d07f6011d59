import Hummingbird
import ParleyAccounts
import ParleyChat
import ParleyProtocol
import ParleyStorage

/// Conversations and their messages over REST.
struct ConversationController {
    let chat: ChatService

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("conversations") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            let conversation = try await chat.createConversation(
                caller: try context.caller(), participantIds: try f.strings("participantIds"),
                subject: try f.optionalString("subject"), orderId: try f.optionalString("orderId"))
            return try JSONResponse.make(conversation, status: .created)
        }
        group.get("conversations") { request, context in
            let caller = try context.caller()
            let limit = try Self.limit(request)
            let page = try await chat.conversations(caller: caller, limit: limit, cursor: request.uri.queryParameters.get("cursor"))
            return try JSONResponse.make(page)
        }
        group.get("conversations/{id}") { _, context in
            try JSONResponse.make(try await chat.conversation(try context.parameters.require("id"), caller: try context.caller()))
        }
        group.get("conversations/{id}/messages") { request, context in
            let id = try context.parameters.require("id")
            let limit = try Self.limit(request)
            let window = try Self.window(request)
            let items = try await chat.history(caller: try context.caller(), conversationId: id, window: window, limit: limit)
            return try JSONResponse.make(Page(items: items, nextCursor: Self.nextCursor(window: window, items: items, limit: limit)))
        }
        group.post("conversations/{id}/messages") { request, context in
            var request = request
            let id = try context.parameters.require("id")
            let f = try await request.jsonFields(context: context)
            let stored = try await chat.send(
                caller: try context.caller(), conversationId: id, body: try f.string("body"),
                clientMsgId: try f.string("clientMsgId"))
            return try JSONResponse.make(stored.message, status: stored.created ? .created : .ok)
        }
        group.post("conversations/{id}/read") { request, context in
            var request = request
            let id = try context.parameters.require("id")
            let f = try await request.jsonFields(context: context)
            let caller = try context.caller()
            let seq = try await chat.markRead(caller: caller, conversationId: id, seq: try f.integer("seq"))
            return try JSONResponse.make(ServerEvent.Read(conversationId: id, userId: caller.userId, seq: seq))
        }
    }

    /// `limit`: default 50, above 200 treated as 200, below 1 or not a number refused.
    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 50 }
        guard let value = Int(text), value >= 1 else { throw ParleyError.badRequest("parameter 'limit' must be a positive integer") }
        return min(value, 200)
    }

    /// The history window from `afterSeq`, `beforeSeq` (either or both) or `cursor` (`a<seq>`, `b<seq>`, or
    /// `a<seq>b<seq>` for a window between two seqs). A cursor wins, but malformed seqs are refused even beside one.
    static func window(_ request: Request) throws -> HistoryWindow {
        let q = request.uri.queryParameters
        func seq(_ name: String) throws -> Int64? {
            guard let text = q.get(name) else { return nil }
            guard let v = Int64(text), v >= 0 else { throw ParleyError.badRequest("parameter '\(name)' must be a non-negative integer") }
            return v
        }
        let (after, before) = (try seq("afterSeq"), try seq("beforeSeq"))
        if let after, let before, after >= before {
            throw ParleyError.badRequest("parameter 'afterSeq' must be less than 'beforeSeq'")
        }
        if let cursor = q.get("cursor") {
            let parts = cursor.dropFirst().split(separator: "b", maxSplits: 1, omittingEmptySubsequences: false)
            guard let kind = cursor.first, kind == "a" || kind == "b", let v = parts.first.flatMap({ Int64($0) }), v >= 0
            else { throw ParleyError.badRequest("parameter 'cursor' is not valid") }
            if kind == "a", parts.count == 2 {
                guard let upper = Int64(parts[1]), upper > v else { throw ParleyError.badRequest("parameter 'cursor' is not valid") }
                return .between(after: v, before: upper)
            }
            guard parts.count == 1 else { throw ParleyError.badRequest("parameter 'cursor' is not valid") }
            return kind == "a" ? .after(v) : .before(v)
        }
        switch (after, before) {
        case (nil, nil): return .newest
        case (let a?, nil): return .after(a)
        case (nil, let b?): return .before(b)
        case (let a?, let b?): return .between(after: a, before: b)
        }
    }

    /// Continues in the same direction; nil when the page was not full (or reached seq 1 going back).
    static func nextCursor(window: HistoryWindow, items: [Message], limit: Int) -> String? {
        guard items.count == limit, let first = items.first, let last = items.last else { return nil }
        switch window {
        case .after: return "a\(last.seq)"
        case .between(_, let before): return last.seq + 1 < before ? "a\(last.seq)b\(before)" : nil
        case .newest, .before: return first.seq > 1 ? "b\(first.seq)" : nil
        }
    }
}
