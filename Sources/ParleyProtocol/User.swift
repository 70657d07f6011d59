/// A user as the API shows it: `{id, email, displayName, role, createdAt}`.
public struct User: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var displayName: String
    public var role: Role
    public var createdAt: Timestamp

    public init(id: String, email: String, displayName: String, role: Role, createdAt: Timestamp) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.role = role
        self.createdAt = createdAt
    }
}
