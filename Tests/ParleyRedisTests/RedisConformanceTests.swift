import ParleyBroker
import ParleyRedis
import ParleyTestSupport
import Testing

@Suite(
    "RedisBroker and RedisPresenceStore conform to their seams",
    .enabled(if: TestEnvironment.redis.shouldRun, Comment(rawValue: TestEnvironment.redis.disabledReason))
)
struct RedisConformanceTests {
    @Test("RedisBroker", arguments: BrokerConformance.checks)
    func broker(_ check: BrokerConformance.Check) async throws {
        try await check.run { body in
            let broker = try testBroker("conformance")
            try await whileRunning([broker]) { try await body(broker) }
        }
    }

    @Test("RedisPresenceStore", arguments: PresenceStoreConformance.checks)
    func presence(_ check: PresenceStoreConformance.Check) async throws {
        try await check.run { ttl, body in
            // A prefix of its own, so that `expired` sees no other test's marks.
            let redis = try testBroker("presence", prefix: TestEnvironment.unique("presence") + ":")
            defer { redis.shutdown() }
            try await body(RedisPresenceStore(redis: redis, ttl: ttl))
        }
    }
}
