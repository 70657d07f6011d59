/// How moderation treated a message: `{action, categories}`.
public struct ModerationInfo: Codable, Sendable, Equatable {
    public var action: ModerationAction
    public var categories: [String]

    public init(action: ModerationAction, categories: [String]) {
        self.action = action
        self.categories = categories
    }

    /// Nothing was found.
    public static let none = ModerationInfo(action: .none, categories: [])
}
