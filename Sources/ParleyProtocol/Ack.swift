/// Bodies of the `ack` frames that answer client frames (see `Protocol/README.md`).
public enum Ack {
    /// `subscribe` without `afterSeq`, and `unsubscribe`: `{channel}`.
    public struct Channel: Encodable, Sendable {
        public var channel: String
        public init(channel: String) { self.channel = channel }
    }

    /// `subscribe` with `afterSeq`: `{channel, recovered, hasMore}`.
    public struct Recovery: Encodable, Sendable {
        public var channel: String
        public var recovered: [Message]
        public var hasMore: Bool

        public init(channel: String, recovered: [Message], hasMore: Bool) {
            self.channel = channel
            self.recovered = recovered
            self.hasMore = hasMore
        }
    }

    /// `message.send`: `{message}`.
    public struct MessageSent: Encodable, Sendable {
        public var message: Message
        public init(message: Message) { self.message = message }
    }

    /// `read`: `{conversationId, seq}`.
    public struct Read: Encodable, Sendable {
        public var conversationId: String
        public var seq: Int64

        public init(conversationId: String, seq: Int64) {
            self.conversationId = conversationId
            self.seq = seq
        }
    }

    /// `auth.refresh`: `{expiresAt}`.
    public struct Refresh: Encodable, Sendable {
        public var expiresAt: Timestamp
        public init(expiresAt: Timestamp) { self.expiresAt = expiresAt }
    }
}
