import Foundation

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
