import Foundation
import Testing

@Suite("Moderation in the hub")
struct ModerationHubTests {
    @Test func aPhoneNumberArrivesMaskedOverWebSocketAndREST() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let b = try await hub.socket(seller)
            b.send(["type": "subscribe", "id": "s", "channel": "conversation:\(cid)"])
            _ = try await b.expect("ack", id: "s")
            let a = try await hub.socket(buyer)
            a.send(["type": "message.send", "id": "m", "conversationId": cid, "body": "call me on 07812 559 301 tonight", "clientMsgId": "p1"])
            let (event, _) = try await b.expect("message.new")
            let body = try #require(event["message"]?["body"]?.string)
            #expect(!body.contains("559"))
            #expect(body.hasPrefix("call me on "))
            #expect(event["message"]?["moderation"]?["action"]?.string == "masked")
            #expect(event["message"]?["moderation"]?["categories"]?.array.contains(.string("phone")) == true)
            let rest = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "mail me: bea.smith@example.com", "clientMsgId": "p2"], token: buyer.token)
            #expect(rest.body["body"]?.string?.contains("bea.smith") == false)
            let history = try await hub.get("/v1/conversations/\(cid)/messages", token: seller.token)
            #expect(history.body["items"]?.array.allSatisfy { !($0["body"]?.string ?? "").contains("559") } == true)
        }
    }
}
