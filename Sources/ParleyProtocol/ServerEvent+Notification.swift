extension ServerEvent {
    /// `notification`: `{cursor, notification}`, sent on the recipient's `user:` channel when a notification is
    /// created or (a coalesced `message` notification) updated. `cursor` is the position in the user's inbox that
    /// `GET /v1/notifications/stream` takes as `Last-Event-ID`.
    public struct Notification: ServerEventBody, Decodable {
        public var frameType: FrameType { .notification }
        public var cursor: String
        public var notification: UserNotification

        /// - Parameters:
        ///   - cursor: The notification's position in its user's inbox.
        ///   - notification: The notification.
        public init(cursor: String, notification: UserNotification) {
            self.cursor = cursor
            self.notification = notification
        }

        enum CodingKeys: String, CodingKey { case cursor, notification }
    }
}
