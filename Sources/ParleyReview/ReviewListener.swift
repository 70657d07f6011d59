public import ParleyProtocol

/// Told when a decision changed a flagged message, so the message's domain can tell the people who see it.
public protocol ReviewListener: Sendable {
    /// A decision changed `message`; `wasHeld` when it was hidden from everyone but its sender until now.
    func messageChanged(_ message: Message, wasHeld: Bool) async

    /// A moderator decided on `flag` (already stored), so its sender can be told.
    func flagDecided(_ flag: Flag) async
}

extension ReviewListener {
    /// By default a decision is not announced.
    public func flagDecided(_ flag: Flag) async {}
}
