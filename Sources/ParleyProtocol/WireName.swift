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

/// The `type` of a server frame.
public struct FrameType: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let welcome = FrameType(rawValue: "welcome")
    public static let ack = FrameType(rawValue: "ack")
    public static let error = FrameType(rawValue: "error")
    public static let pong = FrameType(rawValue: "pong")
    public static let messageNew = FrameType(rawValue: "message.new")
    public static let messageUpdated = FrameType(rawValue: "message.updated")
    public static let conversationNew = FrameType(rawValue: "conversation.new")
    public static let typing = FrameType(rawValue: "typing")
    public static let read = FrameType(rawValue: "read")
    public static let presence = FrameType(rawValue: "presence")
    public static let resync = FrameType(rawValue: "resync")
}

/// How moderation treated a stored message (`moderation.action`).
public struct ModerationAction: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Nothing was found.
    public static let none = ModerationAction(rawValue: "none")
    /// Findings were masked in the stored text.
    public static let masked = ModerationAction(rawValue: "masked")
    /// Stored but shown only to its sender until a moderator releases it.
    public static let held = ModerationAction(rawValue: "held")
    /// A moderator restored the original text.
    public static let restored = ModerationAction(rawValue: "restored")
}

/// Where a flag is in the review queue.
public struct FlagStatus: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pending = FlagStatus(rawValue: "pending")
    public static let resolved = FlagStatus(rawValue: "resolved")
}

/// A moderator's decision on a flag.
public struct FlagDecision: WireName, CaseIterable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The finding was wrong: a held message is released (and, with `restore`, the original text put back).
    public static let dismiss = FlagDecision(rawValue: "dismiss")
    /// The moderation stands.
    public static let uphold = FlagDecision(rawValue: "uphold")
    /// The moderation stands and the sender may not send for a while.
    public static let restrictSender = FlagDecision(rawValue: "restrict_sender")

    public static let allCases: [FlagDecision] = [.dismiss, .uphold, .restrictSender]

    /// The decision with this name, or nil when the name is unknown.
    public init?(known rawValue: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = match
    }
}

/// Whether a user is connected to some node.
public struct PresenceStatus: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let online = PresenceStatus(rawValue: "online")
    public static let offline = PresenceStatus(rawValue: "offline")
}
