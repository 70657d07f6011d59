public import NIOCore

/// An event on its way through the hub: the encoded frame, shared by all recipients, plus the routing facts
/// a connection needs to filter it without decoding the frame.
public struct FanOutEvent: Sendable {
    /// The encoded server frame, exactly as sent on the wire.
    public var frame: ByteBuffer
    /// The conversation the event is about, if any.
    public var conversationId: String?
    /// The message seq, for `message.new` (lets a resuming connection drop what it already recovered).
    public var seq: Int64?
    /// A user whose own sockets must not receive the event (the typist of a `typing` event).
    public var excludeUserId: String?
    /// True when the event is a copy sent on a `user:` channel for a conversation event; a connection already
    /// subscribed to that conversation drops it, so it sees the event once.
    public var isUserCopy: Bool
    /// The node that published the event; that node already delivered it to its own sockets.
    public var origin: String?

    /// An event with no ``origin`` (the broker stamps it when it publishes to other nodes).
    ///
    /// - Parameters:
    ///   - frame: The encoded server frame.
    ///   - conversationId: The conversation the event is about, if any.
    ///   - seq: The message seq, for `message.new`.
    ///   - excludeUserId: A user whose own sockets must not receive the event.
    ///   - isUserCopy: Whether this is the copy on a `user:` channel of a conversation event.
    public init(
        frame: ByteBuffer, conversationId: String? = nil, seq: Int64? = nil, excludeUserId: String? = nil,
        isUserCopy: Bool = false
    ) {
        self.frame = frame
        self.conversationId = conversationId
        self.seq = seq
        self.excludeUserId = excludeUserId
        self.isUserCopy = isUserCopy
    }
}
