/// One finding of moderation: its category and its span in the original text (Unicode scalar offsets, end exclusive).
public struct FlagFinding: Codable, Sendable, Equatable {
    public var category: String
    public var start: Int
    public var end: Int

    public init(category: String, start: Int, end: Int) {
        self.category = category
        self.start = start
        self.end = end
    }
}
