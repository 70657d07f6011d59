/// Carries events between hub nodes.
///
/// The seam: publish an event to a channel; subscribe or unsubscribe *this node* to channel names. Events arriving
/// for a subscribed channel go to the `deliver` closure given at start, which fans out to local connections.
/// ``InProcessBroker`` serves one node; a Redis broker serves many.
public protocol Broker: Sendable {
    /// Sets the closure that receives every event for a channel this node subscribed to. Called once, before use.
    func setDeliveryHandler(_ deliver: @escaping @Sendable (_ channel: String, _ event: HubEvent) -> Void)
    /// Publishes an event to every node subscribed to the channel, this one included.
    func publish(_ event: HubEvent, to channel: String) async throws
    /// Subscribes this node to channels.
    func subscribe(_ channels: [String]) async throws
    /// Unsubscribes this node from channels.
    func unsubscribe(_ channels: [String]) async throws
    /// Whether events travel to other nodes. When false the hub delivers locally and never publishes.
    var isDistributed: Bool { get }
}

extension Broker {
    public var isDistributed: Bool { true }
}
