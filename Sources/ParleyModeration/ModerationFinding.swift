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
