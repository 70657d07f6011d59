/// How findings of one category are handled.
public enum ModerationRule: String, Sendable, Codable {
    /// Replace the finding with a placeholder and deliver (default).
    case mask
    /// Block the whole message.
    case block
    /// Hold the whole message for review.
    case hold
}
