public import ParleyProtocol

/// A notification with its owner and its place in the owner's inbox.
public struct StoredNotification: Sendable, Equatable {
    /// Whose inbox it is in.
    public var userId: String
    /// Its position in that inbox: per user, increasing, given anew when a coalesced notification is updated. On the
    /// wire it is the decimal `cursor` (the SSE event id).
    public var cursor: Int64
    public var notification: UserNotification

    /// - Parameters:
    ///   - userId: Whose inbox it is in.
    ///   - cursor: Its position in that inbox.
    ///   - notification: The notification.
    public init(userId: String, cursor: Int64, notification: UserNotification) {
        self.userId = userId
        self.cursor = cursor
        self.notification = notification
    }
}
