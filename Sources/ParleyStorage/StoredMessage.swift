public import ParleyProtocol

/// The result of storing a message: the message, and whether this call created it (false for a retried clientMsgId).
public struct StoredMessage: Sendable {
    public var message: Message
    public var created: Bool
}
