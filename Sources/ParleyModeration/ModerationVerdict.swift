/// The result of moderating one message.
public struct ModerationVerdict: Sendable, Equatable {
    /// The moderated text: findings replaced by placeholders, everything else byte for byte.
    /// It is the masked text whatever the action (a server decides what to do with
    /// `blocked` or `held` messages).
    public var text: String
    /// The action chosen by the policy.
    public var action: ModerationAction
    /// The categories found, sorted and unique (solicitation included).
    public var categories: [ModerationCategory]
    /// All findings, sorted by start offset.
    public var findings: [ModerationFinding]
    /// True iff `findings` is non-empty, i.e. the message deserves human review.
    public var flagged: Bool

    /// Creates a verdict.
    public init(
        text: String, action: ModerationAction, categories: [ModerationCategory],
        findings: [ModerationFinding], flagged: Bool
    ) {
        self.text = text
        self.action = action
        self.categories = categories
        self.findings = findings
        self.flagged = flagged
    }
}
