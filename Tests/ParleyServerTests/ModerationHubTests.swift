import Foundation
import ParleyAccounts
import ParleyProtocol
import ParleyReview
import ParleyTestSupport
import Testing

@testable import ParleyServer

@Suite("Moderation in the hub")
struct ModerationHubTests {
    @Test func aPhoneNumberArrivesMaskedOverWebSocketAndREST() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let b = try await hub.subscribedSocket(seller, to: cid)
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
            _ = try await hub.parley.accounts.createAccount(email: "mod@example.com", password: "password123", displayName: "Mod", role: .admin)
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
            let clean = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "see you Saturday", "clientMsgId": "f3"], token: seller.token)
            #expect(clean.status == 201)
            let all = try await hub.get("/v1/moderation/flags", token: admin)
            #expect(all.body["items"]?.array.count == 1, "a clean message is not flagged")
        }
    }

    @Test func aHeldMessageIsSeenOnlyByItsSenderUntilAModeratorReleasesIt() async throws {
        try await TestHub.run { config in
            config.review.moderationRules = "phone=hold"
        } _: { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            try await Task.sleep(for: .milliseconds(5))  // strictly later activity than cid (millisecond clock)
            let later = try await hub.conversation(buyer, with: [seller])
            let a = try await hub.subscribedSocket(buyer, to: cid)
            let b = try await hub.subscribedSocket(seller, to: cid)
            a.send(["type": "message.send", "id": "m", "conversationId": cid, "body": "ring me on 07812 559 301", "clientMsgId": "h1"])
            let (ack, beforeAck) = try await a.expect("ack", id: "m")
            #expect(ack["message"]?["moderation"]?["action"]?.string == "held")
            var own = beforeAck.first { $0["type"]?.string == "message.new" }
            if own == nil { own = try await a.expect("message.new").0 }
            #expect(own?["message"]?["id"] == ack["message"]?["id"], "the sender's sockets see the held message")
            let seen = await b.drain(for: .milliseconds(300))
            #expect(!seen.contains { $0["type"]?.string == "message.new" }, "nobody else sees it")
            #expect(try await hub.get("/v1/conversations/\(cid)/messages", token: seller.token).body["items"]?.array.isEmpty == true)
            #expect(try await hub.get("/v1/conversations/\(cid)/messages", token: buyer.token).body["items"]?.array.count == 1)
            let list = try await hub.get("/v1/conversations", token: seller.token)
            #expect(list.body["items"]?.array.first?["id"]?.string == later, "a held message does not lift its conversation")
            let view = try await hub.get("/v1/conversations/\(cid)", token: seller.token)
            #expect(view.body["lastMessage"]?.isNull == true)
            #expect(view.body["unreadCount"]?.int == 0)
            b.send(["type": "subscribe", "id": "r", "channel": "conversation:\(cid)", "afterSeq": 0])
            let (hidden, _) = try await b.expect("ack", id: "r")
            #expect(hidden["recovered"]?.array.isEmpty == true, "recovery hides it too")
            // a retry of the held message's clientMsgId returns it to the sender and shows it to nobody else
            a.send(["type": "message.send", "id": "again", "conversationId": cid, "body": "ring me on 07812 559 301", "clientMsgId": "h1"])
            let (retried, _) = try await a.expect("ack", id: "again")
            #expect(retried["message"]?["id"] == ack["message"]?["id"])
            // a second held message that a moderator upholds stays hidden
            a.send(["type": "message.send", "id": "m2", "conversationId": cid, "body": "or text 07700 900 123", "clientMsgId": "h2"])
            _ = try await a.expect("ack", id: "m2")
            #expect(!(await b.drain(for: .milliseconds(300))).contains { $0["type"]?.string == "message.new" })

            let admin = try await hub.adminToken()
            let flags = try await hub.get("/v1/moderation/flags?status=pending", token: admin).body["items"]?.array ?? []
            #expect(flags.count == 2, "one flag per held message, the retry adds none")
            let first = ack["message"]?["id"]
            let firstFlag = try #require(flags.first { $0["messageId"] == first }?["id"]?.string)
            let secondFlag = try #require(flags.first { $0["messageId"] != first }?["id"]?.string)
            let upheld = try await hub.post("/v1/moderation/flags/\(secondFlag)/decision", ["decision": "uphold"], token: admin)
            #expect(upheld.status == 200)
            let decided = try await hub.post("/v1/moderation/flags/\(firstFlag)/decision", ["decision": "dismiss"], token: admin)
            #expect(decided.status == 200)
            // released: new to the others, at the conversation's next seq; the sender's copy is updated
            let (released, skipped) = try await b.expect("message.new")
            #expect(!skipped.contains { $0["type"]?.string == "message.new" }, "the upheld message never shows")
            #expect(released["message"]?["seq"]?.int == 3, "seq 1 and 2 are the held ones")
            #expect(released["message"]?["moderation"]?["action"]?.string == "masked")
            #expect(released["message"]?["body"]?.string?.contains("559") == false)
            let (updated, beforeUpdate) = try await a.expect("message.updated")
            #expect(updated["message"]?["seq"]?.int == 3)
            let afterUpdate = await a.drain(for: .milliseconds(300))
            #expect(!(beforeUpdate + afterUpdate).contains { $0["type"]?.string == "message.new" }, "the sender gets the update only")
            b.send(["type": "subscribe", "id": "r2", "channel": "conversation:\(cid)", "afterSeq": 0])
            let (recovery, _) = try await b.expect("ack", id: "r2")
            #expect(recovery["recovered"]?.array.map { $0["seq"]?.int } == [3], "a client resuming with afterSeq finds it")
            let history = try await hub.get("/v1/conversations/\(cid)/messages", token: buyer.token)
            #expect(history.body["items"]?.array.map { $0["seq"]?.int } == [2, 3], "the sender still sees its upheld message")
        }
    }

    @Test func dismissingWithRestorePutsTheOriginalBackForEveryone() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let b = try await hub.subscribedSocket(seller, to: cid)
            let original = "the cake is 30 cm wide, ring me 07812 559 301"
            let sent = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": original, "clientMsgId": "r1"], token: buyer.token)
            let maskedBody = try #require(sent.body["body"]?.string)
            try #require(maskedBody != original, "this test needs a text the pipeline masks")
            _ = try await b.expect("message.new")

            let admin = try await hub.adminToken()
            let flagId = try #require(try await hub.get("/v1/moderation/flags", token: admin).body["items"]?.array.first?["id"]?.string)
            let wrong = try await hub.post(
                "/v1/moderation/flags/\(flagId)/decision", ["decision": "uphold", "restore": true], token: admin)
            #expect(wrong.status == 400, "restore goes with dismiss only")
            let notBool = try await hub.post(
                "/v1/moderation/flags/\(flagId)/decision", ["decision": "dismiss", "restore": "yes"], token: admin)
            #expect(notBool.status == 400)
            let decided = try await hub.post(
                "/v1/moderation/flags/\(flagId)/decision", ["decision": "dismiss", "restore": true, "note": "an order number"], token: admin)
            #expect(decided.status == 200)
            #expect(decided.body["decision"]?.string == "dismiss")
            let (updated, _) = try await b.expect("message.updated")
            #expect(updated["message"]?["body"]?.string == original)
            #expect(updated["message"]?["seq"]?.int == 1, "a visible message keeps its place")
            #expect(updated["message"]?["moderation"]?["action"]?.string == "restored")
            let history = try await hub.get("/v1/conversations/\(cid)/messages", token: seller.token)
            #expect(history.body["items"]?.array.map { $0["body"]?.string } == [original])
        }
    }

    @Test func restoreNeedsAStoredMessage() async throws {
        try await TestHub.run { config in
            config.review.moderationRules = "email=block"
        } _: { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let refused = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "write to bea.smith@example.com", "clientMsgId": "b1"], token: buyer.token)
            #expect(refused.body["error"]?["code"]?.string == "blocked")
            let admin = try await hub.adminToken()
            let flag = try #require(try await hub.get("/v1/moderation/flags", token: admin).body["items"]?.array.first)
            #expect(flag["messageId"]?.isNull == true)
            let restore = try await hub.post(
                "/v1/moderation/flags/\(flag["id"]?.string ?? "")/decision", ["decision": "dismiss", "restore": true], token: admin)
            #expect(restore.status == 400)
            #expect(
                try await hub.get("/v1/moderation/flags?status=pending", token: admin).body["items"]?.array.count == 1,
                "a refused decision records nothing")
        }
    }
}

extension ModerationHubTests {
    @Test func badReviewRequestsGetClearErrorsAndRecordNothing() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            _ = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "ring me 07812 559 301", "clientMsgId": "x1"], token: buyer.token)
            let admin = try await hub.adminToken()
            let flagId = try #require(try await hub.get("/v1/moderation/flags", token: admin).body["items"]?.array.first?["id"]?.string)
            for (path, status) in [
                ("/v1/moderation/flags?status=open", 400), ("/v1/moderation/flags?cursor=nonsense", 400),
                ("/v1/moderation/flags/\(UUID().uuidString.lowercased())", 404),
            ] {
                let reply = try await hub.get(path, token: admin)
                #expect(reply.status == status, "\(path)")
                #expect(reply.body["error"]?["code"]?.string == (status == 400 ? "bad_request" : "not_found"), "\(path)")
            }
            let decide = "/v1/moderation/flags/\(flagId)/decision"
            for body: [String: Any] in [
                ["decision": "dismiss", "note": String(repeating: "n", count: 2001)], ["note": "no decision"],
                ["decision": 3], ["decision": "dismiss", "note": 7],
            ] {
                let reply = try await hub.post(decide, body, token: admin)
                #expect(reply.status == 400, "\(body.keys.sorted())")
                #expect(reply.body["error"]?["message"]?.string?.isEmpty == false)
            }
            let unknown = try await hub.post(
                "/v1/moderation/flags/\(UUID().uuidString.lowercased())/decision", ["decision": "uphold"], token: admin)
            #expect(unknown.status == 404)
            #expect(try await hub.get("/v1/moderation/flags?status=pending", token: admin).body["items"]?.array.count == 1)
            let atLimit = try await hub.post(decide, ["decision": "dismiss", "note": String(repeating: "n", count: 2000)], token: admin)
            #expect(atLimit.status == 200, "a 2000-character note is accepted")
        }
    }
}

extension TestHub {
    /// A token of a new admin account (admins are made on the command line, not by registration).
    func adminToken() async throws -> String {
        let email = "mod-\(UUID().uuidString.prefix(8))@example.com"
        _ = try await parley.accounts.createAccount(email: email, password: "password123", displayName: "Mod", role: .admin)
        let login = try await post("/v1/auth/login", ["email": email, "password": "password123"])
        return try #require(login.body["token"]?.string)
    }
}
