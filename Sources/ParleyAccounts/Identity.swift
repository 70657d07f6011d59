public import ParleyProtocol

/// Who is calling, as proven by a verified token.
public struct Identity: Sendable, Equatable {
    public var userId: String
    public var role: Role
    /// When the token expires, in milliseconds since the epoch.
    public var expiresAt: Int64

    /// Whether the caller may use the moderation endpoints.
    public var isAdmin: Bool { role == .admin }

    /// - Parameters:
    ///   - userId: The token's subject.
    ///   - role: The caller's role.
    ///   - expiresAt: When the token expires, in milliseconds since the epoch.
    public init(userId: String, role: Role, expiresAt: Int64) {
        (self.userId, self.role, self.expiresAt) = (userId, role, expiresAt)
    }
}
