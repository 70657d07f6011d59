public import ParleyProtocol

/// Told when a decision changed a flagged message, so the message's domain can tell the people who see it.
public protocol ReviewListener: Sendable {
    /// A decision changed `message`; `wasHeld` when it was hidden from everyone but its sender until now.
    func messageChanged(_ message: Message, wasHeld: Bool) async
}
