import ParleyModeration
import ParleyProtocol
import ParleyReview
import ParleyStorage

extension ListingService {
    /// The listing with its title and description as moderation leaves them, and the flags to store with it: one
    /// per text with findings, and `price_dumping` when its price is below the configured share of its category's
    /// median. A text moderation blocks refuses the listing (`blocked`), its flag queued.
    func moderate(_ listing: Listing, priceChanged: Bool, authorId: String? = nil) async throws -> (Listing, [Flag]) {
        var listing = listing
        var flags: [Flag] = []
        let author = authorId ?? listing.sellerId
        for field in [\Listing.title, \Listing.description] {
            var (verdict, flag) = try await intake.screen(
                listing[keyPath: field], with: pipeline, sender: author, conversationId: nil, what: "listing")
            flag?.listingId = listing.id
            flags += flag.map { [$0] } ?? []
            listing[keyPath: field] = verdict.text
        }
        if priceChanged, let flag = try await priceDumpingFlag(listing, author: author) { flags.append(flag) }
        return (listing, flags)
    }

    /// A `price_dumping` flag when the category has at least 5 other listings in the same currency and the price is
    /// below `priceDumpingPercent` of their median.
    func priceDumpingFlag(_ listing: Listing, author: String) async throws -> Flag? {
        let (count, median) = try await store.categoryMedian(
            category: listing.category, currency: listing.price.currency, excluding: listing.id)
        guard count >= 5, let median, listing.price.amount * 100 < median * Int64(configuration.priceDumpingPercent) else {
            return nil
        }
        let text = "\(listing.title): \(listing.price.amount) \(listing.price.currency) (category '\(listing.category)' median \(median))"
        return Flag(
            id: Store.newID(), status: .pending, categories: ["price_dumping"], senderId: author, conversationId: nil,
            messageId: nil, original: text, moderated: text, findings: [], createdAt: .now(), listingId: listing.id)
    }
}
