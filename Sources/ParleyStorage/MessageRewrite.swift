public import ParleyProtocol

/// A moderator's change to a stored message.
public struct MessageRewrite: Sendable, Equatable {
    /// The text to store.
    public var body: String
    /// The moderation to store with it.
    public var moderation: ModerationInfo
    /// Give the message the conversation's next seq (it becomes visible to others only now).
    public var resequence: Bool

    /// - Parameters:
    ///   - body: The text to store.
    ///   - moderation: The moderation to store with it.
    ///   - resequence: Whether the message takes the conversation's next seq.
    public init(body: String, moderation: ModerationInfo, resequence: Bool) {
        (self.body, self.moderation, self.resequence) = (body, moderation, resequence)
    }
}
