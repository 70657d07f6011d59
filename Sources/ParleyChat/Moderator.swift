import ParleyModeration
import ParleyProtocol

/// The hub's moderation: every message body goes through ``ModerationPipeline`` before it is stored.
public struct PipelineModerator: TextModerator {
    let pipeline: ModerationPipeline

    /// - Parameter pipeline: A loaded pipeline (word lists are read once, at start).
    public init(pipeline: ModerationPipeline) { self.pipeline = pipeline }

    public func moderate(_ text: String) -> ModeratedText {
        let verdict = pipeline.moderate(text)
        return ModeratedText(
            text: verdict.text,
            info: ModerationInfo(action: verdict.action.rawValue, categories: verdict.categories.map(\.rawValue)),
            blocked: verdict.action == .blocked,
            findings: verdict.findings.map { FlagFinding(category: $0.category.rawValue, start: $0.start, end: $0.end) })
    }
}
