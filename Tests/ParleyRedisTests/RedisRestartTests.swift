import Logging
import NIOCore
import ParleyBroker
import ParleyRedis
import ParleyTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// Kills and restarts a redis-server this test spawned itself (never the shared test server).
@Suite(
    "RedisBroker survives a Redis restart",
    .enabled(
        if: OwnServer.available(.redis) || TestEnvironment.isCI,
        "redis-server is not on PATH (install redis-server to run the restart test)"
    )
)
struct RedisRestartTests {
    /// Waits until the server answers PING.
    func waitUntilReady(_ server: OwnServer, timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        let configuration = RedisConfiguration(host: "127.0.0.1", port: server.port)
        while true {
            do {
                let connection = try await RedisConnection.connect(configuration: configuration)
                defer { connection.close() }
                if try await connection.command(["PING"]) == .simpleString("PONG") { return }
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    @Test("keeps delivering locally while Redis is down; reconnects, re-subscribes, reports the channels, publishes again")
    func restart() async throws {
        try await OwnServer.with(.redis) { server in
            try await waitUntilReady(server)

            let broker = try RedisBroker(url: server.url, logger: TestEnvironment.logger("restart"))
            let otherLogs = LogRecorder()
            let other = try RedisBroker(url: server.url, logger: otherLogs.logger("restart-other"))
            let delivered = DeliveryRecorder(attachedTo: broker)
            let resubscribed = Mutex<[[String]]>([])
            broker.setResubscribedHandler { channels in resubscribed.withLock { $0.append(channels) } }

            try await whileRunning([broker, other]) {
                let channels = ["room:a", "room:b"]
                try await broker.subscribe(channels)
                try await other.publish(FanOutEvent(frame: ByteBuffer(string: "before")), to: "room:a")
                #expect(try await delivered.wait(for: 1))

                try await server.stop()
                // With Redis gone, events for other nodes are lost and logged (the messages are stored) ...
                let deadline = ContinuousClock.now + .seconds(5)
                while otherLogs.count("publish to other nodes failed") == 0 && ContinuousClock.now < deadline {
                    try await other.publish(FanOutEvent(frame: ByteBuffer(string: "lost")), to: "room:a")
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(otherLogs.count("publish to other nodes failed") > 0)
                // ... while the node keeps serving its own subscribers.
                try await broker.publish(FanOutEvent(frame: ByteBuffer(string: "local")), to: "room:b")
                #expect(delivered.frames(on: "room:b") == ["local"])
                #expect(resubscribed.withLock { $0.isEmpty })

                try await server.start()
                try await waitUntilReady(server)
                #expect(try await eventually(timeout: .seconds(10)) { !resubscribed.withLock { $0.isEmpty } })
                #expect(resubscribed.withLock { $0 } == [channels])
                try await other.publish(FanOutEvent(frame: ByteBuffer(string: "after")), to: "room:b")
                #expect(try await eventually { delivered.frames(on: "room:b").count == 2 })
                #expect(delivered.frames(on: "room:b") == ["local", "after"])
                #expect(broker.subscribedChannels == Set(channels))
            }
        }
    }

    @Test("run() returns on graceful shutdown and closes connections")
    func gracefulShutdown() async throws {
        try await OwnServer.with(.redis) { server in
            try await waitUntilReady(server)
            let broker = try RedisBroker(url: server.url, logger: TestEnvironment.logger("shutdown"))
            let group = ServiceGroup(
                configuration: .init(services: [broker], logger: TestEnvironment.logger("group"))
            )
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await broker.subscribe(["room:x"])
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(!broker.subscribedChannels.isEmpty, "the subscription was confirmed before shutdown")
            let error = try await #require(throws: RedisError.self) { try await broker.subscribe(["room:y"]) }
            #expect(error.code == .shutdown)
        }
    }
}
