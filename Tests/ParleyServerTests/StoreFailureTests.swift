import Foundation
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

@testable import ParleyServer

@Suite("PostgreSQL outage")
struct StoreFailureTests {
    @Test(.enabled(if: OwnServer.available(.postgres) || TestEnvironment.isCI, "PostgreSQL binaries not installed (scripts/test installs them)"))
    func sendsFailRetryablyWhilePostgresIsDown() async throws {
        try await OwnServer.with(.postgres) { server in
            try await TestHub.run { config in
                config.storage.postgresURL = server.url
                // the production wait: sends fail once no connection comes within it (the tests' longer default
                // would outlast the wait for an answer below)
                config.storage.waitTimeout = StorageConfiguration().waitTimeout
            } _: { hub in
                let buyer = try await hub.register()
                let seller = try await hub.register("seller")
                let cid = try await hub.conversation(buyer, with: [seller])
                let s = try await hub.socket(buyer)
                s.send(["type": "message.send", "id": "1", "conversationId": cid, "body": "before", "clientMsgId": "k1"])
                _ = try await s.expect("ack", id: "1")

                try await server.stop()
                s.send(["type": "message.send", "id": "2", "conversationId": cid, "body": "during", "clientMsgId": "k2"])
                let (failed, _) = try await s.expect("error", id: "2", timeout: .seconds(15))
                #expect(failed["code"]?.string == "unavailable")
                #expect(failed["retryable"]?.bool == true)
                s.send(["type": "subscribe", "id": "3", "channel": "conversation:\(cid)", "afterSeq": 0])
                let (subscribeFailed, _) = try await s.expect("error", id: "3", timeout: .seconds(15))
                #expect(subscribeFailed["code"]?.string == "unavailable")
                let ready = try await hub.get("/readyz")
                #expect(ready.status == 503)
                let health = try await hub.get("/healthz")
                #expect(health.status == 200)
                // new sockets are still accepted: tokens need no database
                let other = try await hub.socket(seller)

                other.send(["type": "ping", "id": "p"])
                _ = try await other.expect("pong", id: "p")

                // PostgreSQL comes back: the client retries with the same clientMsgId until it is acked.
                try await server.start()
                var acked: JSONValue?
                for attempt in 0..<30 where acked == nil {
                    s.send(["type": "message.send", "id": "retry\(attempt)", "conversationId": cid, "body": "during", "clientMsgId": "k2"])
                    let (reply, _) = try await s.expect(oneOf: ["ack", "error"], id: "retry\(attempt)", timeout: .seconds(15))
                    if reply["type"]?.string == "ack" { acked = reply } else { try await Task.sleep(for: .milliseconds(500)) }
                }
                #expect(acked?["message"]?["seq"]?.int == 2, "the retried send is stored once, as seq 2")
                #expect(try await hub.get("/readyz").status == 200)
                // every client ends with the complete, ordered history
                other.send(["type": "subscribe", "id": "4", "channel": "conversation:\(cid)", "afterSeq": 0])
                let (recovered, _) = try await other.expect("ack", id: "4")
                #expect(recovered["recovered"]?.array.map { $0["seq"]?.int } == [1, 2])
                let history = try await hub.get("/v1/conversations/\(cid)/messages", token: seller.token)
                #expect(history.body["items"]?.array.compactMap { $0["body"]?.string }.sorted() == ["before", "during"])
            }
        }
    }
}
