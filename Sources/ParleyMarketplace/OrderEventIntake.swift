public import Logging
import ParleyNotifications
public import ParleyProtocol
public import ParleyStorage

/// Takes `order.status` events pushed by marketplace backends (`POST /v1/events/order-status`), authenticated by the
/// service token, each applied once per idempotency key.
public struct OrderEventIntake: Sendable {
    let store: Store
    let orders: OrderService
    let serviceToken: String?
    let logger: Logger

    /// - Parameters:
    ///   - store: Keys and the parties of pushed orders.
    ///   - orders: Publishes the event.
    ///   - serviceToken: The configured token; nil refuses every push.
    ///   - logger: Logs refused pushes.
    public init(store: Store, orders: OrderService, serviceToken: String?, logger: Logger) {
        self.store = store
        self.orders = orders
        self.serviceToken = serviceToken
        self.logger = logger
    }

    /// `unauthorized` unless `token` is the service token (compared in constant time). A user's JWT is never it.
    public func authenticate(_ token: String?) throws {
        guard let serviceToken, let token, Self.constantTimeEqual(Array(token.utf8), Array(serviceToken.utf8)) else {
            throw ParleyError.unauthorized("a valid service token is required")
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Applies a push once per key: the first time it is recorded and published (true); a retry of the same
    /// request changes nothing (false); the same key with another request is a `conflict`.
    public func push(_ event: OrderStatusPush, idempotencyKey key: String?) async throws -> Bool {
        guard let key, (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ParleyError.badRequest("header 'Idempotency-Key' is required: 1…255 visible ASCII characters")
        }
        try event.validate()
        let recipients = [event.buyerId, event.sellerId]
        let outcome = try await store.recordPush(
            key: key, requestHash: event.fingerprint, orderId: event.orderId, buyerId: event.buyerId, sellerId: event.sellerId,
            status: event.status, at: .now()
        ) { db in
            try await OrderNotices.store(
                orderId: event.orderId, listingId: nil, to: event.status, from: event.previousStatus, recipients: recipients, on: db)
        }
        switch outcome {
        case .applied(let stored):
            await orders.notifications.deliver(stored)
            await orders.publish(
                ServerEvent.OrderStatusChanged(
                    orderId: event.orderId, status: event.status, previousStatus: event.previousStatus,
                    changedBy: Self.changedBy, at: event.at ?? .now()))
            return true
        case .duplicate:
            return false
        case .keyReused:
            throw ParleyError(.conflict, "this Idempotency-Key was used for a different event")
        }
    }

    /// `changedBy` of a pushed event.
    public static let changedBy = "service"
}
