public import ParleyProtocol

/// The fields of a listing a seller writes, checked: `{title, description, category, city, price, pricingModel}`.
public struct ListingDraft: Sendable {
    public var title: String
    public var description: String
    public var category: String
    public var city: String
    public var price: Money
    public var pricingModel: PricingModel

    public init(title: String, description: String, category: String, city: String, price: Money, pricingModel: PricingModel) {
        self.title = title
        self.description = description
        self.category = category
        self.city = city
        self.price = price
        self.pricingModel = pricingModel
    }

    /// A category is a slug: 1…64 of `a-z`, `0-9` and `-`.
    static func isSlug(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// Refuses what a listing may not hold, naming the field.
    func validate(_ configuration: MarketplaceConfiguration) throws {
        try TextRules.checkText(title, field: "title", maxChars: configuration.maxTitleChars, display: true)
        try TextRules.checkText(description, field: "description", maxChars: configuration.maxDescriptionChars)
        guard Self.isSlug(category) else {
            throw ParleyError.badRequest("field 'category' must be a slug of 1…64 characters a-z, 0-9 and '-'")
        }
        try TextRules.checkText(city, field: "city", maxChars: 100, display: true)
        guard price.amount >= 0, price.amount <= Money.maxAmount else {
            throw ParleyError.badRequest("field 'price.amount' must be an integer of minor units, 0…\(Money.maxAmount)")
        }
        guard Money.isCurrencyCode(price.currency) else {
            throw ParleyError.badRequest("field 'price.currency' must be an ISO 4217 code such as EUR")
        }
        guard PricingModel.all.contains(pricingModel) else {
            throw ParleyError.badRequest("field 'pricingModel' must be one of fixed, hourly, quote")
        }
    }
}
