public import ParleyProtocol

/// An account and a token for it: the JSON `{user, token}` of registration and login.
public struct SignedIn: Encodable, Sendable {
    /// The account.
    public var user: User
    /// A bearer token for it.
    public var token: String
}
