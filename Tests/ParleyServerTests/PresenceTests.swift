import Foundation
import Logging
import ParleyProtocol
import ParleyRedis
import Testing
@testable import ParleyServer
import ParleyTestSupport

@Suite("Presence")
struct PresenceTests {
    @Test func participantsSeeEachOtherComeAndGo() async throws {
        try await TestHub.run { hub in
            let buyer = try await hub.register()
            let seller = try await hub.register("seller")
            let outsider = try await hub.register()
            let cid = try await hub.conversation(buyer, with: [seller])
            let watcher = try await hub.socket(seller)
            watcher.send(["type": "subscribe", "id": "s", "channel": "conversation:\(cid)"])
            _ = try await watcher.expect("ack", id: "s")

            let before = try await hub.get("/v1/conversations/\(cid)/presence", token: seller.token)
            #expect(before.status == 200)
            let buyerBefore = before.body["items"]?.array.first { $0["userId"]?.string == buyer.id }
            #expect(buyerBefore?["state"]?.string == "offline")
            #expect(buyerBefore?["lastSeenAt"]?.isNull == true)

            let first = try await hub.socket(buyer)
            let (online, _) = try await watcher.expect("presence")
            #expect(online["userId"]?.string == buyer.id)
            #expect(online["state"]?.string == "online")
            #expect(online["conversationId"]?.string == cid)
            // a second socket of the same user is not news
            let second = try await hub.socket(buyer)
            #expect(await watcher.drain().filter { $0["type"]?.string == "presence" }.isEmpty)
            let during = try await hub.get("/v1/conversations/\(cid)/presence", token: seller.token)
            #expect(during.body["items"]?.array.first { $0["userId"]?.string == buyer.id }?["state"]?.string == "online")

            first.close()
            second.close()
            let (offline, _) = try await watcher.expect("presence")
            #expect(offline["state"]?.string == "offline")
            let after = try await hub.get("/v1/conversations/\(cid)/presence", token: seller.token)
            let buyerAfter = after.body["items"]?.array.first { $0["userId"]?.string == buyer.id }
            #expect(buyerAfter?["state"]?.string == "offline")
            #expect(buyerAfter?["lastSeenAt"]?.string != nil)

            let forbidden = try await hub.get("/v1/conversations/\(cid)/presence", token: outsider.token)
            #expect(forbidden.status == 403)
        }
    }

    /// The stores a presence test runs against: always in memory, and Redis when the test servers are there.
    static var stores: [String] { TestEnvironment.redis.url != nil || TestEnvironment.isCI ? ["memory", "redis"] : ["memory"] }

    static func withStore(_ kind: String, ttl: Duration, _ body: (any PresenceStore) async throws -> Void) async throws {
        guard kind == "redis" else { return try await body(InMemoryPresenceStore(ttl: ttl)) }
        let url = try #require(TestEnvironment.redis.url, "PARLEY_TEST_REDIS_URL is not set")
        let redis = try RedisBroker(url: url, prefix: "tp\(UUID().uuidString.prefix(8)):", logger: Logger(label: "presence-test"))
        defer { redis.shutdown() }
        try await body(RedisPresenceStore(redis: redis, ttl: ttl))
    }

    @Test(arguments: stores) func marksExpireWithoutHeartbeat(_ kind: String) async throws {
        try await Self.withStore(kind, ttl: .seconds(30)) { store async throws in
            let u = "auth0|u-1"   // external subjects may contain '|'
            let t0 = Timestamp(milliseconds: 1_000_000)
            #expect(try await store.connected(userId: u, node: "a", now: t0))
            #expect(try await store.connected(userId: u, node: "b", now: t0) == false)
            #expect(try await store.disconnected(userId: u, node: "a", now: t0) == false)
            #expect(try await store.expired(now: t0, limit: 100).isEmpty)
            // node b crashed: no heartbeat, so u is offline once its mark expires
            let later = Timestamp(milliseconds: t0.milliseconds + 31_000)
            #expect(try await store.states([u], now: later).first?.state == "offline")
            #expect(try await store.expired(now: later, limit: 100) == [u], "one sweep reports the lost user")
            #expect(try await store.expired(now: later, limit: 100).isEmpty, "and only once")
            #expect(try await store.heartbeat(userIds: [u], node: "c", now: later) == [u], "back online after a lapse")
            #expect(try await store.heartbeat(userIds: [u], node: "c", now: later).isEmpty)
            #expect(try await store.states([u], now: later).first?.state == "online")
        }
    }

    @Test(arguments: stores) func aLossSettledBeforeTheSweepIsNotReportedAgain(_ kind: String) async throws {
        try await Self.withStore(kind, ttl: .seconds(30)) { store async throws in
            let t0 = Timestamp(milliseconds: 1_000_000)
            // reconnected elsewhere before the crashed node's mark was swept
            _ = try await store.connected(userId: "u", node: "a", now: t0)
            let later = Timestamp(milliseconds: t0.milliseconds + 20_000)
            _ = try await store.connected(userId: "u", node: "b", now: later)
            let afterA = Timestamp(milliseconds: t0.milliseconds + 31_000)
            #expect(try await store.expired(now: afterA, limit: 100).isEmpty)
            #expect(try await store.states(["u"], now: afterA).first?.state == "online")
            // online on a live node and a crashed one; leaves the live one after the crashed mark expired: the
            // disconnect reports the user offline, and the sweep does not report them a second time
            _ = try await store.connected(userId: "v", node: "x", now: t0)
            _ = try await store.connected(userId: "v", node: "y", now: later)
            #expect(try await store.disconnected(userId: "v", node: "y", now: afterA))
            #expect(try await store.expired(now: afterA, limit: 100).isEmpty)
        }
    }
}
