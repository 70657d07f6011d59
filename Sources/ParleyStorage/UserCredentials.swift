public import ParleyProtocol

/// A user with the stored password hash, for login.
public struct UserCredentials: Sendable {
    public var user: User
    public var passwordHash: String?
}
