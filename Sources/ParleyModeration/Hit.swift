/// A detector hit on the normalized view (indices into ``NormalizedText``).
struct Hit {
    var category: ModerationCategory
    var start: Int
    var end: Int
    /// Lower wins when hits overlap.
    var priority: Int
    /// Tie-break between hits of equal priority, start and length (lower wins).
    var rank: Int = 0
}
