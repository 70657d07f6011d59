import Foundation
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// Two nodes sharing Redis and PostgreSQL (the test command starts both servers).
@Suite("Cluster", .enabled(if: TwoNodes.enabled, "PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL are not set"))
struct ClusterTests {
    @Test func clientsOnDifferentNodesExchangeMessagesTypingAndReads() async throws {
        try await TwoNodes.run { one, two in
            let buyer = try await one.register()
            let seller = try await two.register("seller")
            let cid = try await one.conversation(buyer, with: [seller])
            let a = try await one.socket(buyer)
            let b = try await two.socket(seller)
            for (s, name) in [(a, "a"), (b, "b")] {
                s.send(["type": "subscribe", "id": name, "channel": "conversation:\(cid)"])
                _ = try await s.expect("ack", id: name)
            }
            a.send(["type": "message.send", "id": "m", "conversationId": cid, "body": "across nodes", "clientMsgId": "x"])
            let (event, _) = try await b.expect("message.new")
            #expect(event["message"]?["body"]?.string == "across nodes")
            b.send(["type": "typing", "conversationId": cid, "state": "start"])
            let (typing, _) = try await a.expect("typing")
            #expect(typing["userId"]?.string == seller.id)
            b.send(["type": "read", "conversationId": cid, "seq": 1])
            let (read, _) = try await a.expect("read")
            #expect(read["seq"]?.int == 1)
            // each socket saw the message exactly once (no echo from its own node through Redis)
            let rest = await a.drain(for: .milliseconds(400))
            #expect(rest.filter { $0["type"]?.string == "message.new" }.count <= 1)
            let presence = try await two.get("/v1/conversations/\(cid)/presence", token: seller.token)
            #expect(presence.body["items"]?.array.allSatisfy { $0["state"]?.string == "online" } == true)
        }
    }

    @Test func concurrentSendersOnBothNodesKeepSeqGaplessForEveryClient() async throws {
        let senders = 4
        let perSender = Int(ProcessInfo.processInfo.environment["PARLEY_TEST_PER_SENDER"] ?? "") ?? 500
        try await TwoNodes.run { one, two in
            let users = [
                try await one.register(), try await one.register(), try await two.register(), try await two.register(),
            ]
            let cid = try await one.conversation(users[0], with: Array(users.dropFirst()))
            let watchers = [try await one.socket(users[0]), try await two.socket(users[3])]
            for (i, w) in watchers.enumerated() {
                w.send(["type": "subscribe", "id": "w\(i)", "channel": "conversation:\(cid)"])
                _ = try await w.expect("ack", id: "w\(i)")
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<senders {
                    let node = i < 2 ? one : two
                    let user = users[i]
                    group.addTask {
                        let s = try await node.socket(user)
                        for j in 0..<perSender {
                            s.send(["type": "message.send", "id": "\(j)", "conversationId": cid, "body": "s\(i) m\(j)", "clientMsgId": "s\(i)-\(j)"])
                            if j % 25 == 24 || j == perSender - 1 {
                                let (_, skipped) = try await s.expect("ack", id: "\(j)", timeout: .seconds(60))
                                if let bad = skipped.first(where: { $0["type"]?.string == "error" }) { Issue.record("sender \(i): \(bad)") }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let total = senders * perSender
            for w in watchers {
                var seqs: [Int] = []
                while seqs.count < total {
                    guard let frame = try? await w.next(timeout: .seconds(20)) else { break }
                    if frame["type"]?.string == "message.new", let seq = frame["message"]?["seq"]?.int { seqs.append(seq) }
                }
                #expect(seqs.count == total)
                #expect(Set(seqs).count == total, "no duplicates")
                #expect(seqs.sorted() == Array(1...total), "no gaps; missing \(Set(1...total).subtracting(seqs).sorted().prefix(20))")
            }
        }
    }

    /// Redis is killed mid-conversation and started again: sends keep being stored and acked, the other node's
    /// client is told to resync and recovers exactly what it missed, and live delivery resumes.
    @Test
    func aRedisRestartMakesClientsResyncAndLosesNothing() async throws {
        try await OwnServer.with(.redis) { redis in
            try await TwoNodes.run(redisURL: redis.url) { one, two in
                let buyer = try await one.register()
                let seller = try await two.register("seller")
                let cid = try await one.conversation(buyer, with: [seller])
                let a = try await one.socket(buyer)
                let b = try await two.socket(seller)
                b.send(["type": "subscribe", "id": "s", "channel": "conversation:\(cid)"])
                _ = try await b.expect("ack", id: "s")
                a.send(["type": "message.send", "id": "0", "conversationId": cid, "body": "before", "clientMsgId": "k0"])
                _ = try await b.expect("message.new")

                #expect(try await one.get("/readyz").status == 200)
                try await redis.stop()
                let notReady = try await one.get("/readyz")
                #expect(notReady.status == 503, "readyz reports a dead Redis")
                #expect(notReady.body["reason"]?.string?.contains("Redis") == true)
                for i in 1...5 {
                    a.send(["type": "message.send", "id": "\(i)", "conversationId": cid, "body": "during \(i)", "clientMsgId": "k\(i)"])
                    let (ack, _) = try await a.expect("ack", id: "\(i)", timeout: .seconds(10))
                    #expect(ack["message"]?["seq"]?.int == i + 1, "sends are stored while Redis is down")
                }
                try await redis.start()
                var ready = false
                for _ in 0..<100 where !ready {
                    ready = try await one.get("/readyz").status == 200
                    if !ready { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(ready, "readyz recovers with Redis")
                let (resync, _) = try await b.expect("resync", timeout: .seconds(20))
                #expect(resync["channels"]?.array.contains(.string("conversation:\(cid)")) == true)
                b.send(["type": "subscribe", "id": "again", "channel": "conversation:\(cid)", "afterSeq": 1])
                let (ack, _) = try await b.expect("ack", id: "again")
                #expect(ack["recovered"]?.array.map { $0["seq"]?.int } == [2, 3, 4, 5, 6])
                a.send(["type": "message.send", "id": "after", "conversationId": cid, "body": "after", "clientMsgId": "k-after"])
                let (live, _) = try await b.expect("message.new", timeout: .seconds(10))
                #expect(live["message"]?["seq"]?.int == 7)
                a.close()
                b.close()
                _ = try await a.waitForClose()
                _ = try await b.waitForClose()
            }
        }
    }
}
