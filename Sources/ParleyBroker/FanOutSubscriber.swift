/// A local recipient of fan-out events: one WebSocket connection.
public protocol FanOutSubscriber: AnyObject, Sendable {
    /// Takes an event without waiting: a subscriber that cannot keep up handles overflow itself.
    ///
    /// - Parameters:
    ///   - event: The event, shared by every recipient.
    ///   - channel: The channel it was published to.
    func receive(_ event: FanOutEvent, on channel: String)

    /// Tells the subscriber that events on these channels may have been missed (the broker lost and regained its
    /// subscriptions), so its client should resubscribe with `afterSeq`. Must not wait.
    ///
    /// - Parameter channels: The subscriber's affected channels, sorted.
    func resync(_ channels: [String])
}
