import Foundation
public import ParleyProtocol
import SQLKit

extension Store {
    /// Records a new message for an offline recipient: one unread `message` notification per conversation and
    /// user. The first creates it; later ones (until the user reads it) update it in place: same id, a new cursor
    /// (so streams and replays see it again), the latest message's id and preview, `createdAt` now, and `title`
    /// made from how many messages it stands for.
    /// - Parameters:
    ///   - userId: The recipient.
    ///   - message: The new message (its conversation is the coalescing key).
    ///   - preview: The notification's body.
    ///   - title: The title for a count of messages.
    public func coalesceMessageNotification(
        userId: String, message: Message, preview: String, title: @escaping @Sendable (Int64) -> String
    ) async throws -> StoredNotification {
        let data = ["conversationId": message.conversationId, "messageId": message.id]
        return try await provider.withTransaction { db in
            // The counter first: it locks the user's inbox, so two messages cannot both create the unread row.
            let cursor = try await Store.nextNotificationCursor(userId: userId, on: db)
            let existing = try await db.raw(
                """
                SELECT id, coalesced FROM notifications
                WHERE user_id = \(bind: userId) AND coalesce_key = \(bind: message.conversationId) AND read_at IS NULL
                """
            ).first()
            let count = try existing?.int64("coalesced") ?? 0
            try Store.checkNotification(kind: .message, title: title(count + 1), body: preview, data: data)
            let now = Timestamp.now()
            let id = try existing?.string("id") ?? Store.newID()
            if existing != nil {
                try await db.raw(
                    """
                    UPDATE notifications SET seq = \(bind: cursor), title = \(bind: title(count + 1)), body = \(bind: preview),
                           data = \(bind: try Store.dataText(data)), coalesced = \(bind: count + 1),
                           created_at = \(bind: now.milliseconds)
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO notifications (\(unsafeRaw: Store.notificationColumns), coalesce_key)
                    VALUES (\(bind: id), \(bind: userId), \(bind: cursor), \(bind: NotificationKind.message.rawValue),
                            \(bind: title(1)), \(bind: preview), \(bind: try Store.dataText(data)), \(bind: now.milliseconds), NULL,
                            \(bind: message.conversationId))
                    """
                ).run()
            }
            let notification = UserNotification(
                id: id, kind: .message, title: title(count + 1), body: preview, data: data, createdAt: now)
            return StoredNotification(userId: userId, cursor: cursor, notification: notification)
        }
    }
}
