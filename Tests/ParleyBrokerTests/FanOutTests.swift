import Logging
import NIOCore
import ParleyTestSupport
import Synchronization
import Testing

@testable import ParleyBroker

@Suite("FanOut orders the node's broker subscription per channel")
struct FanOutTests {
    /// A count shared with child tasks.
    final class Tally: Sendable {
        let value = Mutex(0)
        func add() { self.value.withLock { $0 += 1 } }
        var count: Int { self.value.withLock { $0 } }
    }

    let broker = GatedBroker()
    let channel = TestEnvironment.unique("fan")

    func fanOut(_ logger: Logger = TestEnvironment.logger("fan-out")) -> FanOut { FanOut(broker: self.broker, logger: logger) }

    @Test("a second subscriber returns only once the broker confirmed the first one's subscription")
    func secondSubscriberWaits() async throws {
        let fanOut = self.fanOut()
        let (x, y) = (RecordingSubscriber(), RecordingSubscriber())
        let returned = Tally()
        self.broker.close()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for subscriber in [x, y] {
                group.addTask {
                    try await fanOut.subscribe(subscriber, to: self.channel)
                    returned.add()
                }
            }
            #expect(try await eventually { fanOut.subscriberCount(self.channel) == 2 && self.broker.heldCount == 1 })
            try await Task.sleep(for: .milliseconds(50))
            #expect(returned.count == 0)
            self.broker.release()
            try await group.waitForAll()
        }
        #expect(self.broker.calls == ["subscribe"])
        try await fanOut.publish(FanOutEvent(frame: ByteBuffer(string: "e")), to: self.channel)
        #expect(x.frames == ["e"] && y.frames == ["e"])
    }

    @Test("a subscribe racing the last unsubscribe waits for it, then subscribes the node again")
    func subscribeRacingLastUnsubscribe() async throws {
        let fanOut = self.fanOut()
        let (leaving, joining) = (RecordingSubscriber(), RecordingSubscriber())
        try await fanOut.subscribe(leaving, to: self.channel)
        self.broker.close()
        let joined = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fanOut.unsubscribe(leaving, from: self.channel) }
            #expect(try await eventually { self.broker.heldCount == 1 })
            group.addTask {
                try await fanOut.subscribe(joining, to: self.channel)
                joined.add()
            }
            #expect(try await eventually { fanOut.subscriberCount(self.channel) == 1 })
            try? await Task.sleep(for: .milliseconds(50))
            #expect(self.broker.heldCount == 1, "the join must not call the broker while the unsubscribe is under way")
            self.broker.release()
            #expect(try await eventually { self.broker.heldCount == 1 })
            #expect(joined.count == 0, "the join must wait for the broker's confirmation")
            self.broker.release()
            try await group.waitForAll()
        }
        #expect(self.broker.calls == ["subscribe", "unsubscribe", "subscribe"])
        try await fanOut.publish(FanOutEvent(frame: ByteBuffer(string: "e")), to: self.channel)
        #expect(joining.frames == ["e"])
    }

    @Test("a failed subscribe throws to every waiting subscriber and removes them")
    func failedSubscribe() async throws {
        let fanOut = self.fanOut()
        self.broker.close()
        self.broker.fail(subscribes: true)
        let failures = Tally()
        await withTaskGroup(of: Void.self) { group in
            for subscriber in [RecordingSubscriber(), RecordingSubscriber()] {
                group.addTask {
                    do { try await fanOut.subscribe(subscriber, to: self.channel) } catch { failures.add() }
                }
            }
            _ = try? await eventually { fanOut.subscriberCount(self.channel) == 2 }
            self.broker.release()
        }
        #expect(failures.count == 2)
        #expect(fanOut.subscriberCount(self.channel) == 0)
        #expect(fanOut.channels.withLock { $0.isEmpty }, "nothing is left of the channel")
        self.broker.fail()
        self.broker.open()
        let later = RecordingSubscriber()
        try await fanOut.subscribe(later, to: self.channel)
        try await fanOut.publish(FanOutEvent(frame: ByteBuffer(string: "e")), to: self.channel)
        #expect(later.frames == ["e"])
    }

    @Test("a failed unsubscribe is logged, and the next subscriber subscribes the node again")
    func failedUnsubscribe() async throws {
        let logs = LogRecorder()
        let fanOut = self.fanOut(logs.logger("fan-out"))
        let first = RecordingSubscriber()
        try await fanOut.subscribe(first, to: self.channel)
        self.broker.fail(unsubscribes: true)
        await fanOut.unsubscribe(first, from: self.channel)
        #expect(logs.count("broker unsubscribe failed") == 1)
        #expect(fanOut.channels.withLock { $0.isEmpty })
        self.broker.fail()
        try await fanOut.subscribe(RecordingSubscriber(), to: self.channel)
        #expect(self.broker.calls == ["subscribe", "unsubscribe", "subscribe"])
    }

    @Test("resync asks each subscriber once, with its own affected channels sorted")
    func resync() async throws {
        let fanOut = self.fanOut()
        let (both, one, none) = (RecordingSubscriber(), RecordingSubscriber(), RecordingSubscriber())
        try await fanOut.subscribe(both, to: "b")
        try await fanOut.subscribe(both, to: "a")
        try await fanOut.subscribe(one, to: "a")
        try await fanOut.subscribe(none, to: "z")
        fanOut.resync(["b", "a", "c"])
        #expect(both.resyncRequests == [["a", "b"]])
        #expect(one.resyncRequests == [["a"]])
        #expect(none.resyncRequests.isEmpty)
        #expect(both.count == 0, "a resync is not an event")
    }
}
