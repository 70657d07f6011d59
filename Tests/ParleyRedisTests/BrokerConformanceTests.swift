import Synchronization
import Logging
import NIOCore
import ParleyBroker
import ParleyRedis
import Testing

/// The implementations the conformance suite runs against.
enum BrokerKind: String, CaseIterable, CustomTestStringConvertible {
    case inProcess, redis

    var testDescription: String { self.rawValue }

    /// In-process always; Redis when `PARLEY_TEST_REDIS_URL` is set, or in CI (where it then fails).
    static var available: [BrokerKind] { RedisTestEnvironment.shouldRun ? [.inProcess, .redis] : [.inProcess] }

    func make() throws -> (any Broker, cleanup: @Sendable () -> Void) {
        switch self {
        case .inProcess:
            return (InProcessBroker(), {})
        case .redis:
            let broker = try RedisBroker(
                url: RedisTestEnvironment.requireURL(), logger: RedisTestEnvironment.logger("conformance")
            )
            return (broker, { broker.shutdown() })
        }
    }
}

/// Behaviours every ``Broker`` must have, whatever carries the events.
@Suite("Broker conformance")
struct BrokerConformanceTests {
    @Test("a subscribed node receives what it publishes, once", arguments: BrokerKind.available)
    func publishSubscribe(kind: BrokerKind) async throws {
        let (broker, cleanup) = try kind.make()
        defer { cleanup() }
        let delivered = DeliveryCollector()
        delivered.attach(to: broker)
        let channel = RedisTestEnvironment.uniqueChannel("conf")
        try await broker.subscribe([channel])
        try await broker.publish(HubEvent(frame: ByteBuffer(string: "hello"), conversationId: "c", seq: 1), to: channel)
        #expect(try await delivered.wait(for: 1))
        try await Task.sleep(for: .milliseconds(50))
        #expect(delivered.frames(on: channel) == ["hello"])
        let event = try #require(delivered.events.withLock { $0.first?.event })
        #expect(event.conversationId == "c")
        #expect(event.seq == 1)
    }

    @Test("unsubscribed and never-subscribed channels are not delivered", arguments: BrokerKind.available)
    func unsubscribe(kind: BrokerKind) async throws {
        let (broker, cleanup) = try kind.make()
        defer { cleanup() }
        let delivered = DeliveryCollector()
        delivered.attach(to: broker)
        let kept = RedisTestEnvironment.uniqueChannel("kept")
        let dropped = RedisTestEnvironment.uniqueChannel("dropped")
        let never = RedisTestEnvironment.uniqueChannel("never")
        try await broker.subscribe([kept, dropped])
        try await broker.unsubscribe([dropped])
        try await broker.publish(HubEvent(frame: ByteBuffer(string: "n")), to: never)
        try await broker.publish(HubEvent(frame: ByteBuffer(string: "d")), to: dropped)
        try await broker.publish(HubEvent(frame: ByteBuffer(string: "k")), to: kept)
        #expect(try await delivered.wait(for: 1))
        try await Task.sleep(for: .milliseconds(50))
        #expect(delivered.count == 1)
        #expect(delivered.frames(on: kept) == ["k"])
    }

    @Test("LocalHub fans out to local subscribers through the broker", arguments: BrokerKind.available)
    func localHub(kind: BrokerKind) async throws {
        let (broker, cleanup) = try kind.make()
        defer { cleanup() }
        let hub = LocalHub(broker: broker, node: "test-node", logger: RedisTestEnvironment.logger("hub"))
        let first = RecordingSubscriber()
        let second = RecordingSubscriber()
        let channel = RedisTestEnvironment.uniqueChannel("hub")
        try await hub.subscribe(first, to: channel)
        try await hub.subscribe(second, to: channel)
        try await hub.publish(HubEvent(frame: ByteBuffer(string: "fan")), to: channel)
        let deadline = ContinuousClock.now + .seconds(5)
        while (first.count < 1 || second.count < 1) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(first.count == 1)
        #expect(second.count == 1)
        await hub.unsubscribe(first, from: channel)
        await hub.unsubscribe(second, from: channel)
    }

    @Test("setResubscribedHandler is accepted by every broker (a no-op in-process)", arguments: BrokerKind.available)
    func resubscribedHandler(kind: BrokerKind) throws {
        let (broker, cleanup) = try kind.make()
        defer { cleanup() }
        broker.setResubscribedHandler { _ in }
        #expect((broker is any ResubscribingBroker) == (kind == .redis))
    }
}

final class RecordingSubscriber: HubSubscriber {
    let received = Mutex<[String]>([])
    func receive(_ event: HubEvent, on channel: String) {
        self.received.withLock { $0.append(String(buffer: event.frame)) }
    }
    var count: Int { self.received.withLock { $0.count } }
}
