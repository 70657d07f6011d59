import Foundation
import HTTPTypes
import ParleyChat
import ParleyProtocol
import ParleyServer
import ParleyTestSupport
import Testing

/// Limits on what one client controls: sockets per user, subscriptions per socket, frames per second, conversations
/// per hour. Each is a setting; the tests lower them.
@Suite("Client limits")
struct ClientLimitsTests {
    @Test func aUserHoldsAtMostMaxSocketsPerUser() async throws {
        try await TestHub.run {
            $0.server.maxSocketsPerUser = 2
        } _: { hub in
            let user = try await hub.register()
            let first = try await hub.socket(user)
            let second = try await hub.socket(user)
            let head = try await RawSocket(port: hub.port).upgrade(token: user.token)
            #expect(head.hasPrefix("HTTP/1.1 429"), "\(head)")
            await #expect(throws: (any Error).self) { try await TestSocket.connect(port: hub.port, token: user.token) }
            // another user is not affected, and a closed socket frees its place
            _ = try await hub.socket(try await hub.register("seller"))
            first.close()
            _ = try await first.waitForClose()
            var reopened: TestSocket?
            for _ in 0..<50 where reopened == nil {
                reopened = try? await TestSocket.connect(port: hub.port, token: user.token).0
                if reopened == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(reopened != nil, "a closed socket frees its place")
            second.close()
        }
    }

    @Test func aSocketSubscribesToAtMostMaxSubscriptions() async throws {
        // its own user channel counts: two conversations fit beside it
        try await TestHub.run {
            $0.server.maxSubscriptions = 3
        } _: { hub in
            let a = try await hub.register()
            let b = try await hub.register("seller")
            let conversations = [
                try await hub.conversation(a, with: [b]), try await hub.conversation(a, with: [b]), try await hub.conversation(a, with: [b]),
            ]
            let socket = try await hub.socket(a)
            for (i, cid) in conversations.prefix(2).enumerated() {
                socket.send(["type": "subscribe", "id": "s\(i)", "channel": "conversation:\(cid)"])
                _ = try await socket.expect("ack", id: "s\(i)")
            }
            socket.send(["type": "subscribe", "id": "over", "channel": "conversation:\(conversations[2])"])
            let (error, _) = try await socket.expect("error", id: "over")
            #expect(error["code"]?.string == "bad_request")
            #expect(error["message"]?.string?.contains("3 subscriptions") == true)
            // subscribing again to a channel it has is no new subscription
            socket.send(["type": "subscribe", "id": "again", "channel": "conversation:\(conversations[0])"])
            _ = try await socket.expect("ack", id: "again")
            socket.send(["type": "unsubscribe", "id": "u", "channel": "conversation:\(conversations[1])"])
            _ = try await socket.expect("ack", id: "u")
            socket.send(["type": "subscribe", "id": "now", "channel": "conversation:\(conversations[2])"])
            _ = try await socket.expect("ack", id: "now")
        }
    }

    @Test func everyFrameTypeCountsAgainstTheSocketsFrameRate() async throws {
        try await TestHub.run {
            $0.server.maxFramesPerSecond = 0.01  // no refill within the test
            $0.server.frameBurst = 5
        } _: { hub in
            let user = try await hub.register()
            let socket = try await hub.socket(user)
            for i in 0..<8 { socket.send(["type": "ping", "id": "p\(i)"]) }
            var answers: [String: JSONValue] = [:]
            while answers.count < 8 {
                let frame = try await socket.next(timeout: .seconds(10))
                if let id = frame["id"]?.string { answers[id] = frame }
            }
            let types = answers.keys.sorted().map { answers[$0]?["type"]?.string ?? "?" }
            #expect(types == ["pong", "pong", "pong", "pong", "pong", "error", "error", "error"])
            for id in ["p5", "p6", "p7"] {
                #expect(answers[id]?["code"]?.string == "rate_limited")
                #expect(answers[id]?["retryable"]?.bool == true)
            }
            // the limit is per socket: a second socket of the same user has its own
            let other = try await hub.socket(user)
            other.send(["type": "ping", "id": "fresh"])
            _ = try await other.expect("pong", id: "fresh")
        }
    }

    @Test func conversationCreationIsLimitedPerUserAndHour() async throws {
        try await TestHub.run {
            $0.chat.conversationsPerHour = 2
        } _: { hub in
            let a = try await hub.register()
            let b = try await hub.register("seller")
            _ = try await hub.conversation(a, with: [b])
            _ = try await hub.conversation(a, with: [b])
            let third = try await hub.post("/v1/conversations", ["participantIds": [b.id]], token: a.token)
            #expect(third.status == 429)
            #expect(third.body["error"]?["code"]?.string == "rate_limited")
            #expect(Int(third.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // another user still creates
            _ = try await hub.conversation(b, with: [a])
        }
    }
}
