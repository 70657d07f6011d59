/// A user as the API shows it: `{id, email, displayName, role, createdAt}`.
public struct User: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var displayName: String
    public var role: Role
    public var createdAt: Timestamp

    public init(id: String, email: String, displayName: String, role: Role, createdAt: Timestamp) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.role = role
        self.createdAt = createdAt
    }
}

/// An account role.
public enum Role: String, Codable, Sendable, CaseIterable {
    case buyer, seller, admin
}

/// How moderation treated a message: `{action, categories}`.
public struct ModerationInfo: Codable, Sendable, Equatable {
    public var action: String
    public var categories: [String]

    public init(action: String, categories: [String]) {
        self.action = action
        self.categories = categories
    }

    public static let none = ModerationInfo(action: "none", categories: [])

    /// The action of a message stored but shown only to its sender until a moderator releases it.
    public static let heldAction = "held"
    /// The action of a message whose original text a moderator restored.
    public static let restoredAction = "restored"
}

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

/// A page of a list: `{"items": [...], "nextCursor": "…" | null}`.
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
