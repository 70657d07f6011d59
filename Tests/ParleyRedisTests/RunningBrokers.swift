import Logging
import ParleyRedis
import ParleyTestSupport

/// A broker on the shared test Redis (`PARLEY_TEST_REDIS_URL`); under `CI=true` without it, throws naming it.
func testBroker(_ label: String, prefix: String = "parley:", logger: Logger? = nil, publishQueue: Int = 65536) throws -> RedisBroker {
    try RedisBroker(
        configuration: RedisConfiguration(url: TestEnvironment.redis.requireURL()), prefix: prefix,
        publishQueue: publishQueue, logger: logger ?? TestEnvironment.logger(label))
}

/// Runs `body` while the brokers' services run (as in a hub's service group), then stops and shuts them down.
func whileRunning<Result: Sendable>(_ brokers: [RedisBroker], _ body: () async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for broker in brokers { group.addTask { try await broker.run() } }
        defer { group.cancelAll() }
        return try await body()
    }
}
