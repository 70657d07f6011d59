import Foundation
import Logging
import ParleyProtocol
import ParleyRedis
import ParleyTestSupport
import Testing

@testable import ParleyServer

@Suite("Presence")
struct PresenceTests {
    @Test func participantsSeeEachOtherComeAndGo() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let outsider = try await hub.register()
            let cid = try await hub.conversation(buyer, with: [seller])
            let watcher = try await hub.socket(seller)
            watcher.send(["type": "subscribe", "id": "s", "channel": "conversation:\(cid)"])
            _ = try await watcher.expect("ack", id: "s")

            let before = try await hub.get("/v1/conversations/\(cid)/presence", token: seller.token)
            #expect(before.status == 200)
            let buyerBefore = before.body["items"]?.array.first { $0["userId"]?.string == buyer.id }
            #expect(buyerBefore?["state"]?.string == "offline")
            #expect(buyerBefore?["lastSeenAt"]?.isNull == true)

            let first = try await hub.socket(buyer)
            let (online, _) = try await watcher.expect("presence")
            #expect(online["userId"]?.string == buyer.id)
            #expect(online["state"]?.string == "online")
            #expect(online["conversationId"]?.string == cid)
            // a second socket of the same user is not news
            let second = try await hub.socket(buyer)
            #expect(await watcher.drain().filter { $0["type"]?.string == "presence" }.isEmpty)
            let during = try await hub.get("/v1/conversations/\(cid)/presence", token: seller.token)
            #expect(during.body["items"]?.array.first { $0["userId"]?.string == buyer.id }?["state"]?.string == "online")

            first.close()
            second.close()
            let (offline, _) = try await watcher.expect("presence")
            #expect(offline["state"]?.string == "offline")
            let after = try await hub.get("/v1/conversations/\(cid)/presence", token: seller.token)
            let buyerAfter = after.body["items"]?.array.first { $0["userId"]?.string == buyer.id }
            #expect(buyerAfter?["state"]?.string == "offline")
            #expect(buyerAfter?["lastSeenAt"]?.string != nil)

            let forbidden = try await hub.get("/v1/conversations/\(cid)/presence", token: outsider.token)
            #expect(forbidden.status == 403)
        }
    }
}
