/// Where an order is in its lifecycle (see `Protocol/README.md`, "Orders").
public struct OrderStatus: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pending = OrderStatus(rawValue: "pending")
    public static let paid = OrderStatus(rawValue: "paid")
    public static let inProgress = OrderStatus(rawValue: "in_progress")
    public static let delivered = OrderStatus(rawValue: "delivered")
    public static let completed = OrderStatus(rawValue: "completed")
    public static let disputed = OrderStatus(rawValue: "disputed")
    public static let refunded = OrderStatus(rawValue: "refunded")
    public static let cancelled = OrderStatus(rawValue: "cancelled")

    /// Every status protocol v1 knows.
    public static let all: [OrderStatus] = [.pending, .paid, .inProgress, .delivered, .completed, .disputed, .refunded, .cancelled]

    /// Whether no transition leaves this status.
    public var isFinal: Bool { self == .completed || self == .refunded || self == .cancelled }
}
