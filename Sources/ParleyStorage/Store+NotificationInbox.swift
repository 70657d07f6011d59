public import ParleyProtocol
import SQLKit

extension Store {
    /// A page of the user's notifications, newest first (by cursor); `before` continues a previous page.
    /// - Parameters:
    ///   - userId: Whose inbox.
    ///   - unreadOnly: Only those with `readAt` null.
    ///   - before: The `nextCursor` of the previous page: only notifications below it.
    ///   - limit: At most this many items.
    public func notifications(userId: String, unreadOnly: Bool, before: Int64?, limit: Int) async throws -> Page<UserNotification> {
        let rows: [StoredNotification] = try await provider.withConnection { db in
            var sql = SQLQueryString("SELECT \(unsafeRaw: Store.notificationColumns) FROM notifications WHERE user_id = ")
            sql.appendInterpolation(bind: userId)
            if unreadOnly { sql.appendInterpolation(unsafeRaw: " AND read_at IS NULL") }
            if let before {
                sql.appendInterpolation(unsafeRaw: " AND seq < ")
                sql.appendInterpolation(bind: before)
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY seq DESC LIMIT ")
            sql.appendInterpolation(bind: limit + 1)
            return try await db.raw(sql).all().map(Store.storedNotification(from:))
        }
        let next = rows.count > limit ? rows[limit - 1].cursor : nil
        return Page(items: rows.prefix(limit).map(\.notification), nextCursor: next.map { String($0) })
    }

    /// The user's notifications stored after `cursor`, oldest first, at most `limit` (a stream's replay).
    public func notifications(userId: String, after cursor: Int64, limit: Int) async throws -> [StoredNotification] {
        try await provider.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Store.notificationColumns) FROM notifications
                WHERE user_id = \(bind: userId) AND seq > \(bind: cursor) ORDER BY seq ASC LIMIT \(bind: limit)
                """
            ).all().map(Store.storedNotification(from:))
        }
    }

    /// A notification by id with its owner and cursor (to deliver one stored by another module's transaction).
    public func storedNotification(id: String) async throws -> StoredNotification? {
        try await provider.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Store.notificationColumns) FROM notifications WHERE id = \(bind: id)")
                .first().map(Store.storedNotification(from:))
        }
    }

    /// Marks one of the user's notifications read (a second call keeps the first `readAt`).
    /// - Throws: ``StorageError`` `notFound` when the user has no notification with that id (someone else's too).
    public func markNotificationRead(id: String, userId: String, at now: Timestamp) async throws -> UserNotification {
        let row = try await provider.withConnection { db in
            try await db.raw(
                """
                UPDATE notifications SET read_at = COALESCE(read_at, \(bind: now.milliseconds))
                WHERE id = \(bind: id) AND user_id = \(bind: userId)
                RETURNING \(unsafeRaw: Store.notificationColumns)
                """
            ).first().map(Store.storedNotification(from:))
        }
        guard let row else { throw StorageError(.notFound, "notification not found") }
        return row.notification
    }

    /// Marks every unread notification of the user read; returns how many were unread.
    public func markAllNotificationsRead(userId: String, at now: Timestamp) async throws -> Int {
        try await provider.withConnection { db in
            try await db.raw(
                """
                UPDATE notifications SET read_at = \(bind: now.milliseconds)
                WHERE user_id = \(bind: userId) AND read_at IS NULL RETURNING id
                """
            ).all().count
        }
    }

    /// How many of the user's notifications are unread.
    public func unreadNotificationCount(userId: String) async throws -> Int {
        let count = try await provider.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userId) AND read_at IS NULL")
                .first()?.int64("n")
        }
        return Int(count ?? 0)
    }
}
