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

    public init(text: String, info: ModerationInfo, blocked: Bool = false) {
        self.text = text
        self.info = info
        self.blocked = blocked
    }
}

/// Passes text through unchanged (`moderation.action` is `none`).
public struct PassthroughModerator: TextModerator {
    public init() {}
    public func moderate(_ text: String) -> ModeratedText { ModeratedText(text: text, info: .none) }
}
