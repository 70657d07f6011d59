import Foundation
import Logging
import ParleyAccounts
import ParleyChat
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import ServiceLifecycle
import Testing

@testable import ParleyServer

@Suite("Backpressure and lifecycle")
struct LifecycleTests {
    /// Send and frame limits out of the way of a flooding sender.
    static func unthrottled(_ config: inout HubConfiguration) {
        config.server.maxFramesPerSecond = 100_000
        config.server.frameBurst = 100_000
        config.chat.rateLimit = 100_000
        config.chat.rateBurst = 100_000
    }

    /// A sender floods a conversation (messages of 3,900 bytes, 10 at a time, each batch acked) while the other
    /// participant reads nothing on a raw socket, until the hub drops that reader or 2,500 messages went. Returns
    /// how many were acked, and the reader's socket.
    ///
    /// The sender gets an ack and its own `message.new` per send (about 8 KB), so at most 10 sends in flight keep its
    /// own queue near 20 frames and 80 KB, well under both limits the tests set, however slowly the machine lets
    /// it read (with 50 in flight, about 400 KB, the sender itself was once dropped under the 512 KiB limit in CI).
    static func floodPastAReaderWhoNeverReads(_ hub: TestHub) async throws -> (acked: Int, reader: RawSocket) {
        let sender = try await hub.register()
        let slow = try await hub.register()
        let cid = try await hub.conversation(sender, with: [slow])
        let raw = try RawSocket(port: hub.port)
        #expect(try await raw.upgrade(token: slow.token).hasPrefix("HTTP/1.1 101"))
        let s = try await hub.socket(sender)
        let body = String(repeating: "x", count: 3900)
        var acked = 0
        for i in 0..<2500 {
            s.send(["type": "message.send", "id": "m\(i)", "conversationId": cid, "body": body, "clientMsgId": "k\(i)"])
            if i % 10 == 9 {
                _ = try await s.expect("ack", id: "m\(i)", timeout: .seconds(20))
                acked = i + 1
                if hub.parley.registry.count < 2 { break }
            }
        }
        return (acked, raw)
    }

    @Test func slowConsumerIsClosedWithoutSlowingOthers() async throws {
        try await TestHub.run { config in
            // small enough that the reader who never reads overflows it, large enough that the sender, which
            // gets an ack and its own message.new per send, never does on a loaded machine
            config.server.outboundQueue = 64
            Self.unthrottled(&config)
        } _: { hub in
            let (acked, raw) = try await Self.floodPastAReaderWhoNeverReads(hub)
            #expect(hub.parley.registry.count == 1, "the slow socket must be dropped (sent \(acked))")
            #expect(acked < 2500)
            // the server hung up on the slow reader
            #expect(try await raw.readToEnd() > 0)
        }
    }

    @Test func aSlowConsumerIsClosedByQueuedBytesToo() async throws {
        try await TestHub.run { config in
            config.server.outboundQueue = 1_000_000  // the frame count never fills
            config.server.outboundBytes = 512 << 10
            Self.unthrottled(&config)
        } _: { hub in
            let (acked, reader) = try await Self.floodPastAReaderWhoNeverReads(hub)
            // the reader that fell 512 KiB behind is dropped: the hub closes its connection
            #expect(try await reader.closedByServer(within: 10), "sent \(acked)")
            #expect(acked < 2500)
        }
    }

    @Test func gracefulShutdownClosesWith1001AndKeepsEveryAckedMessage() async throws {
        let config = StandaloneHub.configuration(name: "restart", shutdownTimeout: 3)
        defer { StandaloneHub.removeData(config) }
        let logger = StandaloneHub.logger("restart-test")

        let hub = try await ParleyHub.make(configuration: config, logger: logger)
        // The node migrates before it listens; the test writes before starting it, so it migrates first itself.
        try await Migrations.run(on: hub.database, logger: logger)
        let a = try await hub.accounts.register(email: "a@example.com", password: "password123", displayName: "A", role: .buyer)
        let b = try await hub.accounts.register(email: "b@example.com", password: "password123", displayName: "B", role: .seller)
        let conversation = try await hub.chat.createConversation(
            caller: try await hub.accounts.authenticate(token: a.token), participantIds: [b.user.id], subject: nil, orderId: nil)
        let group = hub.serviceGroup(signals: [])
        let running = Task { try await group.run() }
        var socket: TestSocket?
        for _ in 0..<100 where socket == nil {
            socket = try? await TestSocket.connect(port: config.server.port, token: a.token).0
            if socket == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let s = try #require(socket)
        var acked: [Int] = []
        for i in 1...30 {
            s.send(["type": "message.send", "id": "m\(i)", "conversationId": conversation.id, "body": "msg \(i)", "clientMsgId": "k\(i)"])
        }
        // shut down while sends are in flight; whatever was acked must survive
        let (first, _) = try await s.expect("ack", id: "m1")
        acked.append(try #require(first["message"]?["seq"]?.int))
        await group.triggerGracefulShutdown()
        while let frame = try? await s.next(timeout: .seconds(3)) {
            if frame["type"]?.string == "ack", let seq = frame["message"]?["seq"]?.int { acked.append(seq) }
        }
        #expect(try await s.waitForClose() == 1001)
        try await running.value

        let again = try await ParleyHub.make(configuration: config, logger: logger)
        let stored = try await again.database.whileRunning {
            try await again.store.messages(conversationId: conversation.id, window: .after(0), limit: 200, visibleTo: "")
        }
        #expect(!acked.isEmpty, "some sends should have been acked before the shutdown")
        #expect(stored.map(\.seq) == (0..<stored.count).map { Int64($0 + 1) })
        #expect(Set(acked).isSubset(of: Set(stored.map { Int($0.seq) })))
    }
}
