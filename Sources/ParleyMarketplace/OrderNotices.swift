import Foundation
import ParleyNotifications
public import ParleyProtocol
import ParleyStorage
import SQLKit

/// The inbox notifications of an order change: for the other party when a party moved it, for both when an admin,
/// the timer or a marketplace backend did. Written inside the change's transaction, delivered after it commits.
enum OrderNotices {
    /// Who is told of a change made by `by`.
    static func recipients(buyerId: String, sellerId: String, by: String) -> [String] {
        if by == buyerId { return [sellerId] }
        if by == sellerId { return [buyerId] }
        return [buyerId, sellerId]
    }

    /// Stores one `order.status` notification per recipient on `db` (the change's transaction).
    static func store(
        orderId: String, listingId: String?, to status: OrderStatus, from previous: OrderStatus?, recipients: [String],
        on db: any SQLDatabase
    ) async throws -> [(userId: String, notification: UserNotification)] {
        var data = ["orderId": orderId]
        if let listingId { data["listingId"] = listingId }
        let title = "Order \(status.rawValue.replacingOccurrences(of: "_", with: " "))"
        let body =
            previous.map { "Your order \(orderId.prefix(8)) moved from \($0) to \(status)." } ?? "Your order \(orderId.prefix(8)) is now \(status)."
        var stored: [(userId: String, notification: UserNotification)] = []
        for userId in recipients {
            let notification = try await Store.insertNotification(
                userId: userId, kind: .orderStatus, title: title, body: body, data: data, on: db)
            stored.append((userId, notification))
        }
        return stored
    }
}
