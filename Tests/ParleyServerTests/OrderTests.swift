import Foundation
import ParleyMarketplace
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

@Suite("Orders and escrow")
struct OrderTests {
    @Test func aBuyerAndASellerWalkAnOrderToCompletedAndTheLedgerBalances() async throws {
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let buyer = try await hub.register("buyer")
            let listingId = try await hub.listing(seller)
            let order = try await hub.order(buyer, listingId: listingId)
            let orderId = try #require(order["id"]?.string)
            #expect(order["status"]?.string == "pending")
            #expect(order["total"] == .object(["amount": .number(12_345), "currency": .string("EUR")]))
            #expect(order["history"]?.array.isEmpty == true)
            #expect(order["buyerId"]?.string == buyer.id && order["sellerId"]?.string == seller.id)
            // the order opened a conversation of the two
            let conversation = try await hub.get("/v1/conversations/\(try #require(order["conversationId"]?.string))", token: seller.token)
            #expect(conversation.status == 200)

            let buyerSocket = try await hub.orderSocket(buyer, orderId: orderId)
            let sellerSocket = try await hub.orderSocket(seller, orderId: orderId)
            // the buyer also follows the inbox over server-sent events
            let stream = try await SSEClient.open(
                port: hub.port, path: "/v1/notifications/stream", headers: [("Authorization", "Bearer \(buyer.token)")])
            defer { stream.close() }
            #expect(try await stream.status() == 200)
            #expect(try await stream.next()?.comment == "parley notifications")
            let walk: [(String, TestHub.Account)] = [("paid", buyer), ("in_progress", seller), ("delivered", seller), ("completed", buyer)]
            var previous = "pending"
            for (status, actor) in walk {
                let reply = try await hub.move(orderId, to: status, by: actor)
                #expect(reply.status == 200, "\(status): \(reply.body)")
                #expect(reply.body["status"]?.string == status)
                for socket in [buyerSocket, sellerSocket] {
                    let (event, _) = try await socket.expect("order.status")
                    #expect(event["orderId"]?.string == orderId)
                    #expect(event["status"]?.string == status)
                    #expect(event["previousStatus"]?.string == previous)
                    #expect(event["changedBy"]?.string == actor.id)
                    #expect(event["at"]?.string?.hasSuffix("Z") == true)
                }
                // the other party is notified, live on its user channel (and the buyer's stream)
                let other = actor.id == buyer.id ? sellerSocket : buyerSocket
                let (note, _) = try await other.expect("notification")
                #expect(note["notification"]?["kind"]?.string == "order.status")
                #expect(note["notification"]?["data"]?["orderId"]?.string == orderId)
                if actor.id == seller.id {
                    let block = try await stream.nextEvent()
                    #expect(block.event == "notification")
                    let sent = try JSONValue.parse(Data((block.data ?? "").utf8))
                    #expect(sent["kind"]?.string == "order.status" && sent["data"]?["orderId"]?.string == orderId, "\(sent)")
                }
                previous = status
            }
            for account in [buyer, seller] {
                let count = try await hub.get("/v1/notifications/unread-count", token: account.token)
                #expect(count.body["count"]?.int == 2, "each party was told of the other's two moves")
            }
            let final = try await hub.get("/v1/orders/\(orderId)", token: buyer.token)
            let history = try #require(final.body["history"]?.array)
            #expect(history.map { $0["to"]?.string ?? "" } == walk.map(\.0))
            #expect(history.map { $0["by"]?.string ?? "" } == walk.map(\.1.id))
            #expect(history.first?["from"]?.string == "pending")

            let ledger = try #require(try await hub.get("/v1/orders/\(orderId)/ledger", token: seller.token).body["items"]?.array)
            let entries = ledger.map { ($0["kind"]?.string ?? "", $0["amount"]?.int ?? -1) }
            #expect(entries.map(\.0) == ["hold", "release", "fee"])
            #expect(entries.map(\.1) == [12_345, 11_110, 1235], "10 % of 12,345 is 1,234.5: the fee rounds half up")
            #expect(entries[0].1 == entries[1].1 + entries[2].1)
        }
    }

    @Test func illegalTransitionsAndWrongPartiesChangeNothing() async throws {
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let buyer = try await hub.register("buyer")
            let stranger = try await hub.register("buyer")
            let admin = try await hub.admin()
            let orderId = try #require(try await hub.order(buyer, listingId: try await hub.listing(seller))["id"]?.string)

            let skip = try await hub.move(orderId, to: "delivered", by: seller)
            #expect(skip.status == 409)
            #expect(skip.body["error"]?["code"]?.string == "conflict")
            #expect(skip.body["error"]?["message"]?.string?.contains("paid, cancelled") == true, "names the allowed ones: \(skip.body)")
            #expect(try await hub.move(orderId, to: "shipped", by: buyer).status == 409)
            #expect(try await hub.move(orderId, to: "paid", by: seller).status == 403, "only the buyer pays")
            #expect(try await hub.move(orderId, to: "paid", by: admin).status == 403, "an admin does not pay for a buyer")
            #expect(try await hub.move(orderId, to: "paid", by: stranger).status == 404)
            #expect(try await hub.get("/v1/orders/\(orderId)", token: stranger.token).status == 404)
            #expect(try await hub.get("/v1/orders/\(orderId)/ledger", token: stranger.token).status == 404)
            #expect(try await hub.post("/v1/orders/\(orderId)/review", ["rating": 5], token: stranger.token).status == 404)
            let bad = try await hub.post("/v1/orders/\(orderId)/transitions", ["to": 5], token: buyer.token)
            #expect(bad.status == 400)

            let after = try await hub.get("/v1/orders/\(orderId)", token: buyer.token)
            #expect(after.body["status"]?.string == "pending")
            #expect(after.body["history"]?.array.isEmpty == true)
            #expect(try await hub.get("/v1/orders/\(orderId)/ledger", token: buyer.token).body["items"]?.array.isEmpty == true)

            // a dispute goes to an admin, who alone refunds it: the whole hold comes back
            for (status, actor) in [("paid", buyer), ("in_progress", seller)] {
                #expect(try await hub.move(orderId, to: status, by: actor).status == 200)
            }
            #expect(try await hub.move(orderId, to: "disputed", by: seller).status == 403)
            #expect(try await hub.move(orderId, to: "disputed", by: buyer).status == 200)
            #expect(try await hub.move(orderId, to: "refunded", by: buyer).status == 403)
            #expect(try await hub.move(orderId, to: "refunded", by: admin).status == 200)
            #expect(try await hub.move(orderId, to: "completed", by: admin).status == 409, "refunded is final")
            let ledger = try #require(try await hub.get("/v1/orders/\(orderId)/ledger", token: admin.token).body["items"]?.array)
            #expect(ledger.map { $0["kind"]?.string ?? "" } == ["hold", "refund"])
            #expect(ledger.map { $0["amount"]?.int ?? 0 } == [12_345, 12_345])
        }
    }

    @Test func ofConcurrentTransitionsExactlyOneWins() async throws {
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let buyer = try await hub.register("buyer")
            let orderId = try #require(try await hub.order(buyer, listingId: try await hub.listing(seller))["id"]?.string)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                // eight payments of one order at once (a double-clicking buyer, retries)
                for _ in 0..<8 { group.addTask { try await hub.move(orderId, to: "paid", by: buyer).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 7, "\(statuses)")
            let order = try await hub.get("/v1/orders/\(orderId)", token: buyer.token)
            #expect(order.body["history"]?.array.count == 1)
            let ledger = try #require(try await hub.get("/v1/orders/\(orderId)/ledger", token: buyer.token).body["items"]?.array)
            #expect(order.body["status"]?.string == "paid")
            #expect(ledger.map { $0["kind"]?.string ?? "" } == ["hold"], "one hold: \(ledger)")
        }
    }

    @Test func aPaidOrderCancelledIsRefundedAndADeliveredOneCompletesByItself() async throws {
        try await TestHub.run { config in
            config.marketplace.autoCompleteAfter = 1
        } _: { hub in
            let seller = try await hub.register("seller")
            let buyer = try await hub.register("buyer")
            let listingId = try await hub.listing(seller)
            let cancelled = try #require(try await hub.order(buyer, listingId: listingId)["id"]?.string)
            #expect(try await hub.move(cancelled, to: "paid", by: buyer).status == 200)
            #expect(try await hub.move(cancelled, to: "cancelled", by: seller).status == 200)
            let refund = try await hub.get("/v1/orders/\(cancelled)/ledger", token: buyer.token).body["items"]?.array ?? []
            #expect(refund.map { $0["kind"]?.string ?? "" } == ["hold", "refund"])

            let orderId = try #require(try await hub.order(buyer, listingId: listingId, quantity: 2)["id"]?.string)
            let socket = try await hub.orderSocket(buyer, orderId: orderId)
            for (status, actor) in [("paid", buyer), ("in_progress", seller), ("delivered", seller)] {
                #expect(try await hub.move(orderId, to: status, by: actor).status == 200)
                _ = try await socket.expect("order.status")
            }
            let (event, _) = try await socket.expect("order.status", timeout: .seconds(10))
            #expect(event["status"]?.string == "completed")
            #expect(event["changedBy"]?.string == "system")
            let ledger = try await hub.get("/v1/orders/\(orderId)/ledger", token: seller.token).body["items"]?.array ?? []
            // 2 × 12,345 = 24,690: fee 2,469, release 22,221
            #expect(ledger.map { $0["amount"]?.int ?? 0 } == [24_690, 22_221, 2469])
        }
    }
}
