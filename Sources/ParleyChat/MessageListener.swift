public import ParleyProtocol

/// Told about each new message chat stored and fanned out to its participants, so another domain (the
/// notification inbox) can act on it. Called on the sender's path: it must not wait.
public protocol MessageListener: Sendable {
    /// A new message visible to `recipients` (the participants other than its sender) was stored and published.
    func messageStored(_ message: Message, recipients: [String])
}
