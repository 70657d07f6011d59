import Logging
import Synchronization

/// A local recipient of hub events: one WebSocket connection.
public protocol HubSubscriber: AnyObject, Sendable {
    /// Takes an event without waiting: a subscriber that cannot keep up handles overflow itself.
    func receive(_ event: HubEvent, on channel: String)
}

/// Fans events out to this node's connections and keeps the node subscribed at the broker to exactly the
/// channels that have at least one local subscriber.
public final class LocalHub: Sendable {
    struct Entry {
        var subscribers: [ObjectIdentifier: any HubSubscriber] = [:]
    }

    let broker: any Broker
    let channels = Mutex([String: Entry]())
    let logger: Logger

    /// - Parameters:
    ///   - broker: Carries events between nodes.
    ///   - logger: Where subscription failures are logged.
    public init(broker: any Broker, logger: Logger) {
        self.broker = broker
        self.logger = logger
        broker.setDeliveryHandler { [weak self] channel, event in
            self?.deliver(event, on: channel)
        }
    }

    /// Adds a local subscriber to a channel; subscribes the node at the broker if it is the first.
    public func subscribe(_ subscriber: any HubSubscriber, to channel: String) async throws {
        let first = channels.withLock { map -> Bool in
            let isFirst = map[channel] == nil
            map[channel, default: Entry()].subscribers[ObjectIdentifier(subscriber)] = subscriber
            return isFirst
        }
        if first {
            do {
                try await broker.subscribe([channel])
            } catch {
                await unsubscribe(subscriber, from: channel)
                throw error
            }
        }
    }

    /// Removes a local subscriber; unsubscribes the node at the broker when it was the last.
    public func unsubscribe(_ subscriber: any HubSubscriber, from channel: String) async {
        let last = channels.withLock { map -> Bool in
            guard var entry = map[channel] else { return false }
            entry.subscribers[ObjectIdentifier(subscriber)] = nil
            if entry.subscribers.isEmpty {
                map[channel] = nil
                return true
            }
            map[channel] = entry
            return false
        }
        if last {
            do {
                try await broker.unsubscribe([channel])
            } catch {
                logger.warning("broker unsubscribe failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
            }
        }
    }

    /// Publishes an event through the broker.
    public func publish(_ event: HubEvent, to channel: String) async throws {
        try await broker.publish(event, to: channel)
    }

    /// Delivers an event that arrived for a channel to every local subscriber of it.
    public func deliver(_ event: HubEvent, on channel: String) {
        let targets = channels.withLock { map in map[channel].map { Array($0.subscribers.values) } ?? [] }
        for target in targets {
            target.receive(event, on: channel)
        }
    }

    /// How many local subscribers a channel has.
    public func subscriberCount(_ channel: String) -> Int {
        channels.withLock { $0[channel]?.subscribers.count ?? 0 }
    }
}
