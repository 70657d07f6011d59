public import Logging
public import ParleyAccounts
public import ParleyBroker
public import ParleyModeration
public import ParleyProtocol
public import ParleyReview
public import ParleyStorage

/// The rules of chat, shared by REST and WebSocket: who may read and write, limits, moderation, storing, fan-out.
///
/// Transports call its public methods only; it alone touches the store's conversations and messages and this node's
/// ``ParleyBroker/FanOut``.
public final class ChatService: Sendable {
    let store: Store
    let fanOut: FanOut
    let pipeline: ModerationPipeline
    let intake: ReviewIntake
    let configuration: ChatConfiguration
    let sendLimiter: RateLimiter
    let typingLimiter: RateLimiter
    let creationLimiter: RateLimiter
    /// Told about each new visible message (the notification inbox).
    let messageListener: (any MessageListener)?
    let logger: Logger

    /// - Parameters:
    ///   - store: Conversations and messages.
    ///   - fanOut: This node's fan-out to its sockets and, through the broker, to other nodes.
    ///   - pipeline: The moderation every user-written text goes through.
    ///   - intake: Where findings enter the review queue.
    ///   - configuration: Limits.
    ///   - messageListener: Told about each new message once it is published (must not wait).
    ///   - logger: Where failed publishes are logged.
    public init(
        store: Store, fanOut: FanOut, pipeline: ModerationPipeline, intake: ReviewIntake, configuration: ChatConfiguration,
        messageListener: (any MessageListener)? = nil, logger: Logger
    ) {
        self.store = store
        self.fanOut = fanOut
        self.pipeline = pipeline
        self.intake = intake
        self.configuration = configuration
        self.sendLimiter = RateLimiter(rate: configuration.rateLimit, burst: configuration.rateBurst)
        self.typingLimiter = RateLimiter(rate: configuration.rateLimit, burst: configuration.rateBurst)
        let perHour = Double(configuration.conversationsPerHour)
        self.creationLimiter = RateLimiter(rate: perHour / 3600, burst: perHour)
        self.messageListener = messageListener
        self.logger = logger
    }

    /// The limits a client is told in its `welcome`.
    public var maxBodyChars: Int { configuration.maxBodyChars }
    /// The body limit in UTF-8 bytes, told in the `welcome` too.
    public var maxBodyBytes: Int { configuration.maxBodyBytes }

    /// Checks an id a client chooses (`clientMsgId`, `orderId`): 1…`maxIdChars` characters, at most 4 bytes each, no
    /// control characters.
    func checkClientId(_ value: String, field: String) throws {
        guard !value.isEmpty, value.count <= configuration.maxIdChars else {
            throw ParleyError.badRequest("field '\(field)' must be 1…\(configuration.maxIdChars) characters")
        }
        try TextRules.checkBytes(value, field: field, maxBytes: 4 * configuration.maxIdChars)
        try TextRules.checkControls(value, field: field)
    }

    /// Creates a conversation of the caller and the given participants, and tells each participant.
    public func createConversation(
        caller: Identity, participantIds: [String], subject: String?, orderId: String?
    )
        async throws -> Conversation
    {
        try creationLimiter.take(caller.userId)
        var seen = Set<String>()
        let participants = ([caller.userId] + participantIds).filter { seen.insert($0).inserted }
        guard participants.count >= 2 else { throw ParleyError.badRequest("field 'participantIds' must name at least one other user") }
        guard participants.count <= configuration.maxParticipants else {
            throw ParleyError.badRequest("a conversation has at most \(configuration.maxParticipants) participants")
        }
        if let subject {
            guard subject.count <= configuration.maxSubjectChars else {
                throw ParleyError.badRequest("field 'subject' must be at most \(configuration.maxSubjectChars) characters")
            }
            try TextRules.checkBytes(subject, field: "subject", maxBytes: 4 * configuration.maxSubjectChars)
            try TextRules.checkDisplayText(subject, field: "subject")
        }
        if let orderId { try checkClientId(orderId, field: "orderId") }
        let existing = try await store.existingUserIDs(participants)
        if let missing = participants.first(where: { !existing.contains($0) }) {
            throw ParleyError.notFound("user '\(missing.prefix(128))' does not exist")
        }
        let record = try await store.createConversation(
            creatorId: caller.userId, participantIds: participants, subject: subject.map { pipeline.moderate($0).text },
            orderId: orderId)
        let conversation = try await store.conversationView(record, for: caller.userId)
        let frame = ServerFrame.event(ServerEvent.ConversationNew(conversation: conversation))
        for user in participants {
            await publish(FanOutEvent(frame: frame, conversationId: record.id), to: .user(user))
        }
        return conversation
    }

    /// The caller's conversations, most recently active first.
    public func conversations(caller: Identity, limit: Int, cursor: String?) async throws -> Page<Conversation> {
        try await store.conversations(for: caller.userId, limit: limit, cursor: cursor)
    }

    /// One conversation as the caller sees it (participants and admins).
    public func conversation(_ id: String, caller: Identity) async throws -> Conversation {
        try await store.conversationView(try await readableConversation(id, caller: caller), for: caller.userId)
    }

    /// The participants of a conversation the caller may read.
    public func participants(of conversationId: String, caller: Identity) async throws -> [String] {
        try await readableConversation(conversationId, caller: caller).participantIds
    }

    /// Publishes a `presence` event to each conversation of the user (at most 1000 of them, the most recent).
    func announcePresence(userId: String, state: PresenceStatus) async throws {
        for id in try await store.conversationIDs(for: userId, limit: 1000) {
            let frame = ServerFrame.event(ServerEvent.Presence(conversationId: id, userId: userId, state: state))
            await publish(FanOutEvent(frame: frame, conversationId: id), to: .conversation(id))
        }
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
}
