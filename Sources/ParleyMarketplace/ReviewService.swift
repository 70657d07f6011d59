public import Logging
public import ParleyAccounts
public import ParleyModeration
import ParleyNotifications
public import ParleyProtocol
public import ParleyReview
public import ParleyStorage

/// Reviews: once an order is completed, its buyer may review it once; the comment is moderated like a message.
public final class ReviewService: Sendable {
    let store: Store
    let orders: OrderService
    let pipeline: ModerationPipeline
    let intake: ReviewIntake
    let configuration: MarketplaceConfiguration

    /// - Parameters:
    ///   - store: Reviews and flags.
    ///   - orders: Who may see which order.
    ///   - pipeline: Moderates comments.
    ///   - intake: Where flags of refused comments go.
    ///   - configuration: The comment limit.
    public init(
        store: Store, orders: OrderService, pipeline: ModerationPipeline, intake: ReviewIntake, configuration: MarketplaceConfiguration
    ) {
        self.store = store
        self.orders = orders
        self.pipeline = pipeline
        self.intake = intake
        self.configuration = configuration
    }

    /// Reviews a completed order: 404 for strangers, 403 for anyone but its buyer, 400 for a rating outside 1…5,
    /// 409 before completion or when it was reviewed already.
    public func review(caller: Identity, orderId: String, rating: Int64, comment: String?) async throws -> Review {
        let order = try await orders.order(orderId, caller: caller)
        guard order.buyerId == caller.userId else { throw ParleyError.forbidden("only the order's buyer may review it") }
        guard (1...5).contains(rating) else { throw ParleyError.badRequest("field 'rating' must be an integer 1…5") }
        let comment = comment ?? ""
        if !comment.isEmpty { try TextRules.checkText(comment, field: "comment", maxChars: configuration.maxCommentChars) }
        guard order.status == .completed else {
            throw ParleyError(.conflict, "an order can be reviewed once it is completed; it is '\(order.status)'")
        }
        let (verdict, flag) = try await intake.screen(comment, with: pipeline, sender: caller.userId, conversationId: nil, what: "review")
        let review = Review(
            id: Store.newID(), orderId: order.id, listingId: order.listingId, buyerId: order.buyerId, sellerId: order.sellerId,
            rating: Int(rating), comment: verdict.text, createdAt: .now())
        guard try await store.insertReview(review, flags: flag.map { [$0] } ?? []) else {
            throw ParleyError(.conflict, "this order has been reviewed already")
        }
        await orders.notifications.notify(
            userIds: [order.sellerId], kind: .review, title: "New review: \(rating) of 5",
            body: String(review.comment.prefix(140)), data: ["orderId": order.id, "listingId": order.listingId])
        return review
    }
}
