public import ParleyProtocol
import SQLKit

extension Store {
    static let listingColumns =
        "id, seller_id, title, description, category, city, price_amount, price_currency, pricing_model, created_at, updated_at"

    static func listing(from row: any SQLRow) throws -> Listing {
        Listing(
            id: try row.string("id"), sellerId: try row.string("seller_id"), title: try row.string("title"),
            description: try row.string("description"), category: try row.string("category"), city: try row.string("city"),
            price: Money(amount: try row.int64("price_amount"), currency: try row.string("price_currency")),
            pricingModel: PricingModel(rawValue: try row.string("pricing_model")),
            createdAt: Timestamp(milliseconds: try row.int64("created_at")),
            updatedAt: Timestamp(milliseconds: try row.int64("updated_at")))
    }

    /// What listing search matches: title and description, lower-cased the same way the query is.
    public static func searchText(_ listing: Listing) -> String { (listing.title + "\n" + listing.description).lowercased() }

    /// Stores a new listing and, in the same transaction, the flags moderation or pricing raised about it.
    public func insertListing(_ listing: Listing, flags: [Flag]) async throws {
        try await provider.withTransaction { db in
            try await db.raw(
                """
                INSERT INTO listings (id, seller_id, title, description, category, city, city_key, price_amount, price_currency,
                                      pricing_model, search_text, created_at, updated_at)
                VALUES (\(bind: listing.id), \(bind: listing.sellerId), \(bind: listing.title), \(bind: listing.description),
                        \(bind: listing.category), \(bind: listing.city), \(bind: listing.city.lowercased()),
                        \(bind: listing.price.amount), \(bind: listing.price.currency), \(bind: listing.pricingModel.rawValue),
                        \(bind: Store.searchText(listing)), \(bind: listing.createdAt.milliseconds),
                        \(bind: listing.updatedAt.milliseconds))
                """
            ).run()
            for flag in flags { try await Store.insertFlag(flag, on: db) }
        }
    }

    /// Replaces a listing's fields (not its seller or creation time), with the flags raised about the new text.
    public func updateListing(_ listing: Listing, flags: [Flag]) async throws {
        try await provider.withTransaction { db in
            try await db.raw(
                """
                UPDATE listings SET title = \(bind: listing.title), description = \(bind: listing.description),
                       category = \(bind: listing.category), city = \(bind: listing.city), city_key = \(bind: listing.city.lowercased()),
                       price_amount = \(bind: listing.price.amount), price_currency = \(bind: listing.price.currency),
                       pricing_model = \(bind: listing.pricingModel.rawValue), search_text = \(bind: Store.searchText(listing)),
                       updated_at = \(bind: listing.updatedAt.milliseconds)
                WHERE id = \(bind: listing.id) AND deleted_at IS NULL
                """
            ).run()
            for flag in flags { try await Store.insertFlag(flag, on: db) }
        }
    }

    /// Marks a listing deleted: it is gone from search and lookups, while its orders keep their reference.
    public func deleteListing(id: String, at now: Timestamp) async throws {
        try await provider.withConnection { db in
            try await db.raw(
                "UPDATE listings SET deleted_at = \(bind: now.milliseconds) WHERE id = \(bind: id) AND deleted_at IS NULL"
            ).run()
        }
    }

    /// A listing that is not deleted.
    public func listing(id: String) async throws -> Listing? {
        try await provider.withConnection { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Store.listingColumns) FROM listings WHERE id = \(bind: id) AND deleted_at IS NULL"
            ).first().map(Store.listing(from:))
        }
    }

    /// Listings matching a query, in its order; the cursor is `<sort key>:<id>`.
    public func listings(_ query: ListingQuery) async throws -> Page<Listing> {
        let after = try Store.parseTimeCursor(query.cursor)
        let rows: [Listing] = try await provider.withConnection { db in
            var sql = SQLQueryString("SELECT \(unsafeRaw: Store.listingColumns) FROM listings WHERE deleted_at IS NULL")
            func and(_ condition: String, _ value: some Encodable & Sendable) {
                sql.appendInterpolation(unsafeRaw: " AND \(condition) ")
                sql.appendInterpolation(bind: value)
            }
            for word in (query.text ?? "").lowercased().split(whereSeparator: \.isWhitespace).prefix(8) {
                and("search_text LIKE", "%" + Store.likeLiteral(String(word)) + "%")
                sql.appendInterpolation(unsafeRaw: " ESCAPE '\\'")
            }
            if let category = query.category { and("category =", category) }
            if let city = query.city { and("city_key =", city.lowercased()) }
            if let minPrice = query.minPrice { and("price_amount >=", minPrice) }
            if let maxPrice = query.maxPrice { and("price_amount <=", maxPrice) }
            let (column, descending) = query.sort.key
            let (direction, beyond) = descending ? ("DESC", "<") : ("ASC", ">")
            if let after {
                sql += " AND (\(unsafeRaw: column) \(unsafeRaw: beyond) \(bind: after.0)"
                sql += " OR (\(unsafeRaw: column) = \(bind: after.0) AND id \(unsafeRaw: beyond) \(bind: after.1)))"
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY \(column) \(direction), id \(direction) LIMIT ")
            sql.appendInterpolation(bind: query.limit + 1)
            return try await db.raw(sql).all().map(Store.listing(from:))
        }
        let next = rows.count > query.limit ? rows[query.limit - 1] : nil
        let key: (Listing) -> Int64 = query.sort == .newest ? { $0.createdAt.milliseconds } : { $0.price.amount }
        return Page(items: Array(rows.prefix(query.limit)), nextCursor: next.map { "\(key($0)):\($0.id)" })
    }

    /// How many live listings of a category are priced in `currency` (other than `excluding`), and their median
    /// price (the lower middle one for an even count); nil median when there are none.
    public func categoryMedian(category: String, currency: String, excluding: String) async throws -> (count: Int, median: Int64?) {
        try await provider.withConnection { db in
            let filter = SQLQueryString(
                """
                FROM listings WHERE deleted_at IS NULL AND category = \(bind: category) AND price_currency = \(bind: currency)
                AND id <> \(bind: excluding)
                """)
            let count = try await db.raw("SELECT COUNT(*) AS n " + filter).first()?.decode(column: "n", as: Int64.self) ?? 0
            guard count > 0 else { return (0, nil) }
            let middle = try await db.raw(
                "SELECT price_amount " + filter + " ORDER BY price_amount LIMIT 1 OFFSET \(bind: (count - 1) / 2)"
            ).first()?.decode(column: "price_amount", as: Int64.self)
            return (Int(count), middle)
        }
    }
}
