import Logging
import ServiceLifecycle
import NIOCore
import Synchronization

/// A local recipient of hub events: one WebSocket connection.
public protocol HubSubscriber: AnyObject, Sendable {
    /// Takes an event without waiting: a subscriber that cannot keep up handles overflow itself.
    func receive(_ event: HubEvent, on channel: String)
}

/// Fans events out to this node's connections and keeps the node subscribed at the broker to exactly the
/// channels that have at least one local subscriber.
public final class LocalHub: Service {
    struct Entry {
        var subscribers: [ObjectIdentifier: any HubSubscriber] = [:]
        /// The latest change of the node's broker subscription to this channel. Changes run one after another, so
        /// a subscribe racing the last unsubscribe can never leave the node unsubscribed with local subscribers.
        var change: Task<Void, any Error>?
    }

    let broker: any Broker
    let channels = Mutex([String: Entry]())
    let logger: Logger
    /// This node's name, stamped on what it publishes so it can skip its own echoes.
    public let node: String
    /// Events waiting to go to the other nodes, in publish order; drained by ``run()``.
    let outgoing: AsyncStream<(HubEvent, String)>
    let outgoingQueue: AsyncStream<(HubEvent, String)>.Continuation

    /// - Parameters:
    ///   - broker: Carries events between nodes.
    ///   - node: This node's name in the cluster.
    ///   - logger: Where subscription failures are logged.
    public init(broker: any Broker, node: String, logger: Logger) {
        self.broker = broker
        self.node = node
        self.logger = logger
        (outgoing, outgoingQueue) = AsyncStream.makeStream(of: (HubEvent, String).self, bufferingPolicy: .bufferingOldest(65536))
        broker.setDeliveryHandler { [weak self] channel, event in
            guard let self, event.origin != self.node else { return }
            self.deliver(event, on: channel)
        }
        broker.setResubscribedHandler { [weak self] channels in
            self?.resync(channels)
        }
    }

    /// Adds a local subscriber to a channel and returns once the node's broker subscription to it is confirmed
    /// (the first local subscriber starts it; later ones wait for it), so nothing published after this returns is
    /// missed. On failure the subscriber is removed again and the error is thrown.
    public func subscribe(_ subscriber: any HubSubscriber, to channel: String) async throws {
        let change = channels.withLock { map -> Task<Void, any Error>? in
            var entry = map[channel] ?? Entry()
            if entry.subscribers.isEmpty {
                entry.change = Self.chain(after: entry.change) { [broker] in try await broker.subscribe([channel]) }
            }
            entry.subscribers[ObjectIdentifier(subscriber)] = subscriber
            map[channel] = entry
            return entry.change
        }
        do {
            try await change?.value
        } catch {
            // Fail now: the broker clean-up (which may wait for a reconnect) goes on in the background.
            if let undo = remove(subscriber, from: channel) { Task { await self.settle(undo, channel) } }
            throw error
        }
    }

    /// Removes a local subscriber; unsubscribes the node at the broker when it was the last.
    public func unsubscribe(_ subscriber: any HubSubscriber, from channel: String) async {
        guard let change = remove(subscriber, from: channel) else { return }
        await settle(change, channel)
    }

    /// Removes a local subscriber; when it was the last, starts the broker unsubscribe and returns it.
    func remove(_ subscriber: any HubSubscriber, from channel: String) -> Task<Void, any Error>? {
        channels.withLock { map -> Task<Void, any Error>? in
            guard var entry = map[channel], entry.subscribers.removeValue(forKey: ObjectIdentifier(subscriber)) != nil else {
                return nil
            }
            defer { map[channel] = entry }
            guard entry.subscribers.isEmpty else { return nil }
            entry.change = Self.chain(after: entry.change) { [broker] in try await broker.unsubscribe([channel]) }
            return entry.change
        }
    }

    /// Waits for a broker unsubscribe, then forgets the channel unless someone subscribed again meanwhile.
    func settle(_ change: Task<Void, any Error>, _ channel: String) async {
        do {
            try await change.value
        } catch {
            logger.warning("broker unsubscribe failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
        }
        channels.withLock { map in
            if let entry = map[channel], entry.subscribers.isEmpty, entry.change == change { map[channel] = nil }
        }
    }

    /// Runs `operation` after `previous` has finished (whatever its outcome).
    static func chain(after previous: Task<Void, any Error>?, _ operation: @escaping @Sendable () async throws -> Void)
        -> Task<Void, any Error>
    {
        Task {
            _ = await previous?.result
            try await operation()
        }
    }

    /// Delivers an event to this node's subscribers at once and queues it for the other nodes, so a sender never
    /// waits on the broker and local sockets keep being served while it is down.
    public func publish(_ event: HubEvent, to channel: String) async throws {
        deliver(event, on: channel)
        guard broker.isDistributed else { return }
        var stamped = event
        stamped.origin = node
        if case .dropped = outgoingQueue.yield((stamped, channel)) {
            logger.error("broker queue full; event not sent to other nodes", metadata: ["parley.channel": "\(channel)"])
        }
    }

    /// Sends queued events to the broker in order until shutdown. A failed publish is logged: the event is stored,
    /// and clients on other nodes recover it after the broker's `resync`.
    public func run() async throws {
        guard broker.isDistributed else {
            try? await gracefulShutdown()
            return
        }
        for await (event, channel) in outgoing.cancelOnGracefulShutdown() {
            do {
                try await broker.publish(event, to: channel)
            } catch {
                logger.warning("publish to other nodes failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
            }
        }
    }

    /// After the broker lost and regained its subscriptions, tells every local subscriber of those channels to
    /// resubscribe with `afterSeq`: `{"type":"resync","channels":[…]}`, one frame per subscriber.
    public func resync(_ names: [String]) {
        var perSubscriber: [ObjectIdentifier: (any HubSubscriber, [String])] = [:]
        channels.withLock { map in
            for name in names {
                for (id, subscriber) in map[name]?.subscribers ?? [:] {
                    perSubscriber[id, default: (subscriber, [])].1.append(name)
                }
            }
        }
        guard !perSubscriber.isEmpty else { return }
        logger.notice("broker resubscribed; asking clients to resync", metadata: ["parley.channels": "\(names.count)"])
        for (subscriber, names) in perSubscriber.values {
            var frame = ByteBuffer(string: #"{"type":"resync","channels":["#)
            for (i, name) in names.sorted().enumerated() {
                if i > 0 { frame.writeString(",") }
                frame.writeString("\"\(name)\"")
            }
            frame.writeString("]}")
            subscriber.receive(HubEvent(frame: frame), on: "")
        }
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
