/// The body of a server event: its fields, and the frame `type` it is sent as.
public protocol ServerEventBody: Encodable, Sendable {
    /// The frame's `type`.
    var frameType: FrameType { get }
}

/// Bodies of the server events of protocol v1 (see `Protocol/README.md`).
public enum ServerEvent {
    /// `message.new` or `message.updated`: `{conversationId, message}`.
    public struct MessageEvent: ServerEventBody {
        public var frameType: FrameType
        public var conversationId: String
        public var message: Message

        /// - Parameters:
        ///   - type: ``FrameType/messageNew`` or ``FrameType/messageUpdated``.
        ///   - message: The stored message.
        public init(_ type: FrameType, message: Message) {
            self.frameType = type
            self.conversationId = message.conversationId
            self.message = message
        }

        enum CodingKeys: String, CodingKey { case conversationId, message }
    }

    /// `typing`: `{conversationId, userId, state}`.
    public struct Typing: ServerEventBody {
        public var frameType: FrameType { .typing }
        public var conversationId: String
        public var userId: String
        public var state: TypingState

        public init(conversationId: String, userId: String, state: TypingState) {
            self.conversationId = conversationId
            self.userId = userId
            self.state = state
        }

        enum CodingKeys: String, CodingKey { case conversationId, userId, state }
    }

    /// `read`: `{conversationId, userId, seq}`; also the body of `POST /v1/conversations/{id}/read`.
    public struct Read: ServerEventBody, Decodable {
        public var frameType: FrameType { .read }
        public var conversationId: String
        public var userId: String
        public var seq: Int64

        public init(conversationId: String, userId: String, seq: Int64) {
            self.conversationId = conversationId
            self.userId = userId
            self.seq = seq
        }

        enum CodingKeys: String, CodingKey { case conversationId, userId, seq }
    }

    /// `conversation.new`: `{conversation}`, sent on each participant's user channel.
    public struct ConversationNew: ServerEventBody {
        public var frameType: FrameType { .conversationNew }
        public var conversation: Conversation

        public init(conversation: Conversation) { self.conversation = conversation }

        enum CodingKeys: String, CodingKey { case conversation }
    }

    /// `presence`: `{conversationId, userId, state}`.
    public struct Presence: ServerEventBody {
        public var frameType: FrameType { .presence }
        public var conversationId: String
        public var userId: String
        public var state: PresenceStatus

        public init(conversationId: String, userId: String, state: PresenceStatus) {
            self.conversationId = conversationId
            self.userId = userId
            self.state = state
        }

        enum CodingKeys: String, CodingKey { case conversationId, userId, state }
    }

    /// `resync`: `{channels}`, the channels whose live events may have been lost; resubscribe with `afterSeq`.
    public struct Resync: ServerEventBody {
        public var frameType: FrameType { .resync }
        public var channels: [String]

        public init(channels: [String]) { self.channels = channels }

        enum CodingKeys: String, CodingKey { case channels }
    }

    /// `welcome`, a socket's first frame: `{userId, connectionId, expiresAt, limits}`.
    public struct Welcome: ServerEventBody {
        /// The limits a client must respect.
        public struct Limits: Encodable, Sendable {
            public var maxFrameBytes: Int
            public var maxBodyChars: Int
            public var maxBodyBytes: Int

            public init(maxFrameBytes: Int, maxBodyChars: Int, maxBodyBytes: Int) {
                self.maxFrameBytes = maxFrameBytes
                self.maxBodyChars = maxBodyChars
                self.maxBodyBytes = maxBodyBytes
            }
        }

        public var frameType: FrameType { .welcome }
        public var userId: String
        public var connectionId: String
        public var expiresAt: Timestamp
        public var limits: Limits

        public init(userId: String, connectionId: String, expiresAt: Timestamp, limits: Limits) {
            self.userId = userId
            self.connectionId = connectionId
            self.expiresAt = expiresAt
            self.limits = limits
        }

        enum CodingKeys: String, CodingKey { case userId, connectionId, expiresAt, limits }
    }
}
