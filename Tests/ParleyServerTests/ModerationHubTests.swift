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

    @Test func flaggedMessagesReachTheReviewQueueForAdminsOnly() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let sent = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "ring me 07812 559 301", "clientMsgId": "f1"], token: buyer.token)
            #expect(sent.status == 201)
            _ = try await hub.hub.createAccount(email: "mod@example.com", password: "password123", displayName: "Mod", role: .admin)
            let login = try await hub.post("/v1/auth/login", ["email": "mod@example.com", "password": "password123"])
            let admin = try #require(login.body["token"]?.string)

            let refused = try await hub.get("/v1/moderation/flags", token: seller.token)
            #expect(refused.status == 403)
            let list = try await hub.get("/v1/moderation/flags?status=pending&category=phone", token: admin)
            #expect(list.status == 200)
            let flag = try #require(list.body["items"]?.array.first)
            #expect(flag["original"]?.string == "ring me 07812 559 301")
            #expect(flag["moderated"]?.string?.contains("559") == false)
            #expect(flag["messageId"] == sent.body["id"])
            #expect(flag["senderId"]?.string == buyer.id)
            let phone = flag["findings"]?.array.first { $0["category"]?.string == "phone" }
            #expect(phone?["start"]?.int == 8, "spans are code-point offsets into the original")
            #expect(phone?["end"]?.int == 21)
            #expect(flag["decision"]?.isNull == true)
            let flagId = try #require(flag["id"]?.string)
            #expect(try await hub.get("/v1/moderation/flags/\(flagId)", token: seller.token).status == 403)

            let bad = try await hub.post("/v1/moderation/flags/\(flagId)/decision", ["decision": "ban"], token: admin)
            #expect(bad.status == 400)
            let decided = try await hub.post(
                "/v1/moderation/flags/\(flagId)/decision", ["decision": "restrict_sender", "note": "repeat offender"], token: admin)
            #expect(decided.status == 200)
            #expect(decided.body["status"]?.string == "resolved")
            #expect(decided.body["decidedBy"]?.string != nil)
            #expect(decided.body["decidedAt"]?.string != nil)
            #expect(decided.body["note"]?.string == "repeat offender")
            let again = try await hub.post("/v1/moderation/flags/\(flagId)/decision", ["decision": "dismiss"], token: admin)
            #expect(again.status == 409)
            let pending = try await hub.get("/v1/moderation/flags?status=pending", token: admin)
            #expect(pending.body["items"]?.array.isEmpty == true)
            // the restricted sender may not send for now
            let blocked = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "hello", "clientMsgId": "f2"], token: buyer.token)
            #expect(blocked.status == 403)
            let clean = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "see you Saturday", "clientMsgId": "f3"], token: seller.token)
            #expect(clean.status == 201)
            let all = try await hub.get("/v1/moderation/flags", token: admin)
            #expect(all.body["items"]?.array.count == 1, "a clean message is not flagged")
        }
    }
}
