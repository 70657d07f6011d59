public import ParleyAccounts
import ParleyBroker
import ParleyModeration
public import ParleyProtocol
import ParleyReview
public import ParleyStorage

extension ChatService {
    /// Validates, rate-limits, moderates, stores and fans out a message. A retried clientMsgId returns the stored one.
    public func send(caller: Identity, conversationId: String, body: String, clientMsgId: String) async throws -> StoredMessage {
        try checkClientId(clientMsgId, field: "clientMsgId")
        guard body.count <= configuration.maxBodyChars else {
            throw ParleyError(.tooLarge, "field 'body' is longer than \(configuration.maxBodyChars) characters")
        }
        try TextRules.checkBytes(body, field: "body", maxBytes: configuration.maxBodyBytes)
        try TextRules.checkControls(body, field: "body")
        guard body.contains(where: { !$0.isWhitespace }) else { throw ParleyError.badRequest("field 'body' must not be empty") }
        // Limits first: a client over its rate costs no database work.
        try sendLimiter.take(caller.userId)
        let record = try await writableConversation(conversationId, caller: caller)
        if let until = try await store.restriction(userId: caller.userId, now: .now()) {
            throw ParleyError.forbidden("a moderator restricted your sending until \(until.rfc3339)")
        }
        let (verdict, flag) = try await intake.screen(
            body, with: pipeline, sender: caller.userId, conversationId: conversationId, what: "message")
        let info = verdict.info
        // The flag is stored in the message's transaction: a held message can never be left without one.
        let stored = try await store.insertMessage(
            conversationId: conversationId, senderId: caller.userId, body: verdict.text, clientMsgId: clientMsgId,
            moderation: info, flag: flag)
        if stored.created {
            if stored.message.moderation.action == .held {
                // Seen by nobody but its sender until a moderator dismisses the flag.
                await publishToSender(.messageNew, stored.message)
            } else {
                await publishMessage(.messageNew, stored.message, participants: record.participantIds)
                if let messageListener {
                    messageListener.messageStored(stored.message, recipients: record.participantIds.filter { $0 != caller.userId })
                }
            }
        }
        return stored
    }

    /// History in ascending seq; `limit` is clamped to 1…200 by the caller.
    public func history(caller: Identity, conversationId: String, window: HistoryWindow, limit: Int) async throws -> [Message] {
        _ = try await readableConversation(conversationId, caller: caller)
        return try await store.messages(conversationId: conversationId, window: window, limit: limit, visibleTo: caller.userId)
    }

    /// The messages after `afterSeq` that a reconnecting client missed, at most `maxRecover` of them and about
    /// `maxRecoverBytes` of encoded JSON (always at least one), and whether there are more.
    public func recover(caller: Identity, conversationId: String, afterSeq: Int64) async throws -> (messages: [Message], hasMore: Bool) {
        let limit = configuration.maxRecover
        let messages = try await history(caller: caller, conversationId: conversationId, window: .after(afterSeq), limit: limit + 1)
        var bytes = 0
        var count = 0
        for message in messages.prefix(limit) {
            bytes += Self.encodedSizeBound(message)
            if count > 0, bytes > configuration.maxRecoverBytes { break }
            count += 1
        }
        return (Array(messages.prefix(count)), messages.count > count)
    }

    /// An upper bound of a message's size as JSON: its texts at most doubled by escaping, plus the fixed fields.
    static func encodedSizeBound(_ message: Message) -> Int {
        2 * (message.body.utf8.count + message.clientMsgId.utf8.count) + 512
    }

    /// Moves the caller's read mark and tells the conversation, only when the mark moved (a read at or below the
    /// mark changes nothing and publishes nothing).
    public func markRead(caller: Identity, conversationId: String, seq: Int64) async throws -> Int64 {
        let record = try await writableConversation(conversationId, caller: caller)
        guard seq >= 0, seq <= record.lastSeq else {
            throw ParleyError.badRequest("field 'seq' must be between 0 and the last seq (\(record.lastSeq))")
        }
        let stored = try await store.markRead(conversationId: conversationId, userId: caller.userId, seq: seq)
        if stored.moved {
            let frame = ServerFrame.event(ServerEvent.Read(conversationId: conversationId, userId: caller.userId, seq: stored.mark))
            await publish(FanOutEvent(frame: frame, conversationId: conversationId), to: .conversation(conversationId))
        }
        return stored.mark
    }

    /// Tells the others in a conversation that the caller is typing; never stored.
    public func typing(caller: Identity, conversationId: String, state: TypingState) async throws {
        try typingLimiter.take(caller.userId)
        _ = try await writableConversation(conversationId, caller: caller)
        let frame = ServerFrame.event(ServerEvent.Typing(conversationId: conversationId, userId: caller.userId, state: state))
        await publish(
            FanOutEvent(frame: frame, conversationId: conversationId, excludeUserId: caller.userId), to: .conversation(conversationId))
    }
}
