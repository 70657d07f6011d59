public import ParleyBroker
public import ParleyProtocol
public import ParleyStorage

extension NotificationService {
    /// A page of the user's notifications, newest first.
    /// - Parameters:
    ///   - userId: Whose inbox (the caller's).
    ///   - unreadOnly: Only unread notifications.
    ///   - cursor: The previous page's `nextCursor`.
    ///   - limit: 1…200.
    /// - Throws: `bad_request` for a cursor that is not one.
    public func notifications(userId: String, unreadOnly: Bool, cursor: String?, limit: Int) async throws -> Page<UserNotification> {
        let before = try cursor.map { try Self.parseCursor($0, parameter: "cursor") }
        return try await store.notifications(userId: userId, unreadOnly: unreadOnly, before: before, limit: limit)
    }

    /// Marks one of the user's notifications read and returns it.
    /// - Throws: `not_found` when the user has no notification with that id (someone else's included).
    public func markRead(userId: String, notificationId: String) async throws -> UserNotification {
        try await store.markNotificationRead(id: notificationId, userId: userId, at: .now())
    }

    /// Marks all of the user's notifications read; returns how many were unread.
    public func markAllRead(userId: String) async throws -> Int {
        try await store.markAllNotificationsRead(userId: userId, at: .now())
    }

    /// How many of the user's notifications are unread.
    public func unreadCount(userId: String) async throws -> Int {
        try await store.unreadNotificationCount(userId: userId)
    }

    /// The user's notifications stored after `cursor`, oldest first, at most `limit`: what a stream replays after
    /// a reconnect (page with the last cursor until fewer than `limit` come).
    public func replay(userId: String, after cursor: Int64, limit: Int) async throws -> [StoredNotification] {
        try await store.notifications(userId: userId, after: cursor, limit: limit)
    }

    /// Subscribes a stream to the user's channel; returns once live notifications reach it.
    /// - Throws: `unavailable` when the broker is down.
    public func subscribe(_ subscriber: any FanOutSubscriber, userId: String) async throws {
        do {
            try await fanOut.subscribe(subscriber, to: ChannelName.user(userId).name)
        } catch {
            throw ParleyError(.unavailable, "could not subscribe; retry later")
        }
    }

    /// Removes a stream from the user's channel.
    public func unsubscribe(_ subscriber: any FanOutSubscriber, userId: String) async {
        await fanOut.unsubscribe(subscriber, from: ChannelName.user(userId).name)
    }

    /// A cursor of the wire (a non-negative decimal integer).
    /// - Parameter parameter: The name the error message gives it.
    /// - Throws: `bad_request` naming the parameter.
    public static func parseCursor(_ text: String, parameter: String) throws -> Int64 {
        guard text.utf8.count <= 20, let value = Int64(text), value >= 0 else {
            throw ParleyError.badRequest("parameter '\(parameter)' must be a cursor this server gave (a non-negative integer)")
        }
        return value
    }
}
