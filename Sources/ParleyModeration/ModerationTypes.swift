import Foundation

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

/// How findings of one category are handled.
public enum ModerationRule: String, Sendable, Codable {
    /// Replace the finding with a placeholder and deliver (default).
    case mask
    /// Block the whole message.
    case block
    /// Hold the whole message for review.
    case hold
}

/// One detected span.
public struct ModerationFinding: Sendable, Equatable, Codable {
    /// What was found.
    public var category: ModerationCategory
    /// Start offset in Unicode scalars (code points) of the ORIGINAL text.
    public var start: Int
    /// End offset (exclusive) in Unicode scalars of the ORIGINAL text.
    public var end: Int

    /// Creates a finding.
    public init(category: ModerationCategory, start: Int, end: Int) {
        self.category = category
        self.start = start
        self.end = end
    }
}

/// The result of moderating one message.
public struct ModerationVerdict: Sendable, Equatable {
    /// The moderated text: findings replaced by placeholders, everything else byte for byte.
    /// It is the masked text whatever the action (a server decides what to do with
    /// `blocked` or `held` messages).
    public var text: String
    /// The action chosen by the policy.
    public var action: ModerationAction
    /// The categories found, sorted and unique (solicitation included).
    public var categories: [ModerationCategory]
    /// All findings, sorted by start offset.
    public var findings: [ModerationFinding]
    /// True iff `findings` is non-empty, i.e. the message deserves human review.
    public var flagged: Bool

    /// Creates a verdict.
    public init(text: String, action: ModerationAction, categories: [ModerationCategory],
                findings: [ModerationFinding], flagged: Bool) {
        self.text = text
        self.action = action
        self.categories = categories
        self.findings = findings
        self.flagged = flagged
    }
}

/// Operator configuration of a ``ModerationPipeline``.
public struct ModerationConfiguration: Sendable {
    /// Rule per category. Categories not listed use `.mask`; `solicitation` findings are
    /// never masked and only change the action when given `.block` or `.hold` explicitly.
    public var rules: [ModerationCategory: ModerationRule]
    /// Optional folder with extra lexicons in the bundled layout
    /// (`<dir>/<lang>/profanity.txt`, `allow.txt`, …). Its entries extend the bundled
    /// lists; a line `-word` removes a bundled entry.
    public var lexiconDirectory: String?

    /// Creates a configuration.
    public init(rules: [ModerationCategory: ModerationRule] = [:], lexiconDirectory: String? = nil) {
        self.rules = rules
        self.lexiconDirectory = lexiconDirectory
    }

    /// The categories a rule may name.
    public static let knownCategories: [ModerationCategory] = [
        .phone, .email, .url, .handle, .profanity, .solicitation, .priceDumping,
    ]

    /// Parses rules written `category=mask|block|hold` (as the command line and the environment give them).
    /// - Throws: ``ModerationError/badRule(_:)`` naming the first rule that is malformed or names an unknown category.
    public static func parseRules(_ specs: [String]) throws -> [ModerationCategory: ModerationRule] {
        var rules: [ModerationCategory: ModerationRule] = [:]
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let rule = ModerationRule(rawValue: parts[1]) else {
                throw ModerationError.badRule("'\(spec)': expected category=mask|block|hold")
            }
            let category = ModerationCategory(rawValue: parts[0])
            guard knownCategories.contains(category) else {
                throw ModerationError.badRule(
                    "'\(spec)': unknown category; use one of \(knownCategories.map(\.rawValue).joined(separator: ", "))")
            }
            rules[category] = rule
        }
        return rules
    }
}
