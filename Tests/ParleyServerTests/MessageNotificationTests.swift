import Foundation
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// Notifications other domains set off: new messages for offline recipients (coalesced per conversation until
/// read), and moderators' decisions for the flag's sender.
@Suite("Message and moderation notifications")
struct MessageNotificationTests {
    @Test func anOfflineRecipientGetsOneCoalescedNotificationPerConversation() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            var last = ""
            for n in 1...3 {
                let sent = try await hub.post(
                    "/v1/conversations/\(cid)/messages", ["body": "hello \(n)", "clientMsgId": "c\(n)"], token: buyer.token)
                last = try #require(sent.body["id"]?.string)
            }
            let lastId = last
            var items: [JSONValue] = []
            let coalesced = try await eventuallyAsync {
                items = try await hub.get("/v1/notifications", token: seller.token).body["items"]?.array ?? []
                return items.first?["title"]?.string == "3 new messages"
            }
            #expect(coalesced, "\(items)")
            #expect(items.count == 1, "one notification per conversation")
            #expect(items.first?["kind"]?.string == "message")
            #expect(items.first?["body"]?.string == "hello 3")
            #expect(items.first?["data"]?["conversationId"]?.string == cid)
            #expect(items.first?["data"]?["messageId"]?.string == lastId)
            #expect(try await hub.get("/v1/notifications", token: buyer.token).body["items"]?.array.isEmpty == true, "not the sender")

            // once read, the next message starts a new one
            _ = try await hub.post("/v1/notifications/read-all", [:], token: seller.token)
            _ = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "again", "clientMsgId": "c4"], token: buyer.token)
            #expect(
                try await eventuallyAsync {
                    try await hub.get("/v1/notifications?unread=true", token: seller.token).body["items"]?.array.first?["title"]?.string
                        == "New message"
                })
            #expect(try await hub.get("/v1/notifications", token: seller.token).body["items"]?.array.count == 2)
        }
    }

    @Test func anOnlineRecipientGetsNoMessageNotification() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let socket = try await hub.socket(seller)
            #expect(
                try await eventuallyAsync {
                    let presence = try await hub.get("/v1/conversations/\(cid)/presence", token: buyer.token)
                    return presence.body["items"]?.array.first { $0["userId"]?.string == seller.id }?["state"]?.string == "online"
                })
            _ = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "are you there?", "clientMsgId": "c1"], token: buyer.token)
            _ = try await socket.expect("message.new")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await hub.get("/v1/notifications", token: seller.token).body["items"]?.array.isEmpty == true)
        }
    }

    @Test func aModeratorsDecisionNotifiesTheFlagsSender() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let sent = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "call me on 0745 882 190", "clientMsgId": "p"], token: buyer.token)
            let admin = try await hub.adminToken()
            let flag = try #require(try await hub.get("/v1/moderation/flags", token: admin).body["items"]?.array.first)
            let flagId = try #require(flag["id"]?.string)
            let decided = try await hub.post("/v1/moderation/flags/\(flagId)/decision", ["decision": "uphold"], token: admin)
            #expect(decided.status == 200)
            let items = try await hub.get("/v1/notifications", token: buyer.token).body["items"]?.array ?? []
            let moderation = try #require(items.first { $0["kind"]?.string == "moderation" }, "\(items)")
            #expect(moderation["data"]?["flagId"]?.string == flagId)
            #expect(moderation["data"]?["messageId"]?.string == sent.body["id"]?.string)
            #expect(moderation["data"]?["conversationId"]?.string == cid)
        }
    }
}

/// Polls an async condition until it holds or the timeout passes.
func eventuallyAsync(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        if ContinuousClock.now > deadline { return false }
        try await Task.sleep(for: .milliseconds(20))
    }
    return true
}
