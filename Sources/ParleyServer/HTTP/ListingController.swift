import Hummingbird
import ParleyMarketplace
import ParleyProtocol
import ParleyStorage

/// Listings and their reviews over REST.
struct ListingController {
    let listings: ListingService

    static let fields: Set<String> = ["title", "description", "category", "city", "price", "pricingModel"]

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("listings") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            try f.refuseUnknown(Self.fields)
            let draft = ListingDraft(
                title: try f.string("title"), description: try f.string("description"), category: try f.string("category"),
                city: try f.string("city"), price: try Self.money(try f.object("price")),
                pricingModel: PricingModel(rawValue: try f.string("pricingModel")))
            return try JSONResponse.make(try await listings.create(caller: try context.caller(), draft: draft), status: .created)
        }
        group.get("listings") { request, _ in
            try JSONResponse.make(try await listings.search(try Self.query(request)))
        }
        group.get("listings/{id}") { _, context in
            try JSONResponse.make(try await listings.listing(id: try context.parameters.require("id")))
        }
        group.patch("listings/{id}") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            try f.refuseUnknown(Self.fields)
            let price = try f.optionalObject("price").map(Self.money)
            let listing = try await listings.update(caller: try context.caller(), id: try context.parameters.require("id")) { draft in
                if let v = try f.optionalString("title") { draft.title = v }
                if let v = try f.optionalString("description") { draft.description = v }
                if let v = try f.optionalString("category") { draft.category = v }
                if let v = try f.optionalString("city") { draft.city = v }
                if let price { draft.price = price }
                if let v = try f.optionalString("pricingModel") { draft.pricingModel = PricingModel(rawValue: v) }
            }
            return try JSONResponse.make(listing)
        }
        group.delete("listings/{id}") { _, context in
            try await listings.delete(caller: try context.caller(), id: try context.parameters.require("id"))
            return Response(status: .noContent)
        }
        group.get("listings/{id}/reviews") { request, context in
            let page = try await listings.reviews(
                listingId: try context.parameters.require("id"), limit: try ConversationController.limit(request),
                cursor: request.uri.queryParameters.get("cursor"))
            return try JSONResponse.make(page)
        }
    }

    static func money(_ f: JSONFields) throws -> Money {
        try f.refuseUnknown(["amount", "currency"])
        return Money(amount: try f.integer("amount"), currency: try f.string("currency"))
    }

    /// `q`, `category`, `city`, `minPrice`, `maxPrice`, `sort` (`newest`, `price_asc`, `price_desc`), `cursor`, `limit`.
    static func query(_ request: Request) throws -> ListingQuery {
        let q = request.uri.queryParameters
        func price(_ name: String) throws -> Int64? {
            guard let text = q.get(name) else { return nil }
            guard let v = Int64(text), v >= 0, v <= Money.maxAmount else {
                throw ParleyError.badRequest("parameter '\(name)' must be an integer 0…\(Money.maxAmount)")
            }
            return v
        }
        // Filters are matched exactly; anything longer than 200 code points matches nothing anyway.
        func filter(_ name: String) throws -> String? {
            guard let text = q.get(name) else { return nil }
            guard text.unicodeScalars.count <= 200 else { throw ParleyError.badRequest("parameter '\(name)' is longer than 200 characters") }
            return text
        }
        var sort = ListingSort.newest
        if let name = q.get("sort") {
            guard let named = ListingSort(name: name) else {
                throw ParleyError.badRequest("parameter 'sort' must be newest, price_asc or price_desc")
            }
            sort = named
        }
        return ListingQuery(
            text: q.get("q").flatMap { $0.contains(where: { !$0.isWhitespace }) ? $0 : nil }, category: try filter("category"),
            city: try filter("city"),
            minPrice: try price("minPrice"), maxPrice: try price("maxPrice"), sort: sort, cursor: q.get("cursor"),
            limit: try ConversationController.limit(request))
    }
}
