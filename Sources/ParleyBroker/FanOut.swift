public import Logging
import Synchronization

/// Fans events out to this node's connections and keeps the node subscribed at the broker to exactly the
/// channels that have at least one local subscriber.
public final class FanOut: Sendable {
    /// A caller waiting for a channel's broker subscription change; resumed with `false` (it need not drive).
    typealias Waiter = (subscriber: ObjectIdentifier?, continuation: CheckedContinuation<Bool, any Error>)

    /// One channel's local subscribers and the node's broker subscription to it.
    struct Entry {
        var subscribers: [ObjectIdentifier: any FanOutSubscriber] = [:]
        /// Whether the broker last confirmed the node subscribed to the channel.
        var confirmed = false
        /// Whether a caller is changing the broker subscription; only that caller calls the broker for the channel.
        var busy = false
        /// Callers waiting for the change under way: a subscriber (its id) or an unsubscriber (`nil`).
        var waiters: [Waiter] = []

        /// Whether the node should be subscribed: while it has a local subscriber.
        var desired: Bool { !self.subscribers.isEmpty }
    }

    let broker: any Broker
    let channels = Mutex([String: Entry]())
    let logger: Logger

    /// Creates the fan-out and installs itself as the broker's delivery and resubscribed handler.
    ///
    /// - Parameters:
    ///   - broker: Carries events between nodes.
    ///   - logger: Where subscription failures and resyncs are logged.
    public init(broker: any Broker, logger: Logger) {
        self.broker = broker
        self.logger = logger
        broker.setDeliveryHandler { [weak self] channel, event in
            self?.deliver(event, on: channel)
        }
        broker.setResubscribedHandler { [weak self] channels in
            self?.resync(channels)
        }
    }

    /// Publishes an event through the broker: to this node's subscribers and to every other subscribed node.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - channel: The channel name.
    public func publish(_ event: FanOutEvent, to channel: String) async throws {
        try await self.broker.publish(event, to: channel)
    }

    /// Delivers an event that arrived for a channel to every local subscriber of it.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - channel: The channel name.
    public func deliver(_ event: FanOutEvent, on channel: String) {
        let targets = self.channels.withLock { map in map[channel].map { Array($0.subscribers.values) } ?? [] }
        for target in targets {
            target.receive(event, on: channel)
        }
    }

    /// After the broker lost and regained its subscriptions, asks every local subscriber of those channels to
    /// resync them: one ``FanOutSubscriber/resync(_:)`` call per subscriber, with its channels sorted.
    ///
    /// - Parameter names: The re-subscribed channels.
    public func resync(_ names: [String]) {
        var perSubscriber: [ObjectIdentifier: (any FanOutSubscriber, [String])] = [:]
        self.channels.withLock { map in
            for name in names {
                for (id, subscriber) in map[name]?.subscribers ?? [:] {
                    perSubscriber[id, default: (subscriber, [])].1.append(name)
                }
            }
        }
        guard !perSubscriber.isEmpty else { return }
        self.logger.notice("broker resubscribed; asking clients to resync", metadata: ["parley.channels": "\(names.count)"])
        for (subscriber, names) in perSubscriber.values {
            subscriber.resync(names.sorted())
        }
    }

    /// How many local subscribers a channel has.
    ///
    /// - Parameter channel: The channel name.
    public func subscriberCount(_ channel: String) -> Int {
        self.channels.withLock { $0[channel]?.subscribers.count ?? 0 }
    }
}
