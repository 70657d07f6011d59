import Foundation
import HTTPTypes
import ParleyAccounts
import ParleyChat
import ParleyProtocol
import ParleyServer
import ParleyTestSupport
import Testing

@Suite("REST API")
struct RESTTests {
    @Test func registerLoginAndMe() async throws {
        try await TestHub.run { hub in
            let email = "Alice\(UUID().uuidString.prefix(6))@Example.com"
            let reg = try await hub.post(
                "/v1/auth/register", ["email": email, "password": "password123", "displayName": " Alice ", "role": "seller"])
            #expect(reg.status == 201)
            #expect(reg.body["user"]?["email"]?.string == email.lowercased())
            #expect(reg.body["user"]?["displayName"]?.string == "Alice")
            #expect(reg.body["user"]?["role"]?.string == "seller")
            #expect(reg.body["user"]?["createdAt"]?.string?.hasSuffix("Z") == true)

            let login = try await hub.post("/v1/auth/login", ["email": email, "password": "password123"])
            #expect(login.status == 200)
            let token = try #require(login.body["token"]?.string)
            let me = try await hub.get("/v1/me", token: token)
            #expect(me.status == 200)
            #expect(me.body["id"] == reg.body["user"]?["id"])

            let dup = try await hub.post(
                "/v1/auth/register", ["email": email, "password": "password123", "displayName": "A", "role": "buyer"])
            #expect(dup.status == 409)
            #expect(dup.body["error"]?["code"]?.string == "conflict")

            let bad = try await hub.post("/v1/auth/login", ["email": email, "password": "wrong-password"])
            #expect(bad.status == 401)
            #expect(bad.body["error"]?["code"]?.string == "unauthorized")
            let unknown = try await hub.post("/v1/auth/login", ["email": "nobody@example.com", "password": "password123"])
            #expect(unknown.status == 401)
        }
    }

    @Test func registrationRefusesBadInput() async throws {
        try await TestHub.run { hub in
            let missing = try await hub.post("/v1/auth/register", ["email": "x@example.com", "password": "password123", "role": "buyer"])
            #expect(missing.status == 400)
            #expect(missing.body["error"]?["message"]?.string?.contains("displayName") == true)
            let wrongType = try await hub.post(
                "/v1/auth/register", ["email": 5, "password": "password123", "displayName": "X", "role": "buyer"])
            #expect(wrongType.status == 400)
            #expect(wrongType.body["error"]?["message"]?.string?.contains("email") == true)
            let admin = try await hub.post(
                "/v1/auth/register", ["email": "adm@example.com", "password": "password123", "displayName": "X", "role": "admin"])
            #expect(admin.status == 403)
            #expect(admin.body["error"]?["code"]?.string == "forbidden")
            let role = try await hub.post(
                "/v1/auth/register", ["email": "r@example.com", "password": "password123", "displayName": "X", "role": "root"])
            #expect(role.status == 400)
            let short = try await hub.post(
                "/v1/auth/register", ["email": "s@example.com", "password": "short", "displayName": "X", "role": "buyer"])
            #expect(short.status == 400)
            #expect(short.body["error"]?["message"]?.string?.contains("password") == true)
            let notJSON = try await hub.request(.post, "/v1/auth/register", body: "{nope")
            #expect(notJSON.status == 400)
            #expect(notJSON.body["error"]?["code"]?.string == "bad_request")
        }
    }

    @Test func authIsRequired() async throws {
        try await TestHub.run { hub in
            let noToken = try await hub.get("/v1/me")
            #expect(noToken.status == 401)
            let garbage = try await hub.get("/v1/me", token: "garbage")
            #expect(garbage.status == 401)
            let list = try await hub.get("/v1/conversations")
            #expect(list.body["error"]?["code"]?.string == "unauthorized")
            let nowhere = try await hub.get("/v1/nowhere")
            #expect(nowhere.status == 404)
            let health = try await hub.get("/healthz")
            #expect(health.status == 200)
            let ready = try await hub.get("/readyz")
            #expect(ready.body["status"]?.string == "ready")
        }
    }

    @Test func conversationsAndMessages() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register("buyer")
            let seller = try await hub.register("seller")
            let outsider = try await hub.register("buyer")
            let created = try await hub.post(
                "/v1/conversations", ["participantIds": [seller.id, seller.id], "subject": "Wedding cake", "orderId": "ord-1"],
                token: buyer.token)
            #expect(created.status == 201)
            let cid = try #require(created.body["id"]?.string)
            #expect(created.body["participantIds"]?.array.count == 2)
            #expect(created.body["lastMessage"]?.isNull == true)
            #expect(created.body["unreadCount"]?.int == 0)

            for i in 1...5 {
                let sent = try await hub.post(
                    "/v1/conversations/\(cid)/messages", ["body": "message \(i)", "clientMsgId": "c\(i)"], token: buyer.token)
                #expect(sent.status == 201)
                #expect(sent.body["seq"]?.int == i)
                #expect(sent.body["moderation"]?["action"]?.string == "none")
            }
            let retry = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "message 3 again", "clientMsgId": "c3"], token: buyer.token)
            #expect(retry.status == 200)
            #expect(retry.body["seq"]?.int == 3)
            #expect(retry.body["body"]?.string == "message 3")

            let list = try await hub.get("/v1/conversations", token: seller.token)
            #expect(list.body["items"]?.array.count == 1)
            #expect(list.body["items"]?.array.first?["unreadCount"]?.int == 5)
            #expect(list.body["items"]?.array.first?["lastMessage"]?["seq"]?.int == 5)
            #expect(list.body["nextCursor"]?.isNull == true)

            let newest = try await hub.get("/v1/conversations/\(cid)/messages?limit=2", token: seller.token)
            #expect(newest.body["items"]?.array.map { $0["seq"]?.int } == [4, 5])
            let cursor = try #require(newest.body["nextCursor"]?.string)
            let older = try await hub.get("/v1/conversations/\(cid)/messages?limit=2&cursor=\(cursor)", token: seller.token)
            #expect(older.body["items"]?.array.map { $0["seq"]?.int } == [2, 3])
            let before = try await hub.get("/v1/conversations/\(cid)/messages?beforeSeq=3&limit=10", token: seller.token)
            #expect(before.body["items"]?.array.map { $0["seq"]?.int } == [1, 2])
            let after = try await hub.get("/v1/conversations/\(cid)/messages?afterSeq=3", token: seller.token)
            #expect(after.body["items"]?.array.map { $0["seq"]?.int } == [4, 5])
            let big = try await hub.get("/v1/conversations/\(cid)/messages?limit=5000", token: seller.token)
            #expect(big.status == 200)
            #expect(try await hub.get("/v1/conversations/\(cid)/messages?limit=0", token: seller.token).status == 400)
            #expect(try await hub.get("/v1/conversations/\(cid)/messages?limit=abc", token: seller.token).status == 400)
            // both bounds: the messages strictly between, from the lower end, paged by a cursor that keeps both
            let between = try await hub.get("/v1/conversations/\(cid)/messages?afterSeq=1&beforeSeq=5&limit=2", token: seller.token)
            #expect(between.body["items"]?.array.map { $0["seq"]?.int } == [2, 3])
            let rest = try #require(between.body["nextCursor"]?.string)
            #expect(rest == "a3b5")
            let last = try await hub.get("/v1/conversations/\(cid)/messages?limit=2&cursor=\(rest)", token: seller.token)
            #expect(last.body["items"]?.array.map { $0["seq"]?.int } == [4])
            #expect(last.body["nextCursor"] == .null)
            let none = try await hub.get("/v1/conversations/\(cid)/messages?afterSeq=3&beforeSeq=4", token: seller.token)
            #expect(none.body["items"]?.array.isEmpty == true)
            for bad in ["afterSeq=3&beforeSeq=3", "afterSeq=4&beforeSeq=2", "cursor=a4b2", "cursor=a1b", "cursor=b1b4"] {
                #expect(try await hub.get("/v1/conversations/\(cid)/messages?\(bad)", token: seller.token).status == 400, "\(bad)")
            }

            let read = try await hub.post("/v1/conversations/\(cid)/read", ["seq": 4], token: seller.token)
            #expect(read.status == 200)
            #expect(read.body["seq"]?.int == 4)
            let backwards = try await hub.post("/v1/conversations/\(cid)/read", ["seq": 2], token: seller.token)
            #expect(backwards.body["seq"]?.int == 4)
            #expect(try await hub.post("/v1/conversations/\(cid)/read", ["seq": 99], token: seller.token).status == 400)
            let afterRead = try await hub.get("/v1/conversations", token: seller.token)
            #expect(afterRead.body["items"]?.array.first?["unreadCount"]?.int == 1)

            #expect(try await hub.get("/v1/conversations/\(cid)/messages", token: outsider.token).status == 403)
            let outsiderSend = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": "hi", "clientMsgId": "o1"], token: outsider.token)
            #expect(outsiderSend.status == 403)
            #expect(outsiderSend.body["error"]?["code"]?.string == "forbidden")
            #expect(try await hub.get("/v1/conversations/nope/messages", token: buyer.token).status == 404)
            let unknownUser = try await hub.post("/v1/conversations", ["participantIds": ["no-such-user"]], token: buyer.token)
            #expect(unknownUser.status == 404)
        }
    }

    @Test func requestBodiesAreLimitedByTheSetting() async throws {
        try await TestHub.run { config in
            config.server.maxRequestBytes = 2048
        } _: { hub in
            let a = try await hub.register()
            let b = try await hub.register()
            let cid = try await hub.conversation(a, with: [b])
            let within = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": String(repeating: "x", count: 1500), "clientMsgId": "w"], token: a.token)
            #expect(within.status == 201)
            let over = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": String(repeating: "x", count: 2100), "clientMsgId": "o"], token: a.token)
            #expect(over.status == 413)
            #expect(over.body["error"]?["code"]?.string == "too_large")
            #expect(over.body["error"]?["message"]?.string?.contains("2048") == true)
        }
    }

    @Test func sendLimitsAndValidation() async throws {
        try await TestHub.run { config in
            config.chat.maxParticipants = 3
            config.chat.rateBurst = 3
            config.chat.rateLimit = 0.01
        } _: { hub in
            let a = try await hub.register()
            let b = try await hub.register()
            let c = try await hub.register()
            let d = try await hub.register()
            let tooMany = try await hub.post("/v1/conversations", ["participantIds": [b.id, c.id, d.id]], token: a.token)
            #expect(tooMany.status == 400)
            let cid = try await hub.conversation(a, with: [b, c])
            let long = try await hub.post(
                "/v1/conversations/\(cid)/messages", ["body": String(repeating: "é", count: 4001), "clientMsgId": "l"],
                token: a.token)
            #expect(long.status == 413)
            #expect(long.body["error"]?["code"]?.string == "too_large")
            let empty = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "  ", "clientMsgId": "e"], token: a.token)
            #expect(empty.status == 400)
            let noId = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "hi"], token: a.token)
            #expect(noId.status == 400)
            #expect(noId.body["error"]?["message"]?.string?.contains("clientMsgId") == true)
            var statuses: [Int] = []
            for i in 0..<5 {
                let r = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "x", "clientMsgId": "r\(i)"], token: a.token)
                statuses.append(r.status)
                if r.status == 429 {
                    #expect(r.body["error"]?["code"]?.string == "rate_limited")
                    #expect(r.headers[.retryAfter] != nil)
                }
            }
            #expect(statuses.prefix(3).allSatisfy { $0 == 201 })
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 })
        }
    }

    @Test func adminReadsButDoesNotWrite() async throws {
        try await TestHub.run { hub in
            let a = try await hub.register()
            let b = try await hub.register("seller")
            let cid = try await hub.conversation(a, with: [b])
            _ = try await hub.parley.accounts.createAccount(email: "root@example.com", password: "password123", displayName: "Root", role: .admin)
            let login = try await hub.post("/v1/auth/login", ["email": "root@example.com", "password": "password123"])
            let adminToken = try #require(login.body["token"]?.string)
            #expect(try await hub.get("/v1/conversations/\(cid)/messages", token: adminToken).status == 200)
            let write = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "hi", "clientMsgId": "a"], token: adminToken)
            #expect(write.status == 403)
        }
    }
}
