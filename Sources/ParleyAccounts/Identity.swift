import ParleyProtocol

/// Who is calling, as proven by a verified token.
public struct Identity: Sendable, Equatable {
    public var userId: String
    public var role: Role
    /// When the token expires, in milliseconds since the epoch.
    public var expiresAt: Int64

    public var isAdmin: Bool { role == .admin }
}
