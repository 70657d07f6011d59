import Hummingbird
import ParleyMarketplace
import ParleyProtocol

/// Orders, their transitions, ledger and review over REST.
struct OrderController {
    let orders: OrderService
    let reviews: ReviewService

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("orders") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            try f.refuseUnknown(["listingId", "quantity", "note"])
            let order = try await orders.create(
                caller: try context.caller(), listingId: try f.string("listingId"), quantity: try f.optionalInteger("quantity").map(Self.int),
                note: try f.optionalString("note"))
            return try JSONResponse.make(order, status: .created)
        }
        group.get("orders") { request, context in
            let q = request.uri.queryParameters
            var asSeller: Bool?
            if let role = q.get("role") {
                guard role == "buyer" || role == "seller" else { throw ParleyError.badRequest("parameter 'role' must be buyer or seller") }
                asSeller = role == "seller"
            }
            let page = try await orders.orders(
                caller: try context.caller(), asSeller: asSeller, status: q.get("status").map(OrderStatus.init(rawValue:)),
                limit: try ConversationController.limit(request), cursor: q.get("cursor"))
            return try JSONResponse.make(page)
        }
        group.get("orders/{id}") { _, context in
            try JSONResponse.make(try await orders.order(try context.parameters.require("id"), caller: try context.caller()))
        }
        group.get("orders/{id}/ledger") { _, context in
            let items = try await orders.ledger(try context.parameters.require("id"), caller: try context.caller())
            return try JSONResponse.make(Page(items: items, nextCursor: nil))
        }
        group.post("orders/{id}/transitions") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            try f.refuseUnknown(["to"])
            let order = try await orders.transition(
                caller: try context.caller(), orderId: try context.parameters.require("id"), to: OrderStatus(rawValue: try f.string("to")))
            return try JSONResponse.make(order)
        }
        group.post("orders/{id}/review") { request, context in
            var request = request
            let f = try await request.jsonFields(context: context)
            try f.refuseUnknown(["rating", "comment"])
            let review = try await reviews.review(
                caller: try context.caller(), orderId: try context.parameters.require("id"), rating: try f.integer("rating"),
                comment: try f.optionalString("comment"))
            return try JSONResponse.make(review, status: .created)
        }
    }

    /// An integer field as `Int`, clamped into a range any check will refuse when it was out of `Int32`.
    static func int(_ value: Int64) -> Int { Int(clamping: value) }
}
