import ParleyProtocol

/// The moderation seam: every user-written text passes through it before it is stored or delivered.
public protocol TextModerator: Sendable {
    /// The text to store and show, and how moderation treated it.
    func moderate(_ text: String) -> ModeratedText
}

/// What moderation made of a text.
public struct ModeratedText: Sendable, Equatable {
    public var text: String
    public var info: ModerationInfo
    /// True when the message must be refused with `blocked`.
    public var blocked: Bool
    /// What was found, in the original text; any finding puts the text in the review queue.
    public var findings: [FlagFinding]

    public init(text: String, info: ModerationInfo, blocked: Bool = false, findings: [FlagFinding] = []) {
        self.text = text
        self.info = info
        self.blocked = blocked
        self.findings = findings
    }
}
