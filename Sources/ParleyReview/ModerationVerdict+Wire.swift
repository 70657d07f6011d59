public import ParleyModeration
public import ParleyProtocol

/// The one translation of the pipeline's verdict into what the protocol stores and shows.
extension ModerationVerdict {
    /// `{action, categories}` as a stored message carries it. A blocked text is never stored.
    public var info: ModerationInfo {
        ModerationInfo(
            action: ParleyProtocol.ModerationAction(rawValue: action.rawValue), categories: categories.map(\.rawValue))
    }

    /// The findings as a flag lists them (spans in the original text).
    public var flagFindings: [FlagFinding] {
        findings.map { FlagFinding(category: $0.category.rawValue, start: $0.start, end: $0.end) }
    }

    /// True when the text must be refused with `blocked`.
    public var isBlocked: Bool { action == .blocked }
}
