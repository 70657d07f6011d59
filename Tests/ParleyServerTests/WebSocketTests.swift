import Foundation
import NIOCore
import NIOWebSocket
import ParleyChat
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyAccounts
@testable import ParleyServer

@Suite("WebSocket protocol")
struct WebSocketTests {
    @Test func refusesUpgradeWithoutValidToken() async throws {
        try await TestHub.run { hub in
            let plain = try await hub.get("/v1/ws")
            #expect(plain.status == 401)
            #expect(plain.body["error"]?["code"]?.string == "unauthorized")
            await #expect(throws: (any Error).self) { try await TestSocket.connect(port: hub.port, token: nil) }
            await #expect(throws: (any Error).self) { try await TestSocket.connect(port: hub.port, token: "not-a-jwt") }
            let user = try await hub.register()
            let (socket, welcome) = try await TestSocket.connect(port: hub.port, token: nil, query: "?access_token=\(user.token)")
            #expect(welcome["userId"]?.string == user.id)
            #expect(welcome["limits"]?["maxBodyChars"]?.int == 4000)
            socket.close()
        }
    }

    @Test func twoUsersExchangeMessagesTypingAndReads() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register("buyer")
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let a = try await hub.socket(buyer)
            let b = try await hub.socket(seller)
            for (socket, name) in [(a, "a"), (b, "b")] {
                socket.send(["type": "subscribe", "id": "sub-\(name)", "channel": "conversation:\(cid)"])
                let (ack, _) = try await socket.expect("ack", id: "sub-\(name)")
                #expect(ack["channel"]?.string == "conversation:\(cid)")
                #expect(ack["recovered"] == nil)
            }
            a.send(["type": "message.send", "id": "m1", "conversationId": cid, "body": "Is Saturday free?", "clientMsgId": "c-1"])
            let (ack, skippedA) = try await a.expect("ack", id: "m1")
            #expect(ack["message"]?["seq"]?.int == 1)
            #expect(ack["message"]?["senderId"]?.string == buyer.id)
            var ownCopy = skippedA.first { $0["type"]?.string == "message.new" }
            if ownCopy == nil { ownCopy = try await a.expect("message.new").0 }
            #expect(ownCopy?["message"]?["clientMsgId"]?.string == "c-1")
            let (event, _) = try await b.expect("message.new")
            #expect(event["conversationId"]?.string == cid)
            #expect(event["message"]?["body"]?.string == "Is Saturday free?")
            #expect(event["message"]?["id"] == ack["message"]?["id"])

            b.send(["type": "typing", "id": "t1", "conversationId": cid, "state": "start"])
            _ = try await b.expect("ack", id: "t1")
            let (typing, _) = try await a.expect("typing")
            #expect(typing["userId"]?.string == seller.id)
            #expect(typing["state"]?.string == "start")
            b.send(["type": "read", "id": "r1", "conversationId": cid, "seq": 1])
            let (readAck, skippedB) = try await b.expect("ack", id: "r1")
            #expect(readAck["seq"]?.int == 1)
            #expect(!skippedB.contains { $0["type"]?.string == "typing" }, "the typist must not get its own typing event")
            let (read, _) = try await a.expect("read")
            #expect(read["userId"]?.string == seller.id)
            #expect(read["seq"]?.int == 1)

            // exactly one message.new per subscribed socket, even though user channels carry copies
            a.send(["type": "message.send", "id": "m2", "conversationId": cid, "body": "second", "clientMsgId": "c-2"])
            _ = try await a.expect("ack", id: "m2")
            let extra = await b.drain()
            #expect(extra.filter { $0["type"]?.string == "message.new" }.count == 1)
        }
    }

    @Test func unsubscribedParticipantLearnsThroughUserChannel() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let s = try await hub.socket(seller)
            let cid = try await hub.conversation(buyer, with: [seller])
            let (new, _) = try await s.expect("conversation.new")
            #expect(new["conversation"]?["id"]?.string == cid)
            _ = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "hello", "clientMsgId": "x"], token: buyer.token)
            let (event, _) = try await s.expect("message.new")
            #expect(event["message"]?["body"]?.string == "hello")
            #expect(await s.drain().isEmpty)
        }
    }

    @Test func reconnectWithAfterSeqRecoversExactlyTheMissedMessages() async throws {
        try await TestHub.run { config in
            config.chat.maxRecover = 4
        } _: { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let a = try await hub.socket(buyer)
            var b: TestSocket? = try await hub.socket(seller)
            b!.send(["type": "subscribe", "id": "s", "channel": "conversation:\(cid)"])
            _ = try await b!.expect("ack", id: "s")
            a.send(["type": "message.send", "id": "m0", "conversationId": cid, "body": "seen", "clientMsgId": "k0"])
            _ = try await b!.expect("message.new")
            b!.close()
            _ = try await b!.waitForClose()
            b = nil
            for i in 1...6 {
                a.send(["type": "message.send", "id": "m\(i)", "conversationId": cid, "body": "missed \(i)", "clientMsgId": "k\(i)"])
                _ = try await a.expect("ack", id: "m\(i)")
            }
            let back = try await hub.socket(seller)
            back.send(["type": "subscribe", "id": "r1", "channel": "conversation:\(cid)", "afterSeq": 1])
            let (first, _) = try await back.expect("ack", id: "r1")
            #expect(first["recovered"]?.array.map { $0["seq"]?.int } == [2, 3, 4, 5])
            #expect(first["hasMore"]?.bool == true)
            back.send(["type": "subscribe", "id": "r2", "channel": "conversation:\(cid)", "afterSeq": 5])
            let (second, _) = try await back.expect("ack", id: "r2")
            #expect(second["recovered"]?.array.map { $0["body"]?.string } == ["missed 5", "missed 6"])
            #expect(second["hasMore"]?.bool == false)
            a.send(["type": "message.send", "id": "m7", "conversationId": cid, "body": "live", "clientMsgId": "k7"])
            let (live, _) = try await back.expect("message.new")
            #expect(live["message"]?["seq"]?.int == 8)
            #expect(await back.drain().filter { $0["type"]?.string == "message.new" }.isEmpty)
        }
    }

    @Test func retriedClientMsgIdYieldsOneMessage() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let a = try await hub.socket(buyer)
            let b = try await hub.socket(seller)
            b.send(["type": "subscribe", "id": "s", "channel": "conversation:\(cid)"])
            _ = try await b.expect("ack", id: "s")
            a.send(["type": "message.send", "id": "1", "conversationId": cid, "body": "once", "clientMsgId": "same"])
            let (first, _) = try await a.expect("ack", id: "1")
            a.send(["type": "message.send", "id": "2", "conversationId": cid, "body": "once", "clientMsgId": "same"])
            let (second, _) = try await a.expect("ack", id: "2")
            #expect(first["message"]?["id"] == second["message"]?["id"])
            let events = await b.drain(for: .milliseconds(500))
            #expect(events.filter { $0["type"]?.string == "message.new" }.count == 1)
            let history = try await hub.get("/v1/conversations/\(cid)/messages", token: buyer.token)
            #expect(history.body["items"]?.array.count == 1)
        }
    }

    @Test func badFramesGetErrorsAndTheConnectionStaysOpen() async throws {
        try await TestHub.run { hub in
            let user = try await hub.register()
            let other = try await hub.register()
            let stranger = try await hub.register()
            let cid = try await hub.conversation(user, with: [other])
            let strangersConversation = try await hub.conversation(stranger, with: [other])
            let s = try await hub.socket(user)
            let cases: [(String, String?, String)] = [
                ("{not json", nil, "bad_request"),
                ("[1,2]", nil, "bad_request"),
                (json(["id": "a", "type": "dance"]), "a", "bad_request"),
                (json(["id": "b"]), "b", "bad_request"),
                (json(["id": "c", "type": "message.send", "conversationId": cid, "clientMsgId": "x"]), "c", "bad_request"),
                (json(["id": "d", "type": "message.send", "conversationId": cid, "body": 42, "clientMsgId": "x"]), "d", "bad_request"),
                (json(["id": "e", "type": "typing", "conversationId": cid, "state": "dancing"]), "e", "bad_request"),
                (json(["id": "f", "type": "subscribe", "channel": "user:\(other.id)"]), "f", "forbidden"),
                (json(["id": "g", "type": "subscribe", "channel": "weather:today"]), "g", "bad_request"),
                (json(["id": "h", "type": "subscribe", "channel": "conversation:nope"]), "h", "not_found"),
                (json(["id": "i", "type": "subscribe", "channel": "conversation:\(strangersConversation)"]), "i", "forbidden"),
                (json(["id": "j", "type": "read", "conversationId": cid, "seq": 1.5]), "j", "bad_request"),
                (
                    json(["id": "k", "type": "message.send", "conversationId": cid, "body": String(repeating: "a", count: 4001), "clientMsgId": "y"]),
                    "k", "too_large"
                ),
                (json(["id": "l", "type": "auth.refresh", "token": "bogus"]), "l", "unauthorized"),
                (json(["id": 7, "type": "ping"]), nil, "bad_request"),
            ]
            for (text, id, code) in cases {
                s.sendText(text)
                let frame = try await s.next()
                #expect(frame["type"]?.string == "error", "\(text.prefix(80)) → \(frame)")
                #expect(frame["code"]?.string == code, "\(text.prefix(80)) → \(frame)")
                #expect(frame["id"]?.string == id, "\(text.prefix(80)) → \(frame)")
                #expect(frame["message"]?.string?.isEmpty == false)
            }
            s.send(["type": "ping", "id": "still-here"])
            let pong = try await s.next()
            #expect(pong["type"]?.string == "pong")
            #expect(pong["id"]?.string == "still-here")
        }
    }

    @Test(arguments: [
        ("binary", UInt16(1003)),
        ("invalid-utf8", UInt16(1007)),
        ("oversized", UInt16(1009)),
    ])
    func protocolViolationsCloseWithTheirCode(violation: String, expected: UInt16) async throws {
        try await TestHub.run { config in
            config.server.maxFrameBytes = 4096
        } _: { hub in
            let user = try await hub.register()
            let s = try await hub.socket(user)
            switch violation {
            case "binary":
                s.sendFrame(WebSocketFrame(fin: true, opcode: .binary, data: ByteBuffer(bytes: [1, 2, 3])))
            case "invalid-utf8":
                s.sendFrame(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x7B, 0xC3, 0x28, 0xFF, 0x7D])))
            default:
                s.sendText(json(["type": "ping", "pad": String(repeating: "x", count: 5000)]))
            }
            #expect(try await s.waitForClose() == expected)
        }
    }

    @Test func rateLimitAppliesToSendsAndTyping() async throws {
        try await TestHub.run { config in
            config.chat.rateLimit = 0.01  // no refill within the test, however slow the machine
            config.chat.rateBurst = 5
        } _: { hub in
            let a = try await hub.register()
            let b = try await hub.register()
            let cid = try await hub.conversation(a, with: [b])
            let s = try await hub.socket(a)
            for i in 0..<8 {
                s.send(["type": "message.send", "id": "m\(i)", "conversationId": cid, "body": "spam \(i)", "clientMsgId": "s\(i)"])
            }
            // every send is answered, by an ack or an error, however long the database takes
            var answers: [String: JSONValue] = [:]
            while answers.count < 8 {
                let frame = try await s.next(timeout: .seconds(10))
                if let id = frame["id"]?.string, id.hasPrefix("m") { answers[id] = frame }
            }
            var acks = 0
            var limited = 0
            for frame in answers.values {
                if frame["type"]?.string == "ack" { acks += 1 }
                if frame["type"]?.string == "error" {
                    #expect(frame["code"]?.string == "rate_limited")
                    #expect(frame["retryable"]?.bool == true)
                    limited += 1
                }
            }
            #expect(acks == 5)
            #expect(limited == 3)
            // REST sends share the bucket
            let rest = try await hub.post("/v1/conversations/\(cid)/messages", ["body": "x", "clientMsgId": "rest"], token: a.token)
            #expect(rest.status == 429)
            // typing has its own bucket of the same size: the empty send bucket does not stop it, its own burst does
            var typingAcks = 0
            var typingLimited = 0
            for i in 0..<7 {
                s.send(["type": "typing", "id": "t\(i)", "conversationId": cid, "state": "start"])
                let (answer, _) = try await s.expect(oneOf: ["ack", "error"], id: "t\(i)")
                if answer["type"]?.string == "ack" { typingAcks += 1 }
                if answer["code"]?.string == "rate_limited" { typingLimited += 1 }
            }
            #expect(typingAcks == 5)
            #expect(typingLimited == 2)
        }
    }

    @Test func expiredTokenClosesWith4001UnlessRefreshed() async throws {
        try await TestHub.run { config in
            config.accounts.tokenTTL = 4
        } _: { hub in
            let user = try await hub.register()
            let stale = try await hub.socket(user)
            let refreshed = try await hub.socket(user)
            let fresh = try await hub.parley.accounts.tokens.issue(userId: user.id, role: .buyer, ttl: 9)
            refreshed.send(["type": "auth.refresh", "id": "r", "token": fresh.token])
            let (ack, _) = try await refreshed.expect("ack", id: "r")
            #expect(ack["expiresAt"]?.string != nil)
            #expect(try await stale.waitForClose(timeout: .seconds(10)) == 4001)
            // the refreshed socket outlives the first token
            refreshed.send(["type": "ping", "id": "alive"])
            _ = try await refreshed.expect("pong", id: "alive")
            #expect(try await refreshed.waitForClose(timeout: .seconds(15)) == 4001)
        }
    }

    @Test func welcomeIsTheFirstFrameEvenWithEventsInFlight() async throws {
        try await TestHub.run { config in
            config.server.maxFramesPerSecond = 100_000  // 200 sends at once
            config.server.frameBurst = 100_000
            config.chat.rateLimit = 100_000
            config.chat.rateBurst = 100_000
        } _: { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let sender = try await hub.socket(buyer)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // the seller's sockets get a user-channel copy of each of these while they connect
                    for j in 0..<200 {
                        sender.send(["type": "message.send", "id": "\(j)", "conversationId": cid, "body": "m\(j)", "clientMsgId": "w\(j)"])
                    }
                    _ = try await sender.expect("ack", id: "199", timeout: .seconds(60))
                }
                group.addTask {
                    for _ in 0..<25 {
                        // connect() throws unless the first frame is the welcome
                        let socket = try await hub.socket(seller)
                        socket.close()
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
