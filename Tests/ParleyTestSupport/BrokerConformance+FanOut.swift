import Logging
import ParleyBroker
import Synchronization

extension BrokerConformance {
    /// Channel lists a handler was called with.
    final class Calls: Sendable {
        let calls = Mutex<[[String]]>([])
        func record(_ channels: [String]) { self.calls.withLock { $0.append(channels) } }
        var all: [[String]] { self.calls.withLock { $0 } }
    }

    static let fanOutChecks: [Check] = [
        Check(description: "FanOut delivers to every local subscriber once and unsubscribes the node with the last") { broker in
            let fanOut = FanOut(broker: broker, logger: TestEnvironment.logger("fan-out"))
            let (first, second) = (RecordingSubscriber(), RecordingSubscriber())
            let channel = TestEnvironment.unique("fan")
            try await fanOut.subscribe(first, to: channel)
            try await fanOut.subscribe(second, to: channel)
            try ConformanceFailure.check(fanOut.subscriberCount(channel) == 2, "\(fanOut.subscriberCount(channel)) subscribers, expected 2")
            try await fanOut.publish(event("fan"), to: channel)
            let both = try await eventually { first.count >= 1 && second.count >= 1 }
            try ConformanceFailure.check(both, "delivered \(first.count) and \(second.count) times, expected once each")
            await fanOut.unsubscribe(first, from: channel)
            await fanOut.unsubscribe(second, from: channel)
            try ConformanceFailure.check(fanOut.subscriberCount(channel) == 0, "subscribers left after unsubscribing")
            try await fanOut.publish(event("after"), to: channel)
            try await Task.sleep(for: quiet)
            try ConformanceFailure.check(
                first.frames == ["fan"] && second.frames == ["fan"], "received \(first.frames) and \(second.frames)")
        }
    ]
}
