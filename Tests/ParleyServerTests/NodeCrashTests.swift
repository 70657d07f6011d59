import Foundation
import ParleyAccounts
import ParleyChat
import ParleyProtocol
import ParleyRedis
import ParleyStorage
import ParleyTestSupport
import Testing

@testable import ParleyServer

#if canImport(Glibc)
import Glibc
#endif

/// A real `parley serve` process beside an in-process node, sharing Redis and PostgreSQL; the process is SIGKILLed.
@Suite("Node crash", .enabled(if: TwoNodes.enabled, "PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL are not set"))
struct NodeCrashTests {
    static var binary: String? {
        if let bin = ProcessInfo.processInfo.environment["PARLEY_BIN"], FileManager.default.isExecutableFile(atPath: bin) { return bin }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/parley").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Starts `parley serve` as another node of the cluster `survivor` belongs to; the caller kills it.
    static func spawnNode(like survivor: TestHub, port: Int, environment extra: [String: String] = [:]) throws -> Process {
        let binary = try #require(Self.binary, "build the parley binary first (swift build)")
        let config = survivor.parley.configuration
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "\(port)", "--data-dir", config.server.dataDir + "-victim", "--log-level", "error"]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PARLEY_") }
        environment["PARLEY_JWT_SECRET"] = config.accounts.jwtSecret
        environment["PARLEY_POSTGRES_URL"] = config.storage.postgresURL
        environment["PARLEY_REDIS_URL"] = config.redis.url
        environment["PARLEY_REDIS_PREFIX"] = config.redis.prefix
        environment["PARLEY_POSTGRES_CONNECT_TIMEOUT"] = "\(config.storage.connectTimeout)"
        environment["PARLEY_POSTGRES_WAIT_TIMEOUT"] = "\(config.storage.waitTimeout)"
        environment["PARLEY_REGISTRATIONS_PER_HOUR"] = "100000"
        environment["PARLEY_RATE_LIMIT"] = "100000"
        environment["PARLEY_RATE_BURST"] = "100000"
        environment["PARLEY_MAX_FRAMES_PER_SECOND"] = "100000"
        environment["PARLEY_FRAME_BURST"] = "100000"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A socket on the spawned node, once it accepts connections.
    static func connect(port: Int, token: String) async throws -> TestSocket {
        for _ in 0..<200 {
            if let socket = try? await TestSocket.connect(port: port, token: token).0 { return socket }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestTimeout(what: "the spawned node to come up")
    }

    @Test func clientsOfAKilledNodeResumeOnAnotherWithNothingAckedLost() async throws {
        try await TwoNodes.run { survivor, _ in
            let port = freePort()
            let process = try Self.spawnNode(like: survivor, port: port)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

            let buyer = try await survivor.register()
            let seller = try await survivor.register("seller")
            let cid = try await survivor.conversation(buyer, with: [seller])
            let onVictim = try await Self.connect(port: port, token: buyer.token)
            let watcher = try await survivor.subscribedSocket(seller, to: cid)

            var acked: [Int] = []
            for i in 1...40 {
                onVictim.send(["type": "message.send", "id": "\(i)", "conversationId": cid, "body": "m\(i)", "clientMsgId": "k\(i)"])
            }
            // take some acks, then kill the node with sends still in flight
            while acked.count < 10 {
                let frame = try await onVictim.next(timeout: .seconds(10))
                if frame["type"]?.string == "ack", let seq = frame["message"]?["seq"]?.int { acked.append(seq) }
            }
            kill(process.processIdentifier, SIGKILL)
            try await offThePool { process.waitUntilExit() }
            while let frame = try? await onVictim.next(timeout: .milliseconds(300)) {
                if frame["type"]?.string == "ack", let seq = frame["message"]?["seq"]?.int { acked.append(seq) }
            }

            // the client reconnects to the surviving node and resumes; it resends what was not acked
            let resumed = try await survivor.socket(buyer)
            resumed.send(["type": "subscribe", "id": "r", "channel": "conversation:\(cid)", "afterSeq": 0])
            let (ack, _) = try await resumed.expect("ack", id: "r")
            let stored = ack["recovered"]?.array.compactMap { $0["seq"]?.int } ?? []
            #expect(Set(acked).isSubset(of: Set(stored)), "every acked message survives the crash")
            #expect(stored == Array(1...max(stored.count, 1)).prefix(stored.count).map { $0 }, "gapless")
            for i in 1...40 {
                resumed.send(["type": "message.send", "id": "again\(i)", "conversationId": cid, "body": "m\(i)", "clientMsgId": "k\(i)"])
                _ = try await resumed.expect("ack", id: "again\(i)")
            }
            let history = try await survivor.get("/v1/conversations/\(cid)/messages?limit=200", token: seller.token)
            let bodies = history.body["items"]?.array.compactMap { $0["body"]?.string } ?? []
            #expect(bodies.count == 40, "each clientMsgId stored once")
            #expect(Set(bodies) == Set((1...40).map { "m\($0)" }))
            #expect(history.body["items"]?.array.compactMap { $0["seq"]?.int } == Array(1...40))
            // The watcher on the surviving node got live events, none twice: at least every message first stored by
            // the resends on its own node (events from the killed node may have died with it: it recovers those).
            var seen: [Int] = []
            for frame in await watcher.drain(for: .seconds(1)) where frame["type"]?.string == "message.new" {
                if let seq = frame["message"]?["seq"]?.int { seen.append(seq) }
            }
            #expect(seen.count == Set(seen).count, "no live event twice")
            #expect(Set(seen).isSubset(of: Set(1...40)))
            if stored.count < 40 {
                #expect(Set((stored.count + 1)...40).isSubset(of: Set(seen)), "every message stored on its node reached the watcher live")
            }
        }
    }

    /// The next `presence` event about `userId` in `state`, skipping presence events about others.
    static func presence(of userId: String, state: String, on socket: TestSocket, timeout: Duration) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (event, _) = try await socket.expect("presence", timeout: deadline - ContinuousClock.now)
            guard event["userId"]?.string == userId else { continue }
            #expect(event["state"]?.string == state)
            return event
        }
    }

    @Test func usersOfAKilledNodeGoOfflineWithAnEventWithinTheTTL() async throws {
        try await TwoNodes.run(configure: { $0.chat.presenceTTL = 6 }) { survivor, _ in
            let port = freePort()
            let process = try Self.spawnNode(like: survivor, port: port, environment: ["PARLEY_PRESENCE_TTL": "6"])
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            let buyer = try await survivor.register()
            let seller = try await survivor.register("seller")
            let cid = try await survivor.conversation(buyer, with: [seller])
            let watcher = try await survivor.subscribedSocket(seller, to: cid)
            let onVictim = try await Self.connect(port: port, token: buyer.token)
            // (the watcher may first see its own user come online)
            _ = try await Self.presence(of: buyer.id, state: "online", on: watcher, timeout: .seconds(10))

            kill(process.processIdentifier, SIGKILL)
            try await offThePool { process.waitUntilExit() }
            // the TTL (6 s) plus one sweep (every TTL/3) bounds it; the timeout leaves room for a loaded machine
            let offline = try await Self.presence(of: buyer.id, state: "offline", on: watcher, timeout: .seconds(20))
            #expect(offline["conversationId"]?.string == cid)
            let presence = try await survivor.get("/v1/conversations/\(cid)/presence", token: seller.token)
            let buyerState = presence.body["items"]?.array.first { $0["userId"]?.string == buyer.id }
            #expect(buyerState?["state"]?.string == "offline")
            // exactly one node announced it: no second event about the buyer follows
            let more = await watcher.drain(for: .milliseconds(2500))
            #expect(!more.contains { $0["type"]?.string == "presence" && $0["userId"]?.string == buyer.id })
            withExtendedLifetime(onVictim) {}  // the socket stayed open until its node died
        }
    }
}
