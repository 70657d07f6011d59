import Foundation
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// The marketplace on two nodes sharing Redis and PostgreSQL.
@Suite("Marketplace cluster", .enabled(if: TwoNodes.enabled, "PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL are not set"))
struct MarketplaceClusterTests {
    @Test func anOrderMovedOnOneNodeReachesSubscribersOnTheOther() async throws {
        try await TwoNodes.run { one, two in
            let seller = try await one.register("seller")
            let buyer = try await two.register("buyer")
            let orderId = try #require(try await two.order(buyer, listingId: try await one.listing(seller))["id"]?.string)
            let onOne = try await one.orderSocket(seller, orderId: orderId)
            let onTwo = try await two.orderSocket(buyer, orderId: orderId)
            for (node, status, actor) in [(one, "paid", buyer), (two, "in_progress", seller)] {
                #expect(try await node.move(orderId, to: status, by: actor).status == 200)
                for socket in [onOne, onTwo] {
                    let (event, _) = try await socket.expect("order.status")
                    #expect(event["status"]?.string == status && event["changedBy"]?.string == actor.id)
                }
            }
            // the same race as on one node, now across two: one payment wins
            let second = try #require(try await one.order(buyer, listingId: try await two.listing(seller))["id"]?.string)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<6 { group.addTask { try await (i % 2 == 0 ? one : two).move(second, to: "paid", by: buyer).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200, 409, 409, 409, 409, 409])
        }
    }
}
