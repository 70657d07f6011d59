import Synchronization

/// The single-node broker: a publish is delivered straight back to this node when it is subscribed.
public final class InProcessBroker: Broker {
    struct State {
        var deliver: (@Sendable (String, HubEvent) -> Void)?
        var channels: Set<String> = []
    }

    let state = Mutex(State())

    public init() {}

    /// One node: the hub delivers locally.
    public var isDistributed: Bool { false }

    public func setDeliveryHandler(_ deliver: @escaping @Sendable (String, HubEvent) -> Void) {
        state.withLock { $0.deliver = deliver }
    }

    public func publish(_ event: HubEvent, to channel: String) async throws {
        let deliver = state.withLock { $0.channels.contains(channel) ? $0.deliver : nil }
        deliver?(channel, event)
    }

    public func subscribe(_ channels: [String]) async throws {
        state.withLock { $0.channels.formUnion(channels) }
    }

    public func unsubscribe(_ channels: [String]) async throws {
        state.withLock { $0.channels.subtract(channels) }
    }
}
