import ParleyProtocol
import ParleyStorage

/// A moderator's decision on a flag, as the review endpoint receives it.
struct ReviewDecision: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case dismiss, uphold
        case restrictSender = "restrict_sender"
    }

    var kind: Kind
    var note: String?
    /// With `dismiss`: put the original text back into the conversation.
    var restore: Bool
}

extension ChatService {
    /// Records a decision on a pending flag and applies it to the flagged message, then tells the participants.
    ///
    /// - `dismiss` releases a held message to the others (it takes the conversation's next seq, so clients resuming
    ///   with `afterSeq` find it); with `restore`, the original text replaces the moderated one (`message.updated`).
    /// - `uphold` keeps the message as it is (a held message stays hidden).
    /// - `restrict_sender` also stops the sender from sending for `restrictSeconds`.
    func review(flagId: String, _ decision: ReviewDecision, by admin: Identity, restrictSeconds: Int) async throws -> Flag {
        guard let existing = try await store.flag(id: flagId) else { throw ParleyError.notFound("flag not found") }
        if decision.restore {
            guard decision.kind == .dismiss else { throw ParleyError.badRequest("field 'restore' is only allowed with dismiss") }
            guard existing.messageId != nil else {
                throw ParleyError.badRequest("field 'restore' needs a stored message; this flag has none (the text was blocked)")
            }
        }
        let now = Timestamp.now()
        let restore = decision.restore
        let dismiss = decision.kind == .dismiss
        guard
            let decided = try await store.decide(
                flagId: flagId, decision: decision.kind.rawValue, by: admin.userId, note: decision.note, at: now,
                rewrite: { flag, message in Self.rewrite(message, flag: flag, dismiss: dismiss, restore: restore) })
        else {
            throw ParleyError(.conflict, "the flag was already decided (\(existing.decision ?? "resolved"))")
        }
        if decision.kind == .restrictSender {
            try await store.restrictSender(
                userId: decided.flag.senderId, until: Timestamp(milliseconds: now.milliseconds + Int64(restrictSeconds) * 1000))
        }
        if let before = decided.before, let after = decided.message {
            await announce(after, wasHeld: before.moderation.action == ModerationInfo.heldAction)
        }
        logger.notice(
            "moderation decision",
            metadata: [
                "parley.flag": "\(flagId)", "parley.decision": "\(decision.kind.rawValue)", "parley.admin": "\(admin.userId)",
                "parley.restored": "\(decided.before != nil && restore)",
            ])
        return decided.flag
    }

    /// What a decision does to the flagged message: nil leaves it unchanged.
    static func rewrite(_ message: Message, flag: Flag, dismiss: Bool, restore: Bool) -> MessageRewrite? {
        guard dismiss else { return nil }
        let wasHeld = message.moderation.action == ModerationInfo.heldAction
        if restore {
            return MessageRewrite(
                body: flag.original, moderation: ModerationInfo(action: ModerationInfo.restoredAction, categories: message.moderation.categories),
                resequence: wasHeld)
        }
        guard wasHeld else { return nil }
        let action = message.body == flag.original ? "none" : "masked"
        return MessageRewrite(
            body: message.body, moderation: ModerationInfo(action: action, categories: message.moderation.categories), resequence: true)
    }

    /// Tells the participants about a message a moderator changed: a released message is new to everyone but its
    /// sender (whose copy is updated); a visible one is updated for everyone.
    func announce(_ message: Message, wasHeld: Bool) async {
        let record: ConversationRecord
        do {
            guard let found = try await store.conversation(id: message.conversationId) else { return }
            record = found
        } catch {
            // The change is stored; clients see it in history. Only the live event is lost.
            logger.error("could not announce a moderated message", metadata: ["parley.message": "\(message.id)", "error": "\(error)"])
            return
        }
        if wasHeld {
            await publishMessage("message.new", message, participants: record.participantIds, excluding: message.senderId)
            await publishToSender("message.updated", message)
        } else {
            await publishMessage("message.updated", message, participants: record.participantIds)
        }
    }
}
