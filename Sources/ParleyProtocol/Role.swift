/// An account role.
public enum Role: String, Codable, Sendable, CaseIterable {
    case buyer, seller, admin
}
