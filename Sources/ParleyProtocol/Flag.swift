/// A message (or other text) held up for human review. `original` is shown to admins only.
///
/// A flag about a listing (its description, or its price: `price_dumping`) names it in `listingId`, with
/// `conversationId` and `messageId` null; a flag about a message has `listingId` null.
public struct Flag: Codable, Sendable, Equatable {
    public var id: String
    public var status: FlagStatus
    public var categories: [String]
    public var senderId: String
    public var conversationId: String?
    public var messageId: String?
    public var original: String
    public var moderated: String
    public var findings: [FlagFinding]
    public var createdAt: Timestamp
    public var decision: FlagDecision?
    public var decidedBy: String?
    public var decidedAt: Timestamp?
    public var note: String?
    public var listingId: String?

    public init(
        id: String, status: FlagStatus, categories: [String], senderId: String, conversationId: String?, messageId: String?,
        original: String, moderated: String, findings: [FlagFinding], createdAt: Timestamp, decision: FlagDecision? = nil,
        decidedBy: String? = nil, decidedAt: Timestamp? = nil, note: String? = nil, listingId: String? = nil
    ) {
        self.id = id
        self.status = status
        self.categories = categories
        self.senderId = senderId
        self.conversationId = conversationId
        self.messageId = messageId
        self.original = original
        self.moderated = moderated
        self.findings = findings
        self.createdAt = createdAt
        self.decision = decision
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
        self.listingId = listingId
    }

    enum CodingKeys: String, CodingKey {
        case id, status, categories, senderId, conversationId, messageId, original, moderated, findings, createdAt
        case decision, decidedBy, decidedAt, note, listingId
    }

    /// Every field is present; undecided ones are `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(categories, forKey: .categories)
        try c.encode(senderId, forKey: .senderId)
        try c.encode(conversationId, forKey: .conversationId)
        try c.encode(messageId, forKey: .messageId)
        try c.encode(original, forKey: .original)
        try c.encode(moderated, forKey: .moderated)
        try c.encode(findings, forKey: .findings)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(decision, forKey: .decision)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(decidedAt, forKey: .decidedAt)
        try c.encode(note, forKey: .note)
        try c.encode(listingId, forKey: .listingId)
    }
}
