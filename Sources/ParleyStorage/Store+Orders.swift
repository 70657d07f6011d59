public import ParleyProtocol
public import SQLKit

extension Store {
    static let orderColumns =
        "id, listing_id, buyer_id, seller_id, status, total_amount, currency, quantity, note, conversation_id, created_at"

    static func order(from row: any SQLRow, history: [OrderTransition]) throws -> Order {
        Order(
            id: try row.string("id"), listingId: try row.string("listing_id"), buyerId: try row.string("buyer_id"),
            sellerId: try row.string("seller_id"), status: OrderStatus(rawValue: try row.string("status")),
            total: Money(amount: try row.int64("total_amount"), currency: try row.string("currency")),
            quantity: Int(try row.int64("quantity")), note: try row.optionalString("note"),
            conversationId: try row.string("conversation_id"), history: history,
            createdAt: Timestamp(milliseconds: try row.int64("created_at")))
    }

    /// Stores a new order (its history empty).
    public func insertOrder(_ order: Order) async throws {
        try await provider.withConnection { db in
            try await db.raw(
                """
                INSERT INTO orders (id, listing_id, buyer_id, seller_id, status, total_amount, currency, quantity, note,
                                    conversation_id, created_at, updated_at)
                VALUES (\(bind: order.id), \(bind: order.listingId), \(bind: order.buyerId), \(bind: order.sellerId),
                        \(bind: order.status.rawValue), \(bind: order.total.amount), \(bind: order.total.currency),
                        \(bind: Int64(order.quantity)), \(bind: order.note), \(bind: order.conversationId),
                        \(bind: order.createdAt.milliseconds), \(bind: order.createdAt.milliseconds))
                """
            ).run()
        }
    }

    /// An order with its history.
    public func order(id: String) async throws -> Order? {
        try await provider.withConnection { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Store.orderColumns) FROM orders WHERE id = \(bind: id)").first()
            else { return nil }
            return try Store.order(from: row, history: try await Store.histories(of: [id], on: db)[id] ?? [])
        }
    }

    static func histories(of orderIds: [String], on db: any SQLDatabase) async throws -> [String: [OrderTransition]] {
        guard !orderIds.isEmpty else { return [:] }
        var sql = SQLQueryString("SELECT order_id, from_status, to_status, changed_by, at FROM order_history WHERE order_id IN (")
        for (i, id) in orderIds.enumerated() {
            if i > 0 { sql += ", " }
            sql += "\(bind: id)"
        }
        sql += ") ORDER BY order_id, step"
        var result: [String: [OrderTransition]] = [:]
        for row in try await db.raw(sql).all() {
            result[try row.string("order_id"), default: []].append(
                OrderTransition(
                    from: OrderStatus(rawValue: try row.string("from_status")), to: OrderStatus(rawValue: try row.string("to_status")),
                    by: try row.string("changed_by"), at: Timestamp(milliseconds: try row.int64("at"))))
        }
        return result
    }

    /// A user's orders as buyer or seller, newest first, optionally of one status; the cursor is `<createdMillis>:<id>`.
    public func orders(userId: String, asSeller: Bool, status: OrderStatus?, limit: Int, cursor: String?) async throws -> Page<Order> {
        let after = try Store.parseTimeCursor(cursor)
        let rows = try await provider.withConnection { db in
            var sql = SQLQueryString("SELECT \(unsafeRaw: Store.orderColumns) FROM orders WHERE ")
            sql += asSeller ? "seller_id = \(bind: userId)" : "buyer_id = \(bind: userId)"
            if let status { sql += " AND status = \(bind: status.rawValue)" }
            if let after {
                sql += " AND (created_at < \(bind: after.0) OR (created_at = \(bind: after.0) AND id < \(bind: after.1)))"
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT \(bind: limit + 1)"
            let rows = try await db.raw(sql).all()
            let histories = try await Store.histories(of: try rows.prefix(limit).map { try $0.string("id") }, on: db)
            return try rows.map { try Store.order(from: $0, history: histories[try $0.string("id")] ?? []) }
        }
        let next = rows.count > limit ? rows[limit - 1] : nil
        return Page(items: Array(rows.prefix(limit)), nextCursor: next.map { "\($0.createdAt.milliseconds):\($0.id)" })
    }

    /// Moves an order from `transition.from` to `transition.to` if it is still in `from`, and in the same transaction
    /// records the step, appends `ledger` and runs `also` (notifications), returning what it returns. Of concurrent
    /// calls with the same `from` exactly one returns a value; the others change nothing and return nil.
    public func transitionOrder<T: Sendable>(
        id: String, _ transition: OrderTransition, ledger: [LedgerEntry],
        also: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T? {
        try await provider.withTransaction { db in
            let moved = try await db.raw(
                """
                UPDATE orders SET status = \(bind: transition.to.rawValue), updated_at = \(bind: transition.at.milliseconds)
                WHERE id = \(bind: id) AND status = \(bind: transition.from.rawValue) RETURNING id
                """
            ).first()
            guard moved != nil else { return nil }
            let steps =
                try await db.raw("SELECT COUNT(*) AS n FROM order_history WHERE order_id = \(bind: id)").first()?
                .decode(column: "n", as: Int64.self) ?? 0
            try await db.raw(
                """
                INSERT INTO order_history (order_id, step, from_status, to_status, changed_by, at)
                VALUES (\(bind: id), \(bind: steps + 1), \(bind: transition.from.rawValue), \(bind: transition.to.rawValue),
                        \(bind: transition.by), \(bind: transition.at.milliseconds))
                """
            ).run()
            let entries =
                try await db.raw("SELECT COUNT(*) AS n FROM order_ledger WHERE order_id = \(bind: id)").first()?
                .decode(column: "n", as: Int64.self) ?? 0
            for (offset, entry) in ledger.enumerated() {
                try await db.raw(
                    """
                    INSERT INTO order_ledger (order_id, position, kind, amount, currency, at)
                    VALUES (\(bind: id), \(bind: entries + 1 + Int64(offset)), \(bind: entry.kind.rawValue), \(bind: entry.amount),
                            \(bind: entry.currency), \(bind: entry.at.milliseconds))
                    """
                ).run()
            }
            return try await also(db)
        }
    }

    /// An order's ledger, in the order it was written.
    public func ledger(orderId: String) async throws -> [LedgerEntry] {
        try await provider.withConnection { db in
            try await db.raw(
                "SELECT kind, amount, currency, at FROM order_ledger WHERE order_id = \(bind: orderId) ORDER BY position"
            ).all().map { row in
                LedgerEntry(
                    kind: LedgerKind(rawValue: try row.string("kind")), amount: try row.int64("amount"),
                    currency: try row.string("currency"), at: Timestamp(milliseconds: try row.int64("at")))
            }
        }
    }

    /// Orders that have been in `status` since before `cutoff` (oldest first, at most `limit`).
    public func orders(in status: OrderStatus, since cutoff: Timestamp, limit: Int) async throws -> [String] {
        try await provider.withConnection { db in
            try await db.raw(
                """
                SELECT id FROM orders WHERE status = \(bind: status.rawValue) AND updated_at <= \(bind: cutoff.milliseconds)
                ORDER BY updated_at LIMIT \(bind: limit)
                """
            ).all().map { try $0.string("id") }
        }
    }
}
