import Foundation
import ParleyNotifications
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// The notification inbox over REST and its live `notification` event, against a real hub (both stores).
@Suite("Notification inbox")
struct NotificationInboxTests {
    @Test func listReadReadAllAndUnreadCountKeepToTheCallersInbox() async throws {
        try await TestHub.run { hub in
            let ana = try await hub.register()
            let ben = try await hub.register()
            for n in 1...3 {
                await hub.parley.notifications.notify(
                    userIds: [ana.id], kind: .orderStatus, title: "Order \(n) shipped", body: "On its way", data: ["orderId": "o-\(n)"])
            }
            let all = try await hub.get("/v1/notifications", token: ana.token)
            #expect(all.status == 200)
            let items = all.body["items"]?.array ?? []
            #expect(items.map { $0["title"]?.string } == ["Order 3 shipped", "Order 2 shipped", "Order 1 shipped"], "newest first")
            #expect(items.first?["kind"]?.string == "order.status")
            #expect(items.first?["data"]?["orderId"]?.string == "o-3")
            #expect(items.first?["readAt"]?.isNull == true)
            #expect(all.body["nextCursor"]?.isNull == true)
            let first = try await hub.get("/v1/notifications?limit=2", token: ana.token)
            #expect(first.body["items"]?.array.count == 2)
            let cursor = try #require(first.body["nextCursor"]?.string)
            let second = try await hub.get("/v1/notifications?limit=2&cursor=\(cursor)", token: ana.token)
            #expect(second.body["items"]?.array.map { $0["title"]?.string } == ["Order 1 shipped"])
            #expect(second.body["nextCursor"]?.isNull == true)
            #expect(try await hub.get("/v1/notifications", token: ben.token).body["items"]?.array.isEmpty == true)

            #expect(try await hub.get("/v1/notifications/unread-count", token: ana.token).body["count"]?.int == 3)
            let id = try #require(items.last?["id"]?.string)
            #expect(try await hub.post("/v1/notifications/\(id)/read", [:], token: ben.token).status == 404, "someone else's")
            #expect(try await hub.post("/v1/notifications/\(UUID().uuidString.lowercased())/read", [:], token: ana.token).status == 404)
            let read = try await hub.post("/v1/notifications/\(id)/read", [:], token: ana.token)
            #expect(read.status == 200)
            #expect(read.body["readAt"]?.string != nil)
            #expect(try await hub.get("/v1/notifications/unread-count", token: ana.token).body["count"]?.int == 2)
            let unread = try await hub.get("/v1/notifications?unread=true", token: ana.token)
            #expect(unread.body["items"]?.array.map { $0["title"]?.string } == ["Order 3 shipped", "Order 2 shipped"])

            let readAll = try await hub.post("/v1/notifications/read-all", [:], token: ana.token)
            #expect(readAll.status == 200)
            #expect(readAll.body["count"]?.int == 2)
            #expect(try await hub.get("/v1/notifications/unread-count", token: ana.token).body["count"]?.int == 0)
            #expect(try await hub.get("/v1/notifications?unread=true", token: ana.token).body["items"]?.array.isEmpty == true)
        }
    }

    @Test func badParametersAreClearBadRequests() async throws {
        try await TestHub.run { hub in
            let ana = try await hub.register()
            for query in ["unread=maybe", "cursor=abc", "cursor=-1", "limit=0", "cursor=99999999999999999999999"] {
                let reply = try await hub.get("/v1/notifications?\(query)", token: ana.token)
                #expect(reply.status == 400, "\(query)")
                #expect(reply.body["error"]?["code"]?.string == "bad_request")
            }
            let long = String(repeating: "x", count: 5000)
            #expect(try await hub.post("/v1/notifications/\(long)/read", [:], token: ana.token).status == 404)
        }
    }

    @Test func aNotificationArrivesLiveOverWebSocket() async throws {
        try await TestHub.run { hub in
            let ana = try await hub.register()
            let socket = try await hub.socket(ana)
            await hub.parley.notifications.notify(
                userIds: [ana.id], kind: .review, title: "New review", body: "5 stars", data: ["listingId": "l-1"])
            let (event, _) = try await socket.expect("notification")
            #expect(event["cursor"]?.string == "1")
            #expect(event["notification"]?["kind"]?.string == "review")
            #expect(event["notification"]?["data"]?["listingId"]?.string == "l-1")
            let stored = try await hub.get("/v1/notifications", token: ana.token).body["items"]?.array.first
            #expect(stored?["id"]?.string == event["notification"]?["id"]?.string)
        }
    }

    @Test func aNotificationOtherCodeStoredInItsTransactionIsDeliveredLive() async throws {
        try await TestHub.run { hub in
            let ana = try await hub.register()
            let socket = try await hub.socket(ana)
            let stored = try await hub.parley.store.provider.withTransaction { db in
                try await ParleyStorage.Store.insertNotification(
                    userId: ana.id, kind: .orderStatus, title: "Paid", body: "", data: ["orderId": "o-9"], on: db)
            }
            await hub.parley.notifications.deliver([(userId: ana.id, notification: stored)])
            let (event, _) = try await socket.expect("notification")
            #expect(event["notification"]?["id"]?.string == stored.id)
        }
    }
}
