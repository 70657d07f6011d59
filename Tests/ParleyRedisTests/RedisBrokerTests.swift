import Logging
import NIOCore
import ParleyBroker
import ParleyRedis
import ParleyTestSupport
import Testing

@Suite(
    "RedisBroker against a real Redis",
    .enabled(if: TestEnvironment.redis.shouldRun, Comment(rawValue: TestEnvironment.redis.disabledReason))
)
struct RedisBrokerTests {
    /// Two running "nodes": separate brokers, each with its own subscriber connection and pool.
    func withTwoNodes(
        _ body: (RedisBroker, DeliveryRecorder, RedisBroker, DeliveryRecorder) async throws -> Void
    )
        async throws
    {
        let (a, b) = (try testBroker("a"), try testBroker("b"))
        let (deliveredA, deliveredB) = (DeliveryRecorder(attachedTo: a), DeliveryRecorder(attachedTo: b))
        try await whileRunning([a, b]) { try await body(a, deliveredA, b, deliveredB) }
    }

    @Test("publish on one node is delivered once to every subscribed node, with routing facts and its origin")
    func publishAcrossNodes() async throws {
        try await withTwoNodes { a, deliveredA, b, deliveredB in
            let channel = TestEnvironment.unique("conv")
            // subscribe() returns only after Redis confirmed, so publishing right after is safe.
            try await a.subscribe([channel])
            try await b.subscribe([channel])
            var frame = ByteBuffer(string: "frame\r\n")
            frame.writeInteger(UInt8(0))
            try await a.publish(FanOutEvent(frame: frame, conversationId: "c1", seq: 7, excludeUserId: "u9"), to: channel)
            try await b.publish(FanOutEvent(frame: ByteBuffer(string: "second")), to: channel)
            #expect(try await deliveredA.wait(for: 2))
            #expect(try await deliveredB.wait(for: 2))
            try await Task.sleep(for: .milliseconds(100))
            #expect(deliveredA.count == 2)
            #expect(deliveredB.count == 2)
            let event = try #require(deliveredB.all.first { $0.event.seq == 7 })
            #expect(event.channel == channel)
            #expect(event.event.frame == frame)
            #expect(event.event.conversationId == "c1")
            #expect(event.event.excludeUserId == "u9")
            #expect(event.event.origin == a.node)
            #expect(deliveredB.frames(on: channel).contains("second"))
        }
    }

    @Test("a node only receives the channels it subscribed to; unsubscribe stops delivery")
    func onlySubscribedChannels() async throws {
        try await withTwoNodes { a, deliveredA, b, deliveredB in
            let mine = TestEnvironment.unique("mine")
            let theirs = TestEnvironment.unique("theirs")
            try await a.subscribe([mine])
            try await b.subscribe([mine, theirs])
            try await a.publish(FanOutEvent(frame: ByteBuffer(string: "1")), to: theirs)
            try await a.publish(FanOutEvent(frame: ByteBuffer(string: "2")), to: mine)
            #expect(try await deliveredB.wait(for: 2))
            #expect(try await deliveredA.wait(for: 1))
            #expect(deliveredA.frames(on: theirs).isEmpty)
            try await b.unsubscribe([mine])
            #expect(b.subscribedChannels == [theirs])
            try await a.publish(FanOutEvent(frame: ByteBuffer(string: "3")), to: mine)
            #expect(try await deliveredA.wait(for: 2))
            try await Task.sleep(for: .milliseconds(100))
            #expect(deliveredB.frames(on: mine) == ["2"])
            #expect(deliveredA.frames(on: mine) == ["2", "3"])
        }
    }

    @Test("many publishes each arrive exactly once on the other node, in order")
    func exactlyOnceInOrder() async throws {
        try await withTwoNodes { a, _, b, deliveredB in
            let channel = TestEnvironment.unique("burst")
            try await b.subscribe([channel])
            try await b.subscribe([channel])  // subscribing twice must not duplicate delivery
            let count = 500
            for index in 0..<count { try await a.publish(FanOutEvent(frame: ByteBuffer(string: "\(index)")), to: channel) }
            // a bound for a starved machine (CI builds beside it), not a speed requirement: it returns at the last one
            #expect(try await deliveredB.wait(for: count, timeout: .seconds(60)))
            try await Task.sleep(for: .milliseconds(100))
            #expect(deliveredB.frames(on: channel) == (0..<count).map(String.init))
        }
    }

    @Test("the general command API round-trips binary values")
    func commandAPI() async throws {
        let broker = try testBroker("cmd")
        defer { broker.shutdown() }
        let key = TestEnvironment.unique("key")
        let value = ByteBuffer(bytes: [0, 13, 10, 255, 0])
        #expect(try await broker.command([ByteBuffer(string: "SET"), ByteBuffer(string: key), value]) == .simpleString("OK"))
        #expect(try await broker.client.command([ByteBuffer(string: "GET"), ByteBuffer(string: key)]) == .bulkString(value))
        #expect(try await broker.command(["DEL", key]) == .integer(1))
        #expect(try await broker.command(["GET", key]) == .null)
        let error = try await #require(throws: RedisError.self) { try await broker.command(["NOSUCHCOMMAND"]) }
        #expect(error.code == .serverError)
    }

    @Test("FanOut: a subscriber joining as the last one leaves keeps the node subscribed; joiners wait for Redis")
    func fanOutSubscriptionRaces() async throws {
        let redis = try testBroker("race")
        try await whileRunning([redis]) {
            let fanOut = FanOut(broker: redis, logger: TestEnvironment.logger("race-fan-out"))
            for _ in 0..<40 {
                let channel = TestEnvironment.unique("race")
                let (leaving, joining) = (RecordingSubscriber(), RecordingSubscriber())
                try await fanOut.subscribe(leaving, to: channel)
                async let leave: Void = fanOut.unsubscribe(leaving, from: channel)
                async let join: Void = fanOut.subscribe(joining, to: channel)
                _ = try await (leave, join)
                #expect(redis.subscribedChannels.contains(channel), "a local subscriber is left, so the node must be subscribed")
                #expect(fanOut.subscriberCount(channel) == 1)
                await fanOut.unsubscribe(joining, from: channel)
                #expect(!redis.subscribedChannels.contains(channel))

                // two first subscribers at once: each returns only once Redis confirmed the channel
                let other = TestEnvironment.unique("race2")
                let (x, y) = (RecordingSubscriber(), RecordingSubscriber())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for s in [x, y] {
                        group.addTask {
                            try await fanOut.subscribe(s, to: other)
                            #expect(redis.subscribedChannels.contains(other))
                        }
                    }
                    try await group.waitForAll()
                }
                await fanOut.unsubscribe(x, from: other)
                await fanOut.unsubscribe(y, from: other)
            }
        }
    }
}
