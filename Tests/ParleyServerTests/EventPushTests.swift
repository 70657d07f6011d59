import Foundation
import HTTPTypes
import ParleyMarketplace
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

@Suite("Order events pushed by marketplace backends")
struct EventPushTests {
    static let serviceToken = "service-token-of-the-marketplace-backend-0123"

    func push(_ hub: TestHub, _ body: [String: Any], token: String?, key: String?) async throws -> TestHub.Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await hub.request(.post, "/v1/events/order-status", headers: headers, body: json(body))
    }

    @Test func aPushIsAppliedOncePerKeyAndOnlyWithTheServiceToken() async throws {
        try await TestHub.run { config in
            config.marketplace.serviceToken = Self.serviceToken
        } _: { hub in
            let buyer = try await hub.register("buyer")
            let seller = try await hub.register("seller")
            let orderId = "shop-order-\(UUID().uuidString.prefix(8))"
            let event: [String: Any] = [
                "orderId": orderId, "status": "paid", "previousStatus": "pending", "buyerId": buyer.id, "sellerId": seller.id,
                "at": "2026-12-03T10:00:00.000Z",
            ]
            // no token, a wrong one, a user's JWT: 401, and nothing happens
            for token in [nil, "wrong-token", buyer.token] {
                let reply = try await push(hub, event, token: token, key: "k1")
                #expect(reply.status == 401, "\(String(describing: token?.prefix(8))): \(reply.body)")
            }
            let socket = try await hub.socket(buyer)
            socket.send(["type": "subscribe", "id": "s", "channel": "order:\(orderId)"])
            let (refused, _) = try await socket.expect("error", id: "s")
            #expect(refused["code"]?.string == "not_found", "the order is unknown until its first push")

            let first = try await push(hub, event, token: Self.serviceToken, key: "k1")
            #expect(first.status == 202)
            #expect(first.body["duplicate"] == .bool(false))
            socket.send(["type": "subscribe", "id": "s2", "channel": "order:\(orderId)"])
            _ = try await socket.expect("ack", id: "s2")
            let delivered = try await push(
                hub, event.merging(["status": "delivered", "previousStatus": "paid"]) { $1 }, token: Self.serviceToken, key: "k2")
            #expect(delivered.status == 202)
            let (live, _) = try await socket.expect("order.status")
            #expect(live["status"]?.string == "delivered" && live["previousStatus"]?.string == "paid")
            #expect(live["changedBy"]?.string == "service")
            // the retry of k2 is applied once: no second event
            let retry = try await push(
                hub, event.merging(["status": "delivered", "previousStatus": "paid"]) { $1 }, token: Self.serviceToken, key: "k2")
            #expect(retry.status == 202)
            #expect(retry.body["duplicate"] == .bool(true))
            #expect(await socket.drain(for: .milliseconds(500)).filter { $0["type"]?.string == "order.status" }.isEmpty)
            // without `at` (the hub's time), a retry still matches its first push
            var undated = event
            undated["at"] = nil
            #expect(try await push(hub, undated, token: Self.serviceToken, key: "k5").body["duplicate"] == .bool(false))
            #expect(try await push(hub, undated, token: Self.serviceToken, key: "k5").body["duplicate"] == .bool(true))
            // the same key for another event, a missing key, an unknown status: refused
            #expect(try await push(hub, event.merging(["status": "completed"]) { $1 }, token: Self.serviceToken, key: "k2").status == 409)
            #expect(try await push(hub, event, token: Self.serviceToken, key: nil).status == 400)
            #expect(try await push(hub, event.merging(["status": "lost"]) { $1 }, token: Self.serviceToken, key: "k3").status == 400)
            #expect(try await push(hub, event.merging(["at": "yesterday"]) { $1 }, token: Self.serviceToken, key: "k4").status == 400)
        }
    }

    @Test func withoutAConfiguredTokenEveryPushIsRefused() async throws {
        try await TestHub.run { hub in
            let reply = try await push(
                hub, ["orderId": "o", "status": "paid", "buyerId": "a", "sellerId": "b"], token: Self.serviceToken, key: "k")
            #expect(reply.status == 401)
        }
    }
}
