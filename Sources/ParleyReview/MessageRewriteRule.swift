import ParleyProtocol
import ParleyStorage

/// What a decision does to the flagged message.
struct MessageRewriteRule: Sendable {
    let decision: ReviewDecision

    /// The change to store, or nil to leave the message as it is.
    func apply(to message: Message, flag: Flag) -> MessageRewrite? {
        guard decision.kind == .dismiss else { return nil }
        let wasHeld = message.moderation.action == .held
        if decision.restore {
            return MessageRewrite(
                body: flag.original, moderation: ModerationInfo(action: .restored, categories: message.moderation.categories),
                resequence: wasHeld)
        }
        guard wasHeld else { return nil }
        let action: ModerationAction = message.body == flag.original ? .none : .masked
        return MessageRewrite(
            body: message.body, moderation: ModerationInfo(action: action, categories: message.moderation.categories),
            resequence: true)
    }
}
