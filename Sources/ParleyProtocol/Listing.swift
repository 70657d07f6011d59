/// A seller's offer. `description` (and `title`) are stored as moderation left them.
///
/// `GET /v1/listings/{id}` adds `averageRating` (null without reviews) and `reviewCount`; elsewhere a listing comes
/// back bare, without them.
public struct Listing: Codable, Sendable, Equatable {
    public var id: String
    public var sellerId: String
    public var title: String
    public var description: String
    public var category: String
    public var city: String
    public var price: Money
    public var pricingModel: PricingModel
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// The reviews' mean rating, rounded to two decimals; set on the single-listing view only.
    public var rating: ListingRating?

    public init(
        id: String, sellerId: String, title: String, description: String, category: String, city: String, price: Money,
        pricingModel: PricingModel, createdAt: Timestamp, updatedAt: Timestamp, rating: ListingRating? = nil
    ) {
        self.id = id
        self.sellerId = sellerId
        self.title = title
        self.description = description
        self.category = category
        self.city = city
        self.price = price
        self.pricingModel = pricingModel
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.rating = rating
    }

    enum CodingKeys: String, CodingKey {
        case id, sellerId, title, description, category, city, price, pricingModel, createdAt, updatedAt
        case averageRating, reviewCount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        sellerId = try c.decode(String.self, forKey: .sellerId)
        title = try c.decode(String.self, forKey: .title)
        description = try c.decode(String.self, forKey: .description)
        category = try c.decode(String.self, forKey: .category)
        city = try c.decode(String.self, forKey: .city)
        price = try c.decode(Money.self, forKey: .price)
        pricingModel = try c.decode(PricingModel.self, forKey: .pricingModel)
        createdAt = try c.decode(Timestamp.self, forKey: .createdAt)
        updatedAt = try c.decode(Timestamp.self, forKey: .updatedAt)
        if let count = try c.decodeIfPresent(Int.self, forKey: .reviewCount) {
            rating = ListingRating(average: try c.decodeIfPresent(Double.self, forKey: .averageRating), count: count)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sellerId, forKey: .sellerId)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(category, forKey: .category)
        try c.encode(city, forKey: .city)
        try c.encode(price, forKey: .price)
        try c.encode(pricingModel, forKey: .pricingModel)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        if let rating {
            try c.encode(rating.average, forKey: .averageRating)
            try c.encode(rating.count, forKey: .reviewCount)
        }
    }
}

/// A listing's reviews in short: their mean rating (nil without reviews) and how many there are.
public struct ListingRating: Sendable, Equatable {
    public var average: Double?
    public var count: Int

    public init(average: Double?, count: Int) {
        self.average = average
        self.count = count
    }
}
