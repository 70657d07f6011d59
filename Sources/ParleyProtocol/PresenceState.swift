/// One participant's presence: `{userId, state: "online"|"offline", lastSeenAt}`.
public struct PresenceState: Codable, Sendable, Equatable {
    public var userId: String
    public var state: PresenceStatus
    /// When the user was last seen connected (now, while online); null if never.
    public var lastSeenAt: Timestamp?

    public init(userId: String, state: PresenceStatus, lastSeenAt: Timestamp?) {
        self.userId = userId
        self.state = state
        self.lastSeenAt = lastSeenAt
    }

    enum CodingKeys: String, CodingKey { case userId, state, lastSeenAt }

    /// `lastSeenAt` is `null` when unknown, as the protocol fixes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(userId, forKey: .userId)
        try c.encode(state, forKey: .state)
        try c.encode(lastSeenAt, forKey: .lastSeenAt)
    }
}
