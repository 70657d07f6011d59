public import Logging
public import ParleyAccounts
public import ParleyModeration
public import ParleyProtocol
public import ParleyReview
public import ParleyStorage

/// Listings: sellers write them, everyone searches them. Titles and descriptions are moderated like messages, and
/// a price far below its category's median is flagged for review.
public final class ListingService: Sendable {
    let store: Store
    let pipeline: ModerationPipeline
    let intake: ReviewIntake
    let configuration: MarketplaceConfiguration
    let logger: Logger

    /// - Parameters:
    ///   - store: Listings and flags.
    ///   - pipeline: The moderation chat messages go through.
    ///   - intake: Where flags of refused texts go.
    ///   - configuration: Text limits and the price-dumping share.
    ///   - logger: For flags that could not be stored.
    public init(
        store: Store, pipeline: ModerationPipeline, intake: ReviewIntake, configuration: MarketplaceConfiguration, logger: Logger
    ) {
        self.store = store
        self.pipeline = pipeline
        self.intake = intake
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates a listing of the caller, who must be a seller; it comes back bare (without its rating).
    public func create(caller: Identity, draft: ListingDraft) async throws -> Listing {
        guard caller.role == .seller else { throw ParleyError.forbidden("only sellers may create listings") }
        try draft.validate(configuration)
        let now = Timestamp.now()
        let listing = Listing(
            id: Store.newID(), sellerId: caller.userId, title: draft.title, description: draft.description,
            category: draft.category, city: draft.city, price: draft.price, pricingModel: draft.pricingModel,
            createdAt: now, updatedAt: now)
        let (moderated, flags) = try await moderate(listing, priceChanged: true)
        try await store.insertListing(moderated, flags: flags)
        return moderated
    }

    /// A listing with its average rating and review count; 404 when it does not exist or was deleted.
    public func listing(id: String) async throws -> Listing {
        var listing = try await existing(id)
        listing.rating = try await store.rating(listingId: id)
        return listing
    }

    /// Listings matching a query (`limit` already clamped by the caller).
    public func search(_ query: ListingQuery) async throws -> Page<Listing> {
        if let text = query.text { try TextRules.checkText(text, field: "q", maxChars: 200) }
        return try await store.listings(query)
    }

    /// Changes a listing (its owner or an admin; others 403); `change` gets the current fields to edit.
    public func update(caller: Identity, id: String, _ change: (inout ListingDraft) throws -> Void) async throws -> Listing {
        let current = try await owned(id, caller: caller)
        var draft = ListingDraft(
            title: current.title, description: current.description, category: current.category, city: current.city,
            price: current.price, pricingModel: current.pricingModel)
        try change(&draft)
        try draft.validate(configuration)
        var listing = current
        (listing.title, listing.description, listing.category, listing.city) = (draft.title, draft.description, draft.category, draft.city)
        (listing.price, listing.pricingModel, listing.updatedAt) = (draft.price, draft.pricingModel, .now())
        let priceChanged = listing.price != current.price || listing.category != current.category
        let (moderated, flags) = try await moderate(listing, priceChanged: priceChanged, authorId: current.sellerId)
        try await store.updateListing(moderated, flags: flags)
        return moderated
    }

    /// Deletes a listing (its owner or an admin); afterwards it is 404 everywhere, its orders keep their reference.
    public func delete(caller: Identity, id: String) async throws {
        _ = try await owned(id, caller: caller)
        try await store.deleteListing(id: id, at: .now())
    }

    /// A listing's reviews, newest first.
    public func reviews(listingId: String, limit: Int, cursor: String?) async throws -> Page<Review> {
        _ = try await existing(listingId)
        return try await store.reviews(listingId: listingId, limit: limit, cursor: cursor)
    }

    func existing(_ id: String) async throws -> Listing {
        guard let listing = try await store.listing(id: id) else { throw ParleyError.notFound("listing not found") }
        return listing
    }

    func owned(_ id: String, caller: Identity) async throws -> Listing {
        let listing = try await existing(id)
        guard caller.isAdmin || listing.sellerId == caller.userId else {
            throw ParleyError.forbidden("only the listing's seller or an admin may change it")
        }
        return listing
    }
}
