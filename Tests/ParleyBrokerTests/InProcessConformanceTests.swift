import NIOCore
import ParleyBroker
import ParleyTestSupport
import Testing

@Suite("InProcessBroker and InMemoryPresenceStore conform to their seams")
struct InProcessConformanceTests {
    @Test("InProcessBroker", arguments: BrokerConformance.checks)
    func broker(_ check: BrokerConformance.Check) async throws {
        try await check.run { body in try await body(InProcessBroker()) }
    }

    @Test("InMemoryPresenceStore", arguments: PresenceStoreConformance.checks)
    func presence(_ check: PresenceStoreConformance.Check) async throws {
        try await check.run { ttl, body in try await body(InMemoryPresenceStore(ttl: ttl)) }
    }

    @Test("InProcessBroker delivers a publish before it returns")
    func synchronousDelivery() async throws {
        let broker = InProcessBroker()
        let delivered = DeliveryRecorder(attachedTo: broker)
        try await broker.subscribe(["c"])
        try await broker.publish(FanOutEvent(frame: .init()), to: "c")
        #expect(delivered.count == 1)
    }
}
