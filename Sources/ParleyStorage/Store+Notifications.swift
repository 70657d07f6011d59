import Foundation
public import ParleyProtocol
public import SQLKit

extension Store {
    static let notificationColumns = "id, user_id, seq, kind, title, body, data, created_at, read_at"
    /// Longest `title` and `body` in characters, and longest id in `data`.
    static let maxNotificationTitle = 200
    static let maxNotificationBody = 2000
    static let maxNotificationId = 128

    static func storedNotification(from row: any SQLRow) throws -> StoredNotification {
        let data = try JSONDecoder().decode([String: String].self, from: Data(try row.string("data").utf8))
        let notification = UserNotification(
            id: try row.string("id"), kind: NotificationKind(rawValue: try row.string("kind")), title: try row.string("title"),
            body: try row.string("body"), data: data, createdAt: Timestamp(milliseconds: try row.int64("created_at")),
            readAt: try row.decode(column: "read_at", as: Int64?.self).map(Timestamp.init(milliseconds:)))
        return StoredNotification(userId: try row.string("user_id"), cursor: try row.int64("seq"), notification: notification)
    }

    /// Stores a notification in `userId`'s inbox on `db`, which may be inside the caller's own transaction (the
    /// notification then commits or rolls back with the caller's change). Deliver it live once that commits, with
    /// `NotificationService.deliver`.
    ///
    /// - Parameters:
    ///   - userId: The recipient.
    ///   - kind: One of ``NotificationKind/known``.
    ///   - title: 1…200 characters.
    ///   - body: At most 2000 characters.
    ///   - data: String ids of what it is about; keys from ``NotificationKind/dataKeys``, values 1…128 characters.
    ///   - db: The database, or the caller's transaction.
    /// - Throws: ``StorageError`` `invalid` (a `bad_request`) when a field breaks those limits.
    public static func insertNotification(
        userId: String, kind: NotificationKind, title: String, body: String, data: [String: String], on db: any SQLDatabase
    ) async throws -> UserNotification {
        try await insertStoredNotification(userId: userId, kind: kind, title: title, body: body, data: data, on: db).notification
    }

    /// ``insertNotification(userId:kind:title:body:data:on:)``, also returning the notification's cursor.
    public static func insertStoredNotification(
        userId: String, kind: NotificationKind, title: String, body: String, data: [String: String], on db: any SQLDatabase
    ) async throws -> StoredNotification {
        try checkNotification(kind: kind, title: title, body: body, data: data)
        let stored = StoredNotification(
            userId: userId, cursor: try await nextNotificationCursor(userId: userId, on: db),
            notification: UserNotification(id: newID(), kind: kind, title: title, body: body, data: data, createdAt: .now()))
        let n = stored.notification
        try await db.raw(
            """
            INSERT INTO notifications (\(unsafeRaw: notificationColumns))
            VALUES (\(bind: n.id), \(bind: userId), \(bind: stored.cursor), \(bind: n.kind.rawValue), \(bind: n.title),
                    \(bind: n.body), \(bind: try dataText(n.data)), \(bind: n.createdAt.milliseconds), NULL)
            """
        ).run()
        return stored
    }

    /// ``insertNotification(userId:kind:title:body:data:on:)`` in a transaction of its own.
    @discardableResult
    public func insertNotification(
        userId: String, kind: NotificationKind, title: String, body: String, data: [String: String]
    ) async throws -> StoredNotification {
        try await provider.withTransaction { db in
            try await Store.insertStoredNotification(userId: userId, kind: kind, title: title, body: body, data: data, on: db)
        }
    }

    /// The user's next inbox cursor. The counter row stays locked until the transaction ends, so one user's
    /// notifications commit in cursor order.
    static func nextNotificationCursor(userId: String, on db: any SQLDatabase) async throws -> Int64 {
        let row = try await db.raw(
            """
            INSERT INTO notification_counters (user_id, last_seq) VALUES (\(bind: userId), 1)
            ON CONFLICT (user_id) DO UPDATE SET last_seq = notification_counters.last_seq + 1
            RETURNING last_seq
            """
        ).first()
        guard let row else { throw StorageError(.unavailable, "no notification cursor returned") }
        return try row.int64("last_seq")
    }

    static func dataText(_ data: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }

    static func checkNotification(kind: NotificationKind, title: String, body: String, data: [String: String]) throws {
        func invalid(_ message: String) -> StorageError { StorageError(.invalid, "notification: " + message) }
        guard NotificationKind.known.contains(kind) else { throw invalid("unknown kind '\(kind.rawValue.prefix(64))'") }
        guard !title.isEmpty, title.count <= maxNotificationTitle, title.utf8.count <= 4 * maxNotificationTitle else {
            throw invalid("title must be 1…\(maxNotificationTitle) characters")
        }
        guard body.count <= maxNotificationBody, body.utf8.count <= 4 * maxNotificationBody else {
            throw invalid("body must be at most \(maxNotificationBody) characters")
        }
        try TextRules.checkControls(title, field: "title")
        try TextRules.checkControls(body, field: "body")
        for (key, value) in data {
            guard NotificationKind.dataKeys.contains(key) else { throw invalid("unknown data key '\(key.prefix(64))'") }
            guard !value.isEmpty, value.count <= maxNotificationId, value.utf8.count <= 4 * maxNotificationId else {
                throw invalid("data '\(key)' must be 1…\(maxNotificationId) characters")
            }
            try TextRules.checkControls(value, field: key)
        }
    }
}
