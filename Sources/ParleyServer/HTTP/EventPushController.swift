import HTTPTypes
import Hummingbird
import ParleyMarketplace
import ParleyProtocol

/// `POST /v1/events/order-status`: order-status events pushed by marketplace backends with the service token (not a
/// user's JWT) and an `Idempotency-Key`.
struct EventPushController {
    let intake: OrderEventIntake

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.post("events/order-status") { request, context in
            // The token first: without it nothing is read or done.
            try intake.authenticate(try BearerToken.parse(authorization: request.headers[.authorization], query: nil))
            var request = request
            let f = try await request.jsonFields(context: context)
            try f.refuseUnknown(["orderId", "status", "previousStatus", "buyerId", "sellerId", "at"])
            let at = try f.optionalString("at").map { text in
                guard let at = Timestamp(rfc3339: text) else { throw ParleyError.badRequest("field 'at' must be an RFC 3339 time") }
                return at
            }
            let event = OrderStatusPush(
                orderId: try f.string("orderId"), status: OrderStatus(rawValue: try f.string("status")),
                previousStatus: try f.optionalString("previousStatus").map(OrderStatus.init(rawValue:)), buyerId: try f.string("buyerId"),
                sellerId: try f.string("sellerId"), at: at)
            let applied = try await intake.push(event, idempotencyKey: request.headers[Self.idempotencyKey])
            return try JSONResponse.make(PushAnswer(orderId: event.orderId, duplicate: !applied), status: .accepted)
        }
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    /// `{orderId, duplicate}`: `duplicate` is true when the key was applied before and nothing happened now.
    struct PushAnswer: Encodable {
        var orderId: String
        var duplicate: Bool
    }
}
