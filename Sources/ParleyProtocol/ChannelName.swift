/// A hub channel name: `conversation:<id>`, `user:<id>`, `order:<id>`.
public enum ChannelName: Sendable, Equatable {
    case conversation(String)
    case user(String)
    case order(String)

    /// Parses a channel name; nil when the form is unknown.
    public init?(_ text: String) {
        guard text.count <= 160 else { return nil }
        for (prefix, make) in Self.forms where text.hasPrefix(prefix) && text.count > prefix.count {
            self = make(String(text.dropFirst(prefix.count)))
            return
        }
        return nil
    }

    private static let forms: [(String, @Sendable (String) -> ChannelName)] = [
        ("conversation:", { .conversation($0) }), ("user:", { .user($0) }), ("order:", { .order($0) }),
    ]

    /// The wire form.
    public var name: String {
        switch self {
        case .conversation(let id): "conversation:\(id)"
        case .user(let id): "user:\(id)"
        case .order(let id): "order:\(id)"
        }
    }
}
