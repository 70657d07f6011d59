import Logging
import ParleyBroker
import ParleyProtocol
import ParleyStorage

/// The rules of chat, shared by REST and WebSocket: who may read and write, limits, moderation, storing, fan-out.
public final class ChatService: Sendable {
    let store: Store
    let hub: LocalHub
    let moderator: any TextModerator
    let config: HubConfiguration
    let sendLimiter: RateLimiter
    let typingLimiter: RateLimiter
    let logger: Logger

    init(store: Store, hub: LocalHub, moderator: any TextModerator, config: HubConfiguration, logger: Logger) {
        self.store = store
        self.hub = hub
        self.moderator = moderator
        self.config = config
        self.sendLimiter = RateLimiter(rate: config.rateLimit, burst: config.rateBurst)
        self.typingLimiter = RateLimiter(rate: config.rateLimit, burst: config.rateBurst)
        self.logger = logger
    }

    // MARK: Conversations

    /// Creates a conversation of the caller and the given participants, and tells each participant.
    func createConversation(caller: Identity, participantIds: [String], subject: String?, orderId: String?) async throws
        -> Conversation
    {
        var seen = Set<String>()
        let participants = ([caller.userId] + participantIds).filter { seen.insert($0).inserted }
        guard participants.count >= 2 else { throw ParleyError.badRequest("field 'participantIds' must name at least one other user") }
        guard participants.count <= config.maxParticipants else {
            throw ParleyError.badRequest("a conversation has at most \(config.maxParticipants) participants")
        }
        if let subject, subject.count > 200 { throw ParleyError.badRequest("field 'subject' must be at most 200 characters") }
        if let orderId, orderId.isEmpty || orderId.count > 128 { throw ParleyError.badRequest("field 'orderId' must be 1…128 characters") }
        let existing = try await store.existingUserIDs(participants)
        if let missing = participants.first(where: { !existing.contains($0) }) {
            throw ParleyError.notFound("user '\(missing.prefix(128))' does not exist")
        }
        let subjectText = subject.map { moderator.moderate($0).text }
        let record = try await store.createConversation(
            creatorId: caller.userId, participantIds: participants, subject: subjectText, orderId: orderId)
        let conversation = try await store.conversationView(record, for: caller.userId)
        let frame = ServerFrame.encode(type: "conversation.new", ServerEvent.ConversationNew(conversation: conversation))
        for user in participants {
            await publish(HubEvent(frame: frame, conversationId: record.id), to: ChannelName.user(user).name)
        }
        return conversation
    }

    /// The conversation if the caller may read it (participants and admins); 404 or 403 otherwise.
    func readableConversation(_ id: String, caller: Identity) async throws -> ConversationRecord {
        guard let record = try await store.conversation(id: id) else { throw ParleyError.notFound("conversation not found") }
        guard caller.isAdmin || record.participantIds.contains(caller.userId) else {
            throw ParleyError.forbidden("you are not a participant of this conversation")
        }
        return record
    }

    /// The conversation if the caller may write to it (participants only).
    func writableConversation(_ id: String, caller: Identity) async throws -> ConversationRecord {
        let record = try await readableConversation(id, caller: caller)
        guard record.participantIds.contains(caller.userId) else {
            throw ParleyError.forbidden("admins may read this conversation but not write to it")
        }
        return record
    }

    // MARK: Messages

    /// Validates, rate-limits, moderates, stores and fans out a message. A retried clientMsgId returns the stored one.
    func send(caller: Identity, conversationId: String, body: String, clientMsgId: String) async throws -> StoredMessage {
        guard !clientMsgId.isEmpty, clientMsgId.count <= 128 else {
            throw ParleyError.badRequest("field 'clientMsgId' must be 1…128 characters")
        }
        guard body.count <= config.maxBodyChars else {
            throw ParleyError(.tooLarge, "field 'body' is longer than \(config.maxBodyChars) characters")
        }
        guard body.contains(where: { !$0.isWhitespace }) else { throw ParleyError.badRequest("field 'body' must not be empty") }
        let record = try await writableConversation(conversationId, caller: caller)
        try sendLimiter.take(caller.userId)
        if let until = try await store.restriction(userId: caller.userId, now: .now()) {
            throw ParleyError.forbidden("a moderator restricted your sending until \(until.rfc3339)")
        }
        let moderated = moderator.moderate(body)
        let flag = Self.flag(moderated, original: body, sender: caller.userId, conversationId: conversationId)
        if moderated.blocked {
            if let flag { await queueForReview(flag) }
            throw ParleyError(.blocked, "the message was refused by moderation (\(moderated.info.categories.joined(separator: ", ")))")
        }
        // The flag is stored in the message's transaction: a held message can never be left without one.
        let stored = try await store.insertMessage(
            conversationId: conversationId, senderId: caller.userId, body: moderated.text, clientMsgId: clientMsgId,
            moderation: moderated.info, flag: flag)
        if stored.created {
            if stored.message.moderation.action == ModerationInfo.heldAction {
                // Seen by nobody but its sender until a moderator dismisses the flag.
                await publishToSender("message.new", stored.message)
            } else {
                await publishMessage("message.new", stored.message, participants: record.participantIds)
            }
        }
        return stored
    }

    /// Publishes a message event on the conversation's channel, and a copy on each participant's user channel (a
    /// socket subscribed to the conversation drops the copy). `excluding` is left out of both.
    func publishMessage(_ type: String, _ message: Message, participants: [String], excluding: String? = nil) async {
        let frame = ServerFrame.encode(type: type, ServerEvent.MessageNew(message: message))
        let cid = message.conversationId
        let seq = Self.recoverySeq(type, message)
        await publish(
            HubEvent(frame: frame, conversationId: cid, seq: seq, excludeUserId: excluding), to: ChannelName.conversation(cid).name)
        for user in participants where user != excluding {
            await publish(HubEvent(frame: frame, conversationId: cid, seq: seq, isUserCopy: true), to: ChannelName.user(user).name)
        }
    }

    /// Publishes a message event to its sender's sockets only (every socket listens on its user's channel).
    func publishToSender(_ type: String, _ message: Message) async {
        let frame = ServerFrame.encode(type: type, ServerEvent.MessageNew(message: message))
        await publish(
            HubEvent(frame: frame, conversationId: message.conversationId, seq: Self.recoverySeq(type, message)),
            to: ChannelName.user(message.senderId).name)
    }

    /// The seq a recovering socket compares with what it read from the store: only `message.new` is dropped as a
    /// duplicate of a recovered message; an update made while the socket recovered must still reach it.
    static func recoverySeq(_ type: String, _ message: Message) -> Int64? {
        type == "message.new" ? message.seq : nil
    }

    /// The review-queue entry for a text with findings; nil for a clean one. `messageId` is set when it is stored.
    static func flag(_ moderated: ModeratedText, original: String, sender: String, conversationId: String?) -> Flag? {
        guard !moderated.findings.isEmpty else { return nil }
        return Flag(
            id: Store.newID(), status: "pending", categories: moderated.info.categories, senderId: sender,
            conversationId: conversationId, messageId: nil, original: original, moderated: moderated.text,
            findings: moderated.findings, createdAt: .now())
    }

    /// Puts the flag of a refused text in the review queue. A failure is logged: the refusal itself stands.
    func queueForReview(_ flag: Flag) async {
        do {
            try await store.createFlag(flag)
        } catch {
            logger.error("could not store moderation flag", metadata: ["parley.user": "\(flag.senderId)", "error": "\(error)"])
        }
    }

    /// History in ascending seq; `limit` is clamped to 1…200 by the caller.
    func history(caller: Identity, conversationId: String, window: HistoryWindow, limit: Int) async throws -> [Message] {
        _ = try await readableConversation(conversationId, caller: caller)
        return try await store.messages(conversationId: conversationId, window: window, limit: limit, visibleTo: caller.userId)
    }

    /// Moves the caller's read mark and tells the conversation.
    func markRead(caller: Identity, conversationId: String, seq: Int64) async throws -> Int64 {
        let record = try await writableConversation(conversationId, caller: caller)
        guard seq >= 0, seq <= record.lastSeq else {
            throw ParleyError.badRequest("field 'seq' must be between 0 and the last seq (\(record.lastSeq))")
        }
        let stored = try await store.markRead(conversationId: conversationId, userId: caller.userId, seq: seq)
        let frame = ServerFrame.encode(
            type: "read", ServerEvent.Read(conversationId: conversationId, userId: caller.userId, seq: stored))
        await publish(HubEvent(frame: frame, conversationId: conversationId), to: ChannelName.conversation(conversationId).name)
        return stored
    }

    /// Tells the others in a conversation that the caller is typing; never stored.
    func typing(caller: Identity, conversationId: String, state: TypingState) async throws {
        _ = try await writableConversation(conversationId, caller: caller)
        try typingLimiter.take(caller.userId)
        let frame = ServerFrame.encode(
            type: "typing", ServerEvent.Typing(conversationId: conversationId, userId: caller.userId, state: state))
        await publish(
            HubEvent(frame: frame, conversationId: conversationId, excludeUserId: caller.userId),
            to: ChannelName.conversation(conversationId).name)
    }

    /// Publishes an event. The message is already stored, so a failed publish is logged, not returned to the sender:
    /// subscribers recover it with `afterSeq`.
    func publish(_ event: HubEvent, to channel: String) async {
        do {
            try await hub.publish(event, to: channel)
        } catch {
            logger.error("publish failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
        }
    }
}
