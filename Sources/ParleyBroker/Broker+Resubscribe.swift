/// A broker that can lose its subscriptions (a network broker) and restore them after reconnecting.
///
/// After a reconnect the broker re-subscribes every channel the node was subscribed to and then calls the
/// handler with those channels: events published while it was disconnected were missed, so the hub should tell
/// clients to resync them (`{"type":"resync","channels":[…]}`).
public protocol ResubscribingBroker: Broker {
    /// Sets the closure called with the channels re-subscribed after a reconnect. Called once, before use.
    ///
    /// - Parameter handler: Receives the hub channel names (without any broker prefix); must not block.
    func setResubscribedHandler(_ handler: @escaping @Sendable (_ channels: [String]) -> Void)
}

extension Broker {
    /// Sets the closure called with the channels re-subscribed after a reconnect, when the broker is a
    /// ``ResubscribingBroker``; a no-op for brokers that never lose subscriptions, such as ``InProcessBroker``.
    ///
    /// - Parameter handler: Receives the hub channel names; must not block.
    public func setResubscribedHandler(_ handler: @escaping @Sendable (_ channels: [String]) -> Void) {
        (self as? any ResubscribingBroker)?.setResubscribedHandlerIfResubscribing(handler)
    }
}

extension ResubscribingBroker {
    // Routes through the protocol requirement (dynamic dispatch) rather than the `Broker` extension above.
    fileprivate func setResubscribedHandlerIfResubscribing(_ handler: @escaping @Sendable ([String]) -> Void) {
        let resubscribing: some ResubscribingBroker = self
        resubscribing.setResubscribedHandler(handler)
    }
}
