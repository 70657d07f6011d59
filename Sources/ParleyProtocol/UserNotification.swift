/// One entry of a user's notification inbox: `{id, kind, title, body, data, createdAt, readAt}`.
///
/// `data` holds the string ids the notification is about (`orderId`, `conversationId`, `messageId`, `flagId`,
/// `listingId`, only those that apply); `readAt` is `null` until the user marks it read.
public struct UserNotification: Codable, Sendable, Equatable {
    public var id: String
    public var kind: NotificationKind
    public var title: String
    public var body: String
    public var data: [String: String]
    public var createdAt: Timestamp
    public var readAt: Timestamp?

    /// - Parameters:
    ///   - id: The notification's id (a lower-case UUID).
    ///   - kind: What it is about.
    ///   - title: One line for a person.
    ///   - body: The text under it.
    ///   - data: String ids of what it is about.
    ///   - createdAt: When it was created (for a coalesced `message` notification: last updated).
    ///   - readAt: When the user marked it read; nil while unread.
    public init(
        id: String, kind: NotificationKind, title: String, body: String, data: [String: String], createdAt: Timestamp,
        readAt: Timestamp? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.body = body
        self.data = data
        self.createdAt = createdAt
        self.readAt = readAt
    }

    enum CodingKeys: String, CodingKey { case id, kind, title, body, data, createdAt, readAt }

    /// `readAt` is written as `null` while unread, as the protocol fixes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(title, forKey: .title)
        try c.encode(body, forKey: .body)
        try c.encode(data, forKey: .data)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(readAt, forKey: .readAt)
    }
}
