/// A stored chat message.
public struct Message: Codable, Sendable, Equatable {
    public var id: String
    public var conversationId: String
    public var seq: Int64
    public var senderId: String
    public var body: String
    public var clientMsgId: String
    public var createdAt: Timestamp
    public var moderation: ModerationInfo

    public init(
        id: String, conversationId: String, seq: Int64, senderId: String, body: String,
        clientMsgId: String, createdAt: Timestamp, moderation: ModerationInfo
    ) {
        self.id = id
        self.conversationId = conversationId
        self.seq = seq
        self.senderId = senderId
        self.body = body
        self.clientMsgId = clientMsgId
        self.createdAt = createdAt
        self.moderation = moderation
    }
}
