public import ParleyProtocol
import SQLKit

extension Store {
    /// Stores a review and the flags moderation raised about its comment; false when the order already has one.
    public func insertReview(_ review: Review, flags: [Flag]) async throws -> Bool {
        do {
            try await provider.withTransaction { db in
                try await db.raw(
                    """
                    INSERT INTO reviews (id, order_id, listing_id, buyer_id, seller_id, rating, comment, created_at)
                    VALUES (\(bind: review.id), \(bind: review.orderId), \(bind: review.listingId), \(bind: review.buyerId),
                            \(bind: review.sellerId), \(bind: Int64(review.rating)), \(bind: review.comment),
                            \(bind: review.createdAt.milliseconds))
                    """
                ).run()
                for flag in flags { try await Store.insertFlag(flag, on: db) }
            }
            return true
        } catch  where isUniqueViolation(error) {
            return false
        }
    }

    /// A listing's reviews, newest first; the cursor is `<createdMillis>:<id>`.
    public func reviews(listingId: String, limit: Int, cursor: String?) async throws -> Page<Review> {
        let after = try Store.parseTimeCursor(cursor)
        let rows: [Review] = try await provider.withConnection { db in
            var sql = SQLQueryString(
                """
                SELECT id, order_id, listing_id, buyer_id, seller_id, rating, comment, created_at FROM reviews
                WHERE listing_id = \(bind: listingId)
                """)
            if let after {
                sql += " AND (created_at < \(bind: after.0) OR (created_at = \(bind: after.0) AND id < \(bind: after.1)))"
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT \(bind: limit + 1)"
            return try await db.raw(sql).all().map { row in
                Review(
                    id: try row.string("id"), orderId: try row.string("order_id"), listingId: try row.string("listing_id"),
                    buyerId: try row.string("buyer_id"), sellerId: try row.string("seller_id"), rating: Int(try row.int64("rating")),
                    comment: try row.string("comment"), createdAt: Timestamp(milliseconds: try row.int64("created_at")))
            }
        }
        let next = rows.count > limit ? rows[limit - 1] : nil
        return Page(items: Array(rows.prefix(limit)), nextCursor: next.map { "\($0.createdAt.milliseconds):\($0.id)" })
    }

    /// Whether an order has a review.
    public func hasReview(orderId: String) async throws -> Bool {
        try await provider.withConnection { db in
            try await db.raw("SELECT id FROM reviews WHERE order_id = \(bind: orderId)").first() != nil
        }
    }

    /// A listing's review count and mean rating (rounded to two decimals; nil without reviews).
    public func rating(listingId: String) async throws -> ListingRating {
        try await provider.withConnection { db in
            let row = try await db.raw(
                "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(rating), 0) AS BIGINT) AS total FROM reviews WHERE listing_id = \(bind: listingId)"
            ).first()
            let count = try row?.decode(column: "n", as: Int64.self) ?? 0
            let total = try row?.decode(column: "total", as: Int64.self) ?? 0
            // Integer sums, so both databases round the same way.
            let average = count == 0 ? nil : Double((total * 100 + count / 2) / count) / 100
            return ListingRating(average: average, count: Int(count))
        }
    }
}
