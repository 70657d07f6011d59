public import Logging
public import ParleyModeration
public import ParleyProtocol
public import ParleyStorage

/// Where moderated texts enter the review queue: chat messages today, listings and reviews later.
public struct ReviewIntake: Sendable {
    let store: Store
    let logger: Logger

    /// - Parameters:
    ///   - store: Where flags are kept.
    ///   - logger: Where a flag that could not be stored is logged.
    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The queue entry for a text with findings, nil for a clean one. `messageId` is set when the message is stored
    /// (in the same transaction, so a held message never lacks its flag).
    /// - Parameters:
    ///   - verdict: What moderation made of `original`.
    ///   - original: The text as written (shown to admins only).
    ///   - sender: Its author.
    ///   - conversationId: The conversation it was written in, if any.
    public static func flag(_ verdict: ModerationVerdict, original: String, sender: String, conversationId: String?) -> Flag? {
        guard !verdict.findings.isEmpty else { return nil }
        return Flag(
            id: Store.newID(), status: .pending, categories: verdict.categories.map(\.rawValue), senderId: sender,
            conversationId: conversationId, messageId: nil, original: original, moderated: verdict.text,
            findings: verdict.flagFindings, createdAt: .now())
    }

    /// Moderates a text about to be stored: its verdict, and the flag its findings raise (to be stored with it). A
    /// text a `block` rule refuses is not stored: its flag is queued here and `blocked` (422) thrown.
    /// - Parameters:
    ///   - text: The text as written.
    ///   - pipeline: The hub's moderation.
    ///   - sender: Its author.
    ///   - conversationId: The conversation it was written in, if any.
    ///   - what: What the text is, for the refusal: `message`, `listing`, `review`.
    public func screen(
        _ text: String, with pipeline: ModerationPipeline, sender: String, conversationId: String?, what: String
    ) async throws -> (verdict: ModerationVerdict, flag: Flag?) {
        let verdict = pipeline.moderate(text)
        let flag = Self.flag(verdict, original: text, sender: sender, conversationId: conversationId)
        if verdict.isBlocked {
            if let flag { await queue(flag) }
            throw ParleyError(.blocked, "the \(what) was refused by moderation (\(verdict.info.categories.joined(separator: ", ")))")
        }
        return (verdict, flag)
    }

    /// Queues the flag of a text that is not stored (a refused one). A failure is logged: the refusal stands.
    public func queue(_ flag: Flag) async {
        do {
            try await store.createFlag(flag)
        } catch {
            logger.error("could not store moderation flag", metadata: ["parley.user": "\(flag.senderId)", "error": "\(error)"])
        }
    }
}
