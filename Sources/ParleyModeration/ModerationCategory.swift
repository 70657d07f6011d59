/// A kind of finding produced by the moderation pipeline (for example `phone` or `profanity`).
///
/// Categories are open-ended string values so that operators and future detectors can add
/// their own without breaking the API. They compare by their raw value.
public struct ModerationCategory: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The stable wire name of the category, e.g. `"phone"` or `"price_dumping"`.
    public var rawValue: String

    /// Creates a category from its wire name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A telephone number in any notation (digits, words, emoji, look-alike letters).
    public static let phone = ModerationCategory(rawValue: "phone")
    /// An e-mail address, plain or obfuscated ("name at gmail dot com").
    public static let email = ModerationCategory(rawValue: "email")
    /// A link or bare domain pointing off the platform.
    public static let url = ModerationCategory(rawValue: "url")
    /// A user name on another service (Instagram, Telegram, Snapchat, …).
    public static let handle = ModerationCategory(rawValue: "handle")
    /// A swear word or slur.
    public static let profanity = ModerationCategory(rawValue: "profanity")
    /// A request to move off the platform that contains no identifier. Never masked.
    public static let solicitation = ModerationCategory(rawValue: "solicitation")
    /// Reserved for price-dumping detection (no built-in detector yet).
    public static let priceDumping = ModerationCategory(rawValue: "price_dumping")

    /// Orders categories by raw value.
    public static func < (lhs: ModerationCategory, rhs: ModerationCategory) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Decodes a category from a bare JSON string.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the category as a bare JSON string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The raw value.
    public var description: String { rawValue }
}
