public import ParleyProtocol
import SQLKit

extension Store {
    static let messageColumns =
        "id, conversation_id, seq, sender_id, body, client_msg_id, created_at, moderation_action, moderation_categories"

    static func message(from row: any SQLRow) throws -> Message {
        let categories = try row.string("moderation_categories")
        return Message(
            id: try row.string("id"), conversationId: try row.string("conversation_id"), seq: try row.int64("seq"),
            senderId: try row.string("sender_id"), body: try row.string("body"), clientMsgId: try row.string("client_msg_id"),
            createdAt: Timestamp(milliseconds: try row.int64("created_at")),
            moderation: ModerationInfo(
                action: ModerationAction(rawValue: try row.string("moderation_action")),
                categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init)))
    }

    /// Stores a message with the next gapless seq of its conversation, in one transaction, together with its
    /// moderation flag when it has one (the flag's `messageId` is set here). A `(sender, clientMsgId)` already stored
    /// in the same conversation returns the stored message; the same clientMsgId in another conversation is a new
    /// message.
    public func insertMessage(
        conversationId: String, senderId: String, body: String, clientMsgId: String, moderation: ModerationInfo,
        flag: Flag? = nil
    ) async throws -> StoredMessage {
        do {
            return try await insertOnce(
                conversationId: conversationId, senderId: senderId, body: body, clientMsgId: clientMsgId,
                moderation: moderation, flag: flag)
        } catch  where isUniqueViolation(error) {
            // A concurrent retry of the same clientMsgId won the race (possible on PostgreSQL with several nodes).
            if let existing = try await existingMessage(conversationId: conversationId, senderId: senderId, clientMsgId: clientMsgId) {
                return StoredMessage(message: existing, created: false)
            }
            throw error
        }
    }

    func insertOnce(
        conversationId: String, senderId: String, body: String, clientMsgId: String, moderation: ModerationInfo, flag: Flag?
    ) async throws -> StoredMessage {
        try await provider.withTransaction { db in
            if let row = try await db.raw(
                """
                SELECT \(unsafeRaw: Store.messageColumns) FROM messages
                WHERE conversation_id = \(bind: conversationId) AND sender_id = \(bind: senderId)
                  AND client_msg_id = \(bind: clientMsgId)
                """
            ).first() {
                return StoredMessage(message: try Store.message(from: row), created: false)
            }
            let now = Timestamp.now()
            // A held message is seen by its sender only: it must not lift the conversation in anyone's list.
            guard
                let seq = try await Store.nextSeq(
                    of: conversationId, activity: moderation.action == .held ? nil : now, on: db)
            else { throw StorageError(.notFound, "conversation not found") }
            let message = Message(
                id: Store.newID(), conversationId: conversationId, seq: seq, senderId: senderId,
                body: body, clientMsgId: clientMsgId, createdAt: now, moderation: moderation)
            try await db.raw(
                """
                INSERT INTO messages (\(unsafeRaw: Store.messageColumns))
                VALUES (\(bind: message.id), \(bind: conversationId), \(bind: message.seq), \(bind: senderId), \(bind: body),
                        \(bind: clientMsgId), \(bind: now.milliseconds), \(bind: moderation.action.rawValue),
                        \(bind: moderation.categories.joined(separator: ",")))
                """
            ).run()
            if var flag {
                flag.messageId = message.id
                try await Store.insertFlag(flag, on: db)
            }
            return StoredMessage(message: message, created: true)
        }
    }

    func existingMessage(conversationId: String, senderId: String, clientMsgId: String) async throws -> Message? {
        try await provider.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Store.messageColumns) FROM messages
                WHERE conversation_id = \(bind: conversationId) AND sender_id = \(bind: senderId)
                  AND client_msg_id = \(bind: clientMsgId)
                """
            ).first().map(Store.message(from:))
        }
    }

    /// Up to `limit` messages of a conversation in the window that `viewer` may see, always in ascending seq.
    /// A held message is seen only by its sender until a moderator releases it.
    public func messages(
        conversationId: String, window: HistoryWindow, limit: Int, visibleTo viewer: String
    ) async throws
        -> [Message]
    {
        try await provider.withConnection { db in
            let rows: [any SQLRow]
            switch window {
            case .newest:
                rows = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Store.messageColumns) FROM messages WHERE conversation_id = \(bind: conversationId)
                      AND \(Store.visible(to: viewer))
                    ORDER BY seq DESC LIMIT \(bind: limit)
                    """
                ).all().reversed()
            case .before(let seq):
                rows = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Store.messageColumns) FROM messages
                    WHERE conversation_id = \(bind: conversationId) AND seq < \(bind: seq)
                      AND \(Store.visible(to: viewer))
                    ORDER BY seq DESC LIMIT \(bind: limit)
                    """
                ).all().reversed()
            case .after(let seq):
                rows = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Store.messageColumns) FROM messages
                    WHERE conversation_id = \(bind: conversationId) AND seq > \(bind: seq)
                      AND \(Store.visible(to: viewer))
                    ORDER BY seq ASC LIMIT \(bind: limit)
                    """
                ).all()
            case .between(let after, let before):
                rows = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Store.messageColumns) FROM messages
                    WHERE conversation_id = \(bind: conversationId) AND seq > \(bind: after) AND seq < \(bind: before)
                      AND \(Store.visible(to: viewer))
                    ORDER BY seq ASC LIMIT \(bind: limit)
                    """
                ).all()
            }
            return try rows.map(Store.message(from:))
        }
    }

    /// Takes the conversation's next seq (inside the caller's transaction) and returns it; nil for an unknown
    /// conversation. `activity` moves the conversation's last activity (nil leaves it).
    static func nextSeq(of conversationId: String, activity: Timestamp?, on db: any SQLDatabase) async throws -> Int64? {
        let lastActivity: SQLQueryString = activity.map { "\(bind: $0.milliseconds)" } ?? "last_activity_at"
        return try await db.raw(
            """
            UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = \(lastActivity)
            WHERE id = \(bind: conversationId) RETURNING last_seq
            """
        ).first()?.int64("last_seq")
    }

    /// `WHERE` condition: the message is one `viewer` may see (a held message only its sender sees until a moderator
    /// releases it).
    static func visible(to viewer: String) -> SQLQueryString {
        "(moderation_action <> \(bind: ModerationAction.held.rawValue) OR sender_id = \(bind: viewer))"
    }

    /// Replaces a message's body and moderation inside a transaction (a moderator's decision) and returns it as
    /// stored. With `resequence` the message also takes the conversation's next seq, so that clients resuming with
    /// `afterSeq` find it: a held message that is released appears where it becomes visible.
    static func rewrite(_ message: Message, _ rewrite: MessageRewrite, on db: any SQLDatabase) async throws -> Message {
        var changed = message
        changed.body = rewrite.body
        changed.moderation = rewrite.moderation
        if rewrite.resequence {
            guard let seq = try await nextSeq(of: message.conversationId, activity: .now(), on: db) else {
                throw StorageError(.notFound, "conversation not found")
            }
            changed.seq = seq
        }
        try await db.raw(
            """
            UPDATE messages SET body = \(bind: changed.body), moderation_action = \(bind: changed.moderation.action.rawValue),
                   moderation_categories = \(bind: changed.moderation.categories.joined(separator: ",")),
                   seq = \(bind: changed.seq)
            WHERE id = \(bind: message.id)
            """
        ).run()
        return changed
    }
}
