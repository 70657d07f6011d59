public import ParleyProtocol

/// The stored facts of a conversation, independent of who looks at it.
public struct ConversationRecord: Sendable, Equatable {
    public var id: String
    public var participantIds: [String]
    public var subject: String?
    public var orderId: String?
    public var createdAt: Timestamp
    public var lastSeq: Int64
}
