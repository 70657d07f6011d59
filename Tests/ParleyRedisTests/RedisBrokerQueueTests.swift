import Logging
import NIOCore
import ParleyBroker
import ParleyRedis
import ParleyTestSupport
import Testing

/// The publish queue, without Redis: nothing drains it while ``RedisBroker/run()`` is not running.
@Suite("RedisBroker's publish queue")
struct RedisBrokerQueueTests {
    @Test("a full queue drops the event for other nodes and logs it")
    func fullQueue() async throws {
        let logs = LogRecorder()
        let broker = try RedisBroker(
            configuration: RedisConfiguration(url: "redis://127.0.0.1:1"), publishQueue: 2, logger: logs.logger("queue"))
        for index in 0..<5 { try await broker.publish(FanOutEvent(frame: ByteBuffer(string: "\(index)")), to: "c") }
        #expect(logs.count("broker queue full; event not sent to other nodes") == 3)
    }

    @Test("the configuration initialiser takes the prefix, timeout and queue size, and refuses a bad URL")
    func configurationInit() async throws {
        let logs = LogRecorder()
        var configuration = RedisBrokerConfiguration()
        configuration.prefix = "other:"
        configuration.publishQueue = 1
        let broker = try RedisBroker(configuration: configuration, url: "redis://127.0.0.1:1", node: "n1", logger: logs.logger("c"))
        #expect(broker.prefix == "other:")
        #expect(broker.node == "n1")
        for _ in 0..<2 { try await broker.publish(FanOutEvent(frame: ByteBuffer()), to: "c") }
        #expect(logs.count("broker queue full; event not sent to other nodes") == 1)
        #expect(throws: RedisError.self) {
            try RedisBroker(configuration: configuration, url: "http://x", node: "n1", logger: logs.logger("c"))
        }
    }

    @Test("after shutdown, publish throws")
    func publishAfterShutdown() async throws {
        let broker = try RedisBroker(url: "redis://127.0.0.1:1", logger: TestEnvironment.logger("shutdown"))
        broker.shutdown()
        let error = try await #require(throws: RedisError.self) {
            try await broker.publish(FanOutEvent(frame: ByteBuffer()), to: "c")
        }
        #expect(error.code == .shutdown)
    }
}
