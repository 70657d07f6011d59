public import ParleyProtocol

/// An `order.status` event pushed by a marketplace backend that keeps its own orders:
/// `{orderId, status, previousStatus, buyerId, sellerId, at}`.
public struct OrderStatusPush: Sendable, Equatable {
    public var orderId: String
    public var status: OrderStatus
    public var previousStatus: OrderStatus?
    public var buyerId: String
    public var sellerId: String
    /// When the backend says it changed; nil: when the hub receives it.
    public var at: Timestamp?

    public init(orderId: String, status: OrderStatus, previousStatus: OrderStatus?, buyerId: String, sellerId: String, at: Timestamp?) {
        self.orderId = orderId
        self.status = status
        self.previousStatus = previousStatus
        self.buyerId = buyerId
        self.sellerId = sellerId
        self.at = at
    }

    /// Refuses ids that are blank, longer than 128 characters or hold control characters, and unknown statuses.
    func validate() throws {
        for (value, field) in [(orderId, "orderId"), (buyerId, "buyerId"), (sellerId, "sellerId")] {
            try TextRules.checkText(value, field: field, maxChars: 128)
        }
        for (value, field) in [(status, "status"), (previousStatus, "previousStatus")] {
            guard let value else { continue }
            guard OrderStatus.all.contains(value) else {
                throw ParleyError.badRequest("field '\(field)' must be one of \(OrderStatus.all.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    /// What a retry with the same idempotency key must repeat exactly (a missing `at` stays missing, so a retry
    /// without one matches).
    var fingerprint: String {
        [orderId, status.rawValue, previousStatus?.rawValue ?? "", buyerId, sellerId, at.map { String($0.milliseconds) } ?? ""]
            .joined(separator: "\u{1F}")
    }
}
