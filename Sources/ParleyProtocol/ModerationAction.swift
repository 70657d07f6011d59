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
