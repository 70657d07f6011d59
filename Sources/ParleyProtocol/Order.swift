/// An order of a listing, as its buyer, its seller and admins see it.
public struct Order: Codable, Sendable, Equatable {
    public var id: String
    public var listingId: String
    public var buyerId: String
    public var sellerId: String
    public var status: OrderStatus
    /// The listing's price at ordering times the quantity.
    public var total: Money
    public var quantity: Int
    public var note: String?
    /// The conversation between buyer and seller opened with the order.
    public var conversationId: String
    /// Every transition, oldest first.
    public var history: [OrderTransition]
    public var createdAt: Timestamp

    public init(
        id: String, listingId: String, buyerId: String, sellerId: String, status: OrderStatus, total: Money, quantity: Int,
        note: String?, conversationId: String, history: [OrderTransition], createdAt: Timestamp
    ) {
        self.id = id
        self.listingId = listingId
        self.buyerId = buyerId
        self.sellerId = sellerId
        self.status = status
        self.total = total
        self.quantity = quantity
        self.note = note
        self.conversationId = conversationId
        self.history = history
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, listingId, buyerId, sellerId, status, total, quantity, note, conversationId, history, createdAt
    }

    /// Every field is present; `note` may be `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(listingId, forKey: .listingId)
        try c.encode(buyerId, forKey: .buyerId)
        try c.encode(sellerId, forKey: .sellerId)
        try c.encode(status, forKey: .status)
        try c.encode(total, forKey: .total)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(note, forKey: .note)
        try c.encode(conversationId, forKey: .conversationId)
        try c.encode(history, forKey: .history)
        try c.encode(createdAt, forKey: .createdAt)
    }
}

/// One step of an order's history: `{from, to, by, at}`; `by` is a user id, or `system` for the auto-completion timer.
public struct OrderTransition: Codable, Sendable, Equatable {
    public var from: OrderStatus
    public var to: OrderStatus
    public var by: String
    public var at: Timestamp

    public init(from: OrderStatus, to: OrderStatus, by: String, at: Timestamp) {
        self.from = from
        self.to = to
        self.by = by
        self.at = at
    }

    /// Who moved an order that nobody moved by hand (the auto-completion timer).
    public static let system = "system"

    enum CodingKeys: String, CodingKey { case from, to, by, at }
}
