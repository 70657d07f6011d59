/// What the pipeline decided to do with a message.
public enum ModerationAction: String, Sendable, Codable {
    /// Nothing to mask (the message may still be flagged for solicitation).
    case none
    /// Some spans were replaced by placeholders; deliver the masked text.
    case masked
    /// Do not deliver the message.
    case blocked
    /// Keep the message for human review before delivery.
    case held
}
