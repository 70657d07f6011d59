public import ParleyProtocol
public import SQLKit

extension Store {
    /// What became of an order-status event pushed by a marketplace backend.
    public enum PushOutcome<Applied: Sendable>: Sendable {
        /// First time this key was seen: the event is recorded, with what the caller's `also` returned.
        case applied(Applied)
        /// The key was seen before with the same request: nothing changes.
        case duplicate
        /// The key was seen before with a different request: nothing changes.
        case keyReused
    }

    /// Records a pushed event once per idempotency key: the key, and the order's parties and status (so they may
    /// subscribe to `order:<id>`), in one transaction with `also` (notifications).
    public func recordPush<T: Sendable>(
        key: String, requestHash: String, orderId: String, buyerId: String, sellerId: String, status: OrderStatus,
        at now: Timestamp, also: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> PushOutcome<T> {
        do {
            let applied = try await provider.withTransaction { db in
                try await db.raw(
                    """
                    INSERT INTO idempotency_keys (idempotency_key, request_hash, created_at)
                    VALUES (\(bind: key), \(bind: requestHash), \(bind: now.milliseconds))
                    """
                ).run()
                try await db.raw(
                    """
                    INSERT INTO pushed_orders (order_id, buyer_id, seller_id, status, updated_at)
                    VALUES (\(bind: orderId), \(bind: buyerId), \(bind: sellerId), \(bind: status.rawValue), \(bind: now.milliseconds))
                    ON CONFLICT (order_id) DO UPDATE SET buyer_id = excluded.buyer_id, seller_id = excluded.seller_id,
                        status = excluded.status, updated_at = excluded.updated_at
                    """
                ).run()
                return try await also(db)
            }
            return .applied(applied)
        } catch  where isUniqueViolation(error) {
            let stored = try await provider.withConnection { db in
                try await db.raw("SELECT request_hash FROM idempotency_keys WHERE idempotency_key = \(bind: key)").first()
                    .map { try $0.string("request_hash") }
            }
            return stored == requestHash ? .duplicate : .keyReused
        }
    }

    /// The buyer and seller of an order: one of the hub's own, or one whose events a backend pushed.
    public func orderParties(id: String) async throws -> (buyerId: String, sellerId: String)? {
        try await provider.withConnection { db in
            var row = try await db.raw("SELECT buyer_id, seller_id FROM orders WHERE id = \(bind: id)").first()
            if row == nil {
                row = try await db.raw("SELECT buyer_id, seller_id FROM pushed_orders WHERE order_id = \(bind: id)").first()
            }
            return try row.map { (try $0.string("buyer_id"), try $0.string("seller_id")) }
        }
    }
}
