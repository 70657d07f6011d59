import Foundation
import ParleyProtocol
import Testing
@testable import ParleyServer

@Suite("PostgreSQL outage")
struct StoreFailureTests {
    @Test(.enabled(if: OwnServer.available(.postgres) || TestServers.isCI, "PostgreSQL binaries not installed (scripts/test installs them)"))
    func sendsFailRetryablyWhilePostgresIsDown() async throws {
        let server = try OwnServer(.postgres)
        defer { server.destroy() }
        try await TestHub.run { config in
            config.postgresURL = server.url
        } _: { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let cid = try await hub.conversation(buyer, with: [seller])
            let s = try await hub.socket(buyer)
            s.send(["type": "message.send", "id": "1", "conversationId": cid, "body": "before", "clientMsgId": "k1"])
            _ = try await s.expect("ack", id: "1")

            try server.stop()
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
            // Bringing the server back and retrying with the same clientMsgId is covered by hand (see README):
            // after a PostgreSQL restart the test application's graceful shutdown hangs in postgres-nio (known issue).
        }
    }
}
