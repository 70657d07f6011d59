/// What a token of the marketplace's identity service must carry to be accepted, and what it may grant.
public struct ExternalTokenRules: Sendable, Equatable {
    /// The required `iss`.
    public var issuer: String
    /// The required `aud` (one of the token's audiences).
    public var audience: String
    /// Whether a `role: admin` claim is honoured (off by default: the identity service's admins are not the hub's).
    public var allowsAdmins: Bool

    /// The prefix that keeps external subjects apart from local user ids: external `sub` "42" is user "ext:42",
    /// never the local user "42".
    public static let subjectPrefix = "ext:"

    public init(issuer: String, audience: String, allowsAdmins: Bool = false) {
        (self.issuer, self.audience, self.allowsAdmins) = (issuer, audience, allowsAdmins)
    }
}
