import Synchronization

/// The single-node broker: a publish is delivered straight back to this node, synchronously, when it is subscribed.
public final class InProcessBroker: Broker {
    struct State {
        var deliver: (@Sendable (String, FanOutEvent) -> Void)?
        var channels: Set<String> = []
    }

    let state = Mutex(State())

    /// Creates a broker with no subscriptions.
    public init() {}

    /// Stores the delivery handler.
    public func setDeliveryHandler(_ deliver: @escaping @Sendable (String, FanOutEvent) -> Void) {
        self.state.withLock { $0.deliver = deliver }
    }

    /// Ignores the handler: an in-process broker never loses its subscriptions.
    public func setResubscribedHandler(_ handler: @escaping @Sendable ([String]) -> Void) {}

    /// Delivers the event through the delivery handler before returning, when this node is subscribed to `channel`.
    public func publish(_ event: FanOutEvent, to channel: String) async throws {
        let deliver = self.state.withLock { $0.channels.contains(channel) ? $0.deliver : nil }
        deliver?(channel, event)
    }

    /// Subscribes at once.
    public func subscribe(_ channels: [String]) async throws {
        self.state.withLock { $0.channels.formUnion(channels) }
    }

    /// Unsubscribes at once.
    public func unsubscribe(_ channels: [String]) async throws {
        self.state.withLock { $0.channels.subtract(channels) }
    }
}
