/// Why a client's document is not JSON that Parley accepts, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The byte offset where parsing stopped.
    public var offset: Int

    public var description: String { "\(message) at byte \(offset)" }
}
