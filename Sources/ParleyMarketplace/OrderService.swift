public import Logging
public import ParleyAccounts
public import ParleyBroker
public import ParleyChat
public import ParleyModeration
public import ParleyNotifications
public import ParleyProtocol
public import ParleyStorage

/// Orders: created by buyers from a listing, moved through the state machine of ``OrderRules`` by their parties,
/// with the money in escrow (``Escrow``) and an `order.status` event for every change.
public final class OrderService: Sendable {
    let store: Store
    let chat: ChatService
    let fanOut: FanOut
    let pipeline: ModerationPipeline
    let notifications: NotificationService
    let configuration: MarketplaceConfiguration
    let logger: Logger

    /// - Parameters:
    ///   - store: Orders, their history and ledger.
    ///   - chat: Opens the buyer's and seller's conversation of each order.
    ///   - fanOut: Carries `order.status` events to subscribers on every node.
    ///   - pipeline: Moderates the buyer's note.
    ///   - notifications: The inbox every transition notifies.
    ///   - configuration: The platform fee.
    ///   - logger: For events that could not be published.
    public init(
        store: Store, chat: ChatService, fanOut: FanOut, pipeline: ModerationPipeline, notifications: NotificationService,
        configuration: MarketplaceConfiguration, logger: Logger
    ) {
        self.store = store
        self.chat = chat
        self.fanOut = fanOut
        self.pipeline = pipeline
        self.notifications = notifications
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates an order of a listing in `pending`, its total fixed now, with a conversation of buyer and seller.
    /// Only buyers order (others 403).
    public func create(caller: Identity, listingId: String, quantity: Int?, note: String?) async throws -> Order {
        guard caller.role == .buyer else { throw ParleyError.forbidden("only buyers may place orders") }
        let quantity = quantity ?? 1
        guard (1...10_000).contains(quantity) else { throw ParleyError.badRequest("field 'quantity' must be 1…10000") }
        if let note { try TextRules.checkText(note, field: "note", maxChars: 1000) }
        guard let listing = try await store.listing(id: listingId) else { throw ParleyError.notFound("listing not found") }
        let (total, overflow) = listing.price.amount.multipliedReportingOverflow(by: Int64(quantity))
        guard !overflow, total <= Money.maxAmount else {
            throw ParleyError.badRequest("the order's total would exceed \(Money.maxAmount) minor units")
        }
        let id = Store.newID()
        let conversation = try await chat.createConversation(
            caller: caller, participantIds: [listing.sellerId], subject: String(listing.title.prefix(100)), orderId: id)
        let order = Order(
            id: id, listingId: listing.id, buyerId: caller.userId, sellerId: listing.sellerId, status: .pending,
            total: Money(amount: total, currency: listing.price.currency), quantity: quantity,
            note: note.map { pipeline.moderate($0).text }, conversationId: conversation.id, history: [], createdAt: .now())
        do {
            try await store.insertOrder(order)
        } catch {
            logger.error(
                "order not stored; its conversation stays without it",
                metadata: ["parley.order": "\(id)", "parley.conversation": "\(conversation.id)", "error": "\(error)"])
            throw error
        }
        return order
    }

    /// An order its caller may see (buyer, seller, admins); 404 for anyone else, as if it did not exist.
    public func order(_ id: String, caller: Identity) async throws -> Order {
        guard let order = try await store.order(id: id), caller.isAdmin || order.buyerId == caller.userId || order.sellerId == caller.userId
        else { throw ParleyError.notFound("order not found") }
        return order
    }

    /// The caller's orders as buyer or seller (default: as the role they have), newest first.
    public func orders(caller: Identity, asSeller: Bool?, status: OrderStatus?, limit: Int, cursor: String?) async throws -> Page<Order> {
        if let status, !OrderStatus.all.contains(status) { throw ParleyError.badRequest("parameter 'status' is not an order status") }
        return try await store.orders(
            userId: caller.userId, asSeller: asSeller ?? (caller.role == .seller), status: status, limit: limit, cursor: cursor)
    }

    /// An order's escrow ledger (same visibility as the order).
    public func ledger(_ id: String, caller: Identity) async throws -> [LedgerEntry] {
        _ = try await order(id, caller: caller)
        return try await store.ledger(orderId: id)
    }

    /// Moves an order: 404 for strangers, 409 naming the allowed statuses for a transition that does not exist (or
    /// lost a race), 403 for a party without the right to it. Returns the order as it is now.
    public func transition(caller: Identity, orderId: String, to: OrderStatus) async throws -> Order {
        let current = try await order(orderId, caller: caller)
        var actors: [OrderRules.Actor] = []
        if current.buyerId == caller.userId { actors.append(.buyer) }
        if current.sellerId == caller.userId { actors.append(.seller) }
        if caller.isAdmin { actors.append(.admin) }
        try OrderRules.check(from: current.status, to: to, actors: actors)
        return try await move(current, to: to, by: caller.userId)
    }

    /// Applies a checked transition; of concurrent ones from the same status exactly one succeeds.
    func move(_ current: Order, to: OrderStatus, by: String) async throws -> Order {
        let step = OrderTransition(from: current.status, to: to, by: by, at: .now())
        let entries = Escrow.entries(
            from: current.status, to: to, total: current.total, basisPoints: configuration.feeBasisPoints, at: step.at)
        let recipients = OrderNotices.recipients(buyerId: current.buyerId, sellerId: current.sellerId, by: by)
        let (orderId, listingId) = (current.id, current.listingId)
        let stored = try await store.transitionOrder(id: current.id, step, ledger: entries) { db in
            try await OrderNotices.store(
                orderId: orderId, listingId: listingId, to: step.to, from: step.from, recipients: recipients, on: db)
        }
        guard let stored else {
            let now = try await store.order(id: current.id)?.status ?? current.status
            throw ParleyError(.conflict, "the order moved meanwhile and is now '\(now)'; allowed: \(Self.allowedText(now))")
        }
        await publish(current, step)
        await notifications.deliver(stored)
        return try await store.order(id: current.id) ?? current
    }

    static func allowedText(_ status: OrderStatus) -> String {
        let next = OrderRules.next(after: status).map(\.rawValue)
        return next.isEmpty ? "none" : next.joined(separator: ", ")
    }

    /// Publishes `order.status` on `order:<id>`. The change is stored, so a failed publish is logged, not returned.
    func publish(_ order: Order, _ step: OrderTransition) async {
        let event = ServerEvent.OrderStatusChanged(
            orderId: order.id, status: step.to, previousStatus: step.from, changedBy: step.by, at: step.at)
        await publish(event)
    }

    func publish(_ event: ServerEvent.OrderStatusChanged) async {
        let channel = ChannelName.order(event.orderId).name
        do {
            try await fanOut.publish(FanOutEvent(frame: ServerFrame.event(event)), to: channel)
        } catch {
            logger.error("publish failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
        }
    }

    /// Whether the caller may subscribe to `order:<id>`: its buyer, its seller (of a hub order or a pushed one) and
    /// admins; `not_found` for anyone else, as for an order that does not exist.
    public func authorizeSubscription(orderId: String, caller: Identity) async throws {
        guard let parties = try await store.orderParties(id: orderId),
            caller.isAdmin || parties.buyerId == caller.userId || parties.sellerId == caller.userId
        else { throw ParleyError.notFound("order not found") }
    }
}
