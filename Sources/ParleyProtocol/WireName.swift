/// A name the protocol fixes on the wire: an open set of strings, typed so that code never branches on a literal.
///
/// Each concrete name type (``FrameType``, ``ModerationAction``, ``FlagStatus``, ``FlagDecision``,
/// ``PresenceStatus``) is a struct over its string, like ``ErrorCode``, so new values can be added without breaking
/// clients that switch on the known ones.
public protocol WireName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension WireName {
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
