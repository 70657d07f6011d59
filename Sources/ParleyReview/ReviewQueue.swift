public import Logging
public import ParleyAccounts
public import ParleyProtocol
public import ParleyStorage

/// The moderation review queue: flags, and the decisions admins take on them.
public final class ReviewQueue: Sendable {
    let store: Store
    let configuration: ReviewConfiguration
    let listener: any ReviewListener
    let logger: Logger

    /// - Parameters:
    ///   - store: Where flags and messages are kept.
    ///   - configuration: The restriction length and note limit.
    ///   - listener: Told about each message a decision changed (chat announces it to the participants) and about
    ///     each decision (the flag's sender is notified).
    ///   - logger: Where decisions are logged.
    public init(store: Store, configuration: ReviewConfiguration, listener: any ReviewListener, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.listener = listener
        self.logger = logger
    }

    /// A page of flags, newest first. Admins only.
    public func flags(caller: Identity, status: FlagStatus?, category: String?, limit: Int, cursor: String?) async throws -> Page<Flag> {
        try requireAdmin(caller)
        return try await store.flags(status: status, category: category, limit: limit, cursor: cursor)
    }

    /// One flag. Admins only.
    public func flag(id: String, caller: Identity) async throws -> Flag {
        try requireAdmin(caller)
        guard let flag = try await store.flag(id: id) else { throw ParleyError.notFound("flag not found") }
        return flag
    }

    /// Records a decision on a pending flag and applies it to the flagged message, then tells the participants.
    ///
    /// - `dismiss` releases a held message to the others (it takes the conversation's next seq, so clients resuming
    ///   with `afterSeq` find it); with `restore`, the original text replaces the moderated one (`message.updated`).
    /// - `uphold` keeps the message as it is (a held message stays hidden).
    /// - `restrict_sender` also stops the sender from sending for `restrictSeconds`.
    public func decide(flagId: String, _ decision: ReviewDecision, by admin: Identity) async throws -> Flag {
        try requireAdmin(admin)
        if let note = decision.note {
            guard note.count <= configuration.maxNoteChars else {
                throw ParleyError.badRequest("field 'note' must be at most \(configuration.maxNoteChars) characters")
            }
            try TextRules.checkBytes(note, field: "note", maxBytes: 4 * configuration.maxNoteChars)
            try TextRules.checkControls(note, field: "note")
        }
        guard let existing = try await store.flag(id: flagId) else { throw ParleyError.notFound("flag not found") }
        if decision.restore {
            guard decision.kind == .dismiss else { throw ParleyError.badRequest("field 'restore' is only allowed with dismiss") }
            guard existing.messageId != nil else {
                throw ParleyError.badRequest("field 'restore' needs a stored message; this flag has none (the text was blocked)")
            }
        }
        let now = Timestamp.now()
        let rewrite = MessageRewriteRule(decision: decision)
        guard
            let decided = try await store.decide(
                flagId: flagId, decision: decision.kind, by: admin.userId, note: decision.note, at: now,
                rewrite: { flag, message in rewrite.apply(to: message, flag: flag) })
        else {
            throw ParleyError(.conflict, "the flag was already decided (\(existing.decision?.rawValue ?? FlagStatus.resolved.rawValue))")
        }
        if decision.kind == .restrictSender {
            let until = Timestamp(milliseconds: now.milliseconds + Int64(configuration.restrictSeconds) * 1000)
            try await store.restrictSender(userId: decided.flag.senderId, until: until)
        }
        if let before = decided.before, let after = decided.message {
            await listener.messageChanged(after, wasHeld: before.moderation.action == .held)
        }
        await listener.flagDecided(decided.flag)
        logger.notice(
            "moderation decision",
            metadata: [
                "parley.flag": "\(flagId)", "parley.decision": "\(decision.kind)", "parley.admin": "\(admin.userId)",
                "parley.restored": "\(decided.before != nil && decision.restore)",
            ])
        return decided.flag
    }

    /// The caller when an admin; `forbidden` otherwise. Every method checks it; a transport may check it first.
    @discardableResult
    public func requireAdmin(_ caller: Identity) throws -> Identity {
        guard caller.isAdmin else { throw ParleyError.forbidden("the review queue is for admins") }
        return caller
    }
}
