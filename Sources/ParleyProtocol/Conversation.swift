/// A conversation as one participant sees it.
public struct Conversation: Codable, Sendable, Equatable {
    public var id: String
    public var participantIds: [String]
    public var subject: String?
    public var orderId: String?
    public var createdAt: Timestamp
    public var lastMessage: Message?
    public var unreadCount: Int

    public init(
        id: String, participantIds: [String], subject: String?, orderId: String?, createdAt: Timestamp,
        lastMessage: Message?, unreadCount: Int
    ) {
        self.id = id
        self.participantIds = participantIds
        self.subject = subject
        self.orderId = orderId
        self.createdAt = createdAt
        self.lastMessage = lastMessage
        self.unreadCount = unreadCount
    }

    enum CodingKeys: String, CodingKey {
        case id, participantIds, subject, orderId, createdAt, lastMessage, unreadCount
    }

    /// Encodes `subject`, `orderId` and `lastMessage` as `null` when absent, as the protocol fixes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(participantIds, forKey: .participantIds)
        try c.encode(subject, forKey: .subject)
        try c.encode(orderId, forKey: .orderId)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(lastMessage, forKey: .lastMessage)
        try c.encode(unreadCount, forKey: .unreadCount)
    }
}
