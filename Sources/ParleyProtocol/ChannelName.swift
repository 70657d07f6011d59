/// A hub channel name: `conversation:<id>`, `user:<id>`, later `order:<id>`.
public enum ChannelName: Sendable, Equatable {
    case conversation(String)
    case user(String)

    /// Parses a channel name; nil when the form is unknown.
    public init?(_ text: String) {
        if text.hasPrefix("conversation:"), text.count > 13, text.count <= 160 {
            self = .conversation(String(text.dropFirst(13)))
        } else if text.hasPrefix("user:"), text.count > 5, text.count <= 160 {
            self = .user(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    /// The wire form.
    public var name: String {
        switch self {
        case .conversation(let id): "conversation:\(id)"
        case .user(let id): "user:\(id)"
        }
    }
}
