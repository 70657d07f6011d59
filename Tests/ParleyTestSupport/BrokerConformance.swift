import Logging
import NIOCore
public import ParleyBroker

/// The behaviours every ``ParleyBroker/Broker`` must have, written once and run against each implementation:
///
/// ```swift
/// @Test(arguments: BrokerConformance.checks)
/// func conformance(_ check: BrokerConformance.Check) async throws {
///     try await check.run { body in try await body(InProcessBroker()) }
/// }
/// ```
public enum BrokerConformance {
    /// Gives `body` a fresh broker, running (a network broker's service runs during `body`), and cleans up after.
    public typealias Harness = @Sendable (_ body: @Sendable (any Broker) async throws -> Void) async throws -> Void

    /// One named behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the broker must do.
        public let description: String
        let body: @Sendable (any Broker) async throws -> Void

        /// Runs the check on a broker from `harness`; throws ``ConformanceFailure`` when it does not hold.
        ///
        /// - Parameter harness: Makes, runs and cleans up the broker.
        public func run(_ harness: Harness) async throws {
            try await harness(self.body)
        }
    }

    /// Every check.
    public static let checks: [Check] = deliveryChecks + fanOutChecks

    /// Runs every check, each on a fresh broker.
    ///
    /// - Parameter harness: Makes, runs and cleans up each broker.
    public static func run(_ harness: Harness) async throws {
        for check in checks { try await check.run(harness) }
    }

    /// How long a check waits after the expected deliveries for any unexpected one.
    static let quiet: Duration = .milliseconds(100)

    static func event(_ text: String, conversationId: String? = nil, seq: Int64? = nil) -> FanOutEvent {
        FanOutEvent(frame: ByteBuffer(string: text), conversationId: conversationId, seq: seq)
    }

    static let deliveryChecks: [Check] = [
        Check(description: "a subscribed node receives what it publishes once, with its routing facts") { broker in
            let delivered = DeliveryRecorder(attachedTo: broker)
            let channel = TestEnvironment.unique("conf")
            try await broker.subscribe([channel])
            var event = event("hello", conversationId: "c", seq: 7)
            event.excludeUserId = "typist"
            event.isUserCopy = true
            try await broker.publish(event, to: channel)
            try ConformanceFailure.check(try await delivered.wait(for: 1), "the event never arrived")
            try await Task.sleep(for: quiet)
            try ConformanceFailure.check(delivered.frames(on: channel) == ["hello"], "delivered \(delivered.frames(on: channel))")
            let got = delivered.all[0].event
            try ConformanceFailure.check(
                got.conversationId == "c" && got.seq == 7 && got.excludeUserId == "typist" && got.isUserCopy,
                "routing facts changed: \(got.conversationId ?? "-") \(got.seq ?? -1) \(got.excludeUserId ?? "-")")
        },
        Check(description: "unsubscribed and never-subscribed channels are not delivered") { broker in
            let delivered = DeliveryRecorder(attachedTo: broker)
            let (kept, dropped, never) = (TestEnvironment.unique("kept"), TestEnvironment.unique("dropped"), TestEnvironment.unique("never"))
            try await broker.subscribe([kept, dropped])
            try await broker.unsubscribe([dropped])
            try await broker.publish(event("n"), to: never)
            try await broker.publish(event("d"), to: dropped)
            try await broker.publish(event("k"), to: kept)
            try ConformanceFailure.check(try await delivered.wait(for: 1), "the kept channel's event never arrived")
            try await Task.sleep(for: quiet)
            try ConformanceFailure.check(delivered.count == 1, "delivered \(delivered.count) events, expected only the kept one")
            try ConformanceFailure.check(delivered.frames(on: kept) == ["k"], "kept channel got \(delivered.frames(on: kept))")
        },
        Check(description: "events on a channel arrive in publish order, each once, however often it was subscribed") { broker in
            let delivered = DeliveryRecorder(attachedTo: broker)
            let channel = TestEnvironment.unique("order")
            try await broker.subscribe([channel])
            try await broker.subscribe([channel])
            for index in 0..<200 { try await broker.publish(event("\(index)"), to: channel) }
            try ConformanceFailure.check(try await delivered.wait(for: 200), "only \(delivered.count) of 200 events arrived")
            try await Task.sleep(for: quiet)
            let frames = delivered.frames(on: channel)
            try ConformanceFailure.check(frames == (0..<200).map(String.init), "got \(frames.count) events, out of order or repeated")
        },
        Check(description: "the resubscribed handler is not called while the broker keeps its subscriptions") { broker in
            let resubscribed = Calls()
            broker.setResubscribedHandler { channels in resubscribed.record(channels) }
            let delivered = DeliveryRecorder(attachedTo: broker)
            let channel = TestEnvironment.unique("steady")
            try await broker.subscribe([channel])
            try await broker.publish(event("x"), to: channel)
            try ConformanceFailure.check(try await delivered.wait(for: 1), "the event never arrived")
            try await Task.sleep(for: quiet)
            try ConformanceFailure.check(resubscribed.all.isEmpty, "resubscribed handler called with \(resubscribed.all)")
        },
    ]
}
