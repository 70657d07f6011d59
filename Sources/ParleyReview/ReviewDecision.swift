public import ParleyProtocol

/// A moderator's decision on a flag, as the review endpoint receives it.
public struct ReviewDecision: Sendable {
    /// Dismiss, uphold or restrict the sender.
    public var kind: FlagDecision
    /// The moderator's note, if any.
    public var note: String?
    /// With ``FlagDecision/dismiss``: put the original text back into the conversation.
    public var restore: Bool

    public init(kind: FlagDecision, note: String?, restore: Bool) {
        self.kind = kind
        self.note = note
        self.restore = restore
    }
}
