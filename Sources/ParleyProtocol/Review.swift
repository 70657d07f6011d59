/// A buyer's review of a completed order; `comment` as moderation left it.
public struct Review: Codable, Sendable, Equatable {
    public var id: String
    public var orderId: String
    public var listingId: String
    public var buyerId: String
    public var sellerId: String
    public var rating: Int
    public var comment: String
    public var createdAt: Timestamp

    public init(
        id: String, orderId: String, listingId: String, buyerId: String, sellerId: String, rating: Int, comment: String,
        createdAt: Timestamp
    ) {
        self.id = id
        self.orderId = orderId
        self.listingId = listingId
        self.buyerId = buyerId
        self.sellerId = sellerId
        self.rating = rating
        self.comment = comment
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey { case id, orderId, listingId, buyerId, sellerId, rating, comment, createdAt }
}
