import Logging
import NIOCore
import ParleyBroker
import ParleyRedis
import ServiceLifecycle
import Synchronization
import Testing

/// Kills and restarts a redis-server this test spawned itself (never the shared test server).
@Suite(
    "RedisBroker survives a Redis restart",
    .enabled(
        if: RedisTestEnvironment.redisServerPath != nil || RedisTestEnvironment.isCI,
        "redis-server is not on PATH (install redis-server to run the restart test)"
    )
)
struct RedisRestartTests {
    @Test("reconnects, re-subscribes, reports the channels, and publishes again")
    func restart() async throws {
        let server = try SpawnedRedis()
        defer { server.kill() }
        try await server.waitUntilReady()

        let broker = try RedisBroker(url: server.url, logger: RedisTestEnvironment.logger("restart"))
        let other = try RedisBroker(url: server.url, logger: RedisTestEnvironment.logger("restart-other"))
        let delivered = DeliveryCollector()
        delivered.attach(to: broker)
        let resubscribed = Mutex<[[String]]>([])
        // Through the `Broker` existential, as the hub will call it.
        (broker as any Broker).setResubscribedHandler { channels in resubscribed.withLock { $0.append(channels) } }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broker.run() }
            group.addTask { try await other.run() }
            let channels = ["room:a", "room:b"]
            try await broker.subscribe(channels)
            try await other.publish(HubEvent(frame: ByteBuffer(string: "before")), to: "room:a")
            #expect(try await delivered.wait(for: 1))

            server.kill()
            // With Redis gone, publish throws (the hub logs it; messages are already stored).
            let deadline = ContinuousClock.now + .seconds(5)
            var publishFailed = false
            while !publishFailed && ContinuousClock.now < deadline {
                do {
                    try await other.publish(HubEvent(frame: ByteBuffer(string: "lost")), to: "room:a")
                    try await Task.sleep(for: .milliseconds(10))
                } catch {
                    publishFailed = true
                }
            }
            #expect(publishFailed)
            #expect(resubscribed.withLock { $0.isEmpty })

            try server.start()
            try await server.waitUntilReady()
            let back = ContinuousClock.now + .seconds(10)
            while resubscribed.withLock({ $0.isEmpty }) && ContinuousClock.now < back {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(resubscribed.withLock { $0 } == [channels])
            try await other.publish(HubEvent(frame: ByteBuffer(string: "after")), to: "room:b")
            #expect(try await delivered.wait(for: 2))
            #expect(delivered.frames(on: "room:b") == ["after"])
            #expect(broker.subscribedChannels == Set(channels))
            group.cancelAll()
        }
    }

    @Test("run() returns on graceful shutdown and closes connections")
    func gracefulShutdown() async throws {
        let server = try SpawnedRedis()
        defer { server.kill() }
        try await server.waitUntilReady()
        let broker = try RedisBroker(url: server.url, logger: RedisTestEnvironment.logger("shutdown"))
        let group = ServiceGroup(
            configuration: .init(services: [broker], logger: RedisTestEnvironment.logger("group"))
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await broker.subscribe(["room:x"])
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let error = try await #require(throws: RedisError.self) {
            try await broker.publish(HubEvent(frame: ByteBuffer()), to: "room:x")
        }
        #expect(error.code == .shutdown)
    }
}
