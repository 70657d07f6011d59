public import ParleyProtocol
import SQLKit

extension Store {
    /// Creates a conversation with its participants.
    public func createConversation(
        creatorId: String, participantIds: [String], subject: String?, orderId: String?
    )
        async throws -> ConversationRecord
    {
        let record = ConversationRecord(
            id: Store.newID(), participantIds: participantIds, subject: subject, orderId: orderId, createdAt: .now(),
            lastSeq: 0)
        try await provider.withTransaction { db in
            let now = record.createdAt.milliseconds
            try await db.raw(
                """
                INSERT INTO conversations (id, subject, order_id, created_by, created_at, last_seq, last_activity_at)
                VALUES (\(bind: record.id), \(bind: subject), \(bind: orderId), \(bind: creatorId), \(bind: now), 0, \(bind: now))
                """
            ).run()
            for user in participantIds {
                try await db.raw(
                    """
                    INSERT INTO conversation_participants (conversation_id, user_id, last_read_seq, joined_at)
                    VALUES (\(bind: record.id), \(bind: user), 0, \(bind: now))
                    """
                ).run()
            }
        }
        return record
    }

    /// The conversation with this id, or nil.
    public func conversation(id: String) async throws -> ConversationRecord? {
        try await provider.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT id, subject, order_id, created_at, last_seq FROM conversations WHERE id = \(bind: id)"
                ).first()
            else { return nil }
            let participants = try await db.raw(
                "SELECT user_id FROM conversation_participants WHERE conversation_id = \(bind: id) ORDER BY joined_at, user_id"
            ).all().map { try $0.string("user_id") }
            return ConversationRecord(
                id: try row.string("id"), participantIds: participants, subject: try row.optionalString("subject"),
                orderId: try row.optionalString("order_id"), createdAt: Timestamp(milliseconds: try row.int64("created_at")),
                lastSeq: try row.int64("last_seq"))
        }
    }

    /// The conversation as `userId` sees it: with its last message and the user's unread count.
    public func conversationView(_ record: ConversationRecord, for userId: String) async throws -> Conversation {
        try await provider.withConnection { db in
            let last = try await db.raw(
                """
                SELECT \(unsafeRaw: Store.messageColumns) FROM messages
                WHERE conversation_id = \(bind: record.id) AND \(Store.visible(to: userId))
                ORDER BY seq DESC LIMIT 1
                """
            ).first().map(Store.message(from:))
            let unread =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM messages m
                    WHERE m.conversation_id = \(bind: record.id) AND m.sender_id <> \(bind: userId)
                      AND m.moderation_action <> \(bind: ModerationAction.held.rawValue)
                      AND m.seq > COALESCE((SELECT last_read_seq FROM conversation_participants
                                            WHERE conversation_id = \(bind: record.id) AND user_id = \(bind: userId)), 0)
                    """
                ).first()?.int64("n") ?? 0
            return Conversation(
                id: record.id, participantIds: record.participantIds, subject: record.subject, orderId: record.orderId,
                createdAt: record.createdAt, lastMessage: last, unreadCount: Int(unread))
        }
    }

    /// A page of the user's conversations, latest activity first. The cursor is `<activityMillis>:<id>`.
    public func conversations(for userId: String, limit: Int, cursor: String?) async throws -> Page<Conversation> {
        let after = try Store.parseTimeCursor(cursor)
        let ids: [(String, Int64)] = try await provider.withConnection { db in
            let rows: [any SQLRow]
            if let after {
                rows = try await db.raw(
                    """
                    SELECT c.id, c.last_activity_at FROM conversations c
                    JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = \(bind: userId)
                    WHERE c.last_activity_at < \(bind: after.0) OR (c.last_activity_at = \(bind: after.0) AND c.id < \(bind: after.1))
                    ORDER BY c.last_activity_at DESC, c.id DESC LIMIT \(bind: limit + 1)
                    """
                ).all()
            } else {
                rows = try await db.raw(
                    """
                    SELECT c.id, c.last_activity_at FROM conversations c
                    JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = \(bind: userId)
                    ORDER BY c.last_activity_at DESC, c.id DESC LIMIT \(bind: limit + 1)
                    """
                ).all()
            }
            return try rows.map { (try $0.string("id"), try $0.int64("last_activity_at")) }
        }
        var items: [Conversation] = []
        for (id, _) in ids.prefix(limit) {
            if let record = try await conversation(id: id) {
                items.append(try await conversationView(record, for: userId))
            }
        }
        let next = ids.count > limit ? ids[limit - 1] : nil
        return Page(items: items, nextCursor: next.map { "\($0.1):\($0.0)" })
    }

    /// Reads a `<millis>:<id>` cursor (conversations by activity, flags by creation).
    static func parseTimeCursor(_ cursor: String?) throws -> (Int64, String)? {
        guard let cursor else { return nil }
        let parts = cursor.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let millis = Int64(parts[0]) else { throw StorageError(.invalid, "cursor is not valid") }
        return (millis, String(parts[1]))
    }

    /// Records that `userId` has read up to `seq`; the read mark never goes backwards. Returns the mark now stored,
    /// and whether this call moved it.
    public func markRead(conversationId: String, userId: String, seq: Int64) async throws -> (mark: Int64, moved: Bool) {
        try await provider.withTransaction { db in
            let moved =
                try await db.raw(
                    """
                    UPDATE conversation_participants SET last_read_seq = \(bind: seq)
                    WHERE conversation_id = \(bind: conversationId) AND user_id = \(bind: userId) AND last_read_seq < \(bind: seq)
                    RETURNING last_read_seq
                    """
                ).first() != nil
            let mark =
                try await db.raw(
                    """
                    SELECT last_read_seq FROM conversation_participants
                    WHERE conversation_id = \(bind: conversationId) AND user_id = \(bind: userId)
                    """
                ).first()?.int64("last_read_seq") ?? seq
            return (mark, moved)
        }
    }
}

extension Store {
    /// The ids of the user's conversations, most recently active first.
    public func conversationIDs(for userId: String, limit: Int) async throws -> [String] {
        try await provider.withConnection { db in
            try await db.raw(
                """
                SELECT c.id FROM conversations c
                JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = \(bind: userId)
                ORDER BY c.last_activity_at DESC LIMIT \(bind: limit)
                """
            ).all().map { try $0.string("id") }
        }
    }
}
