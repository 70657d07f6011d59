/// Carries events between hub nodes.
///
/// The seam: publish an event to a channel; subscribe or unsubscribe *this node* to channel names. Events arriving
/// for a subscribed channel go to the delivery handler, which fans them out to local connections (``FanOut``).
/// ``InProcessBroker`` serves one node; a Redis broker serves many.
public protocol Broker: Sendable {
    /// Sets the closure that receives every event for a channel this node subscribed to. Called once, before use.
    ///
    /// - Parameter deliver: Receives the channel name and the event; runs on the broker's thread and must not block.
    func setDeliveryHandler(_ deliver: @escaping @Sendable (_ channel: String, _ event: FanOutEvent) -> Void)

    /// Sets the closure called with the channels re-subscribed after the broker lost and regained its subscriptions
    /// (a network broker reconnecting). Events published meanwhile were missed, so local clients should resync those
    /// channels. A broker that never loses subscriptions, such as ``InProcessBroker``, never calls it.
    /// Called once, before use.
    ///
    /// - Parameter handler: Receives the channel names (without any broker prefix); must not block.
    func setResubscribedHandler(_ handler: @escaping @Sendable (_ channels: [String]) -> Void)

    /// Publishes an event to every node subscribed to the channel, this node included: when this node is
    /// subscribed, its delivery handler receives the event once.
    ///
    /// - Parameters:
    ///   - event: The event, with its routing facts.
    ///   - channel: The channel name.
    func publish(_ event: FanOutEvent, to channel: String) async throws

    /// Subscribes this node to channels and returns once the broker confirmed them: nothing published after it
    /// returns is missed. When it throws, the node is not subscribed to them.
    ///
    /// - Parameter channels: The channel names.
    func subscribe(_ channels: [String]) async throws

    /// Unsubscribes this node from channels; their delivery stops at once.
    ///
    /// - Parameter channels: The channel names.
    func unsubscribe(_ channels: [String]) async throws

    /// Whether the broker can carry events between nodes now (what `/readyz` reports).
    func isReachable() async -> Bool
}

extension Broker {
    /// A broker inside the process is always reachable.
    public func isReachable() async -> Bool { true }
}
