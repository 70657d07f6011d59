import Foundation
import HummingbirdBcrypt
import NIOPosix
public import ParleyProtocol
public import ParleyStorage
import Synchronization

/// Accounts: registration, login, and turning a bearer token into an ``Identity``.
public final class AccountService: Sendable {
    let directory: AccountDirectory
    let tokens: TokenService
    /// External identities already provisioned locally, so each costs one database lookup per process.
    let knownExternal = Mutex(Set<String>())
    /// A hash to verify against when the email is unknown, so a login takes as long either way.
    let decoyHash: String
    /// Registrations per client address per hour.
    let registrations: WindowLimit
    /// Failed logins per account and per client address, within 15 minutes.
    let accountFailures: WindowLimit
    let addressFailures: WindowLimit

    var store: Store { directory.store }

    /// - Parameters:
    ///   - store: Where accounts are kept.
    ///   - tokens: Issues and verifies tokens.
    ///   - bcryptCost: The bcrypt cost of new passwords, 4…16.
    ///   - limits: The registration and login throttles (`registrationsPerHour`, `loginFailures`,
    ///     `loginFailuresPerIp`); the defaults when omitted.
    public init(store: Store, tokens: TokenService, bcryptCost: Int, limits: AccountsConfiguration = .init()) {
        self.directory = AccountDirectory(store: store, bcryptCost: bcryptCost)
        self.tokens = tokens
        self.decoyHash = Bcrypt.hash("parley-decoy-password", cost: UInt8(bcryptCost))
        self.registrations = WindowLimit(limit: limits.registrationsPerHour, window: 3600)
        self.accountFailures = WindowLimit(limit: limits.loginFailures, window: 900)
        self.addressFailures = WindowLimit(limit: limits.loginFailuresPerIp, window: 900)
    }

    /// Registers a buyer or seller and signs them in.
    /// - Throws: `ParleyError` `badRequest` (email, password, display name), `forbidden` for the admin role;
    ///   ``StorageError`` `conflict` when the email is taken.
    /// - Parameter clientAddress: The caller's network address, for the per-address limit (nil: not limited).
    public func register(
        email: String, password: String, displayName: String, role: Role, clientAddress: String? = nil
    ) async throws -> SignedIn {
        if let clientAddress {
            try registrations.check(clientAddress, what: "registrations from this address")
            registrations.record(clientAddress)
        }
        let email = try AccountDirectory.validEmail(email)
        try AccountDirectory.checkPassword(password)
        let name = try AccountDirectory.validDisplayName(displayName)
        guard role != .admin else { throw ParleyError.forbidden("the admin role cannot be registered; an operator creates admins") }
        let hash = try await directory.hashPassword(password)
        let user = try await store.createUser(email: email, passwordHash: hash, displayName: name, role: role)
        return SignedIn(user: user, token: try await tokens.issue(userId: user.id, role: user.role).token)
    }

    /// Creates an account of any role; see ``AccountDirectory/createAccount(email:password:displayName:role:)``.
    public func createAccount(email: String, password: String, displayName: String, role: Role) async throws -> User {
        try await directory.createAccount(email: email, password: password, displayName: displayName, role: role)
    }

    /// Logs in; any mismatch is `unauthorized` without saying which part was wrong. After `loginFailures` failures
    /// of an account (or `loginFailuresPerIp` of an address) within 15 minutes, its logins are `rate_limited` until
    /// the oldest failure is 15 minutes old; a success clears the account's failures.
    /// - Parameter clientAddress: The caller's network address, for the per-address limit (nil: not limited).
    public func login(email: String, password: String, clientAddress: String? = nil) async throws -> SignedIn {
        let account = email.lowercased()
        try accountFailures.check(account, what: "failed logins for this account")
        if let clientAddress { try addressFailures.check(clientAddress, what: "failed logins from this address") }
        let credentials = try await store.credentials(email: account)
        let hash = credentials?.passwordHash ?? decoyHash
        let ok = try await BcryptPool.shared.verify(password, hash: hash)
        guard ok, let user = credentials?.user, credentials?.passwordHash != nil else {
            accountFailures.record(account)
            if let clientAddress { addressFailures.record(clientAddress) }
            throw ParleyError.unauthorized("email or password is wrong")
        }
        accountFailures.reset(account)
        return SignedIn(user: user, token: try await tokens.issue(userId: user.id, role: user.role).token)
    }

    /// Verifies a bearer token; provisions the local row of an external identity on first sight.
    ///
    /// An admin claim of a local token counts only while the database still says the user is an admin (a demoted
    /// admin's token carries `role: admin` until it expires).
    /// - Throws: `ParleyError` `unauthorized` for a token that is invalid, expired or forged.
    public func authenticate(token: String) async throws -> Identity {
        var (identity, claims, external) = try await tokens.verify(token)
        if external, !knownExternal.withLock({ $0.contains(identity.userId) }) {
            guard identity.userId.count <= 128 + ExternalTokenRules.subjectPrefix.count else {
                throw ParleyError.unauthorized("token subject is too long")
            }
            _ = try await store.ensureExternalUser(
                id: identity.userId, email: claims.email, displayName: claims.name, role: identity.role)
            knownExternal.withLock { _ = $0.insert(identity.userId) }
        }
        if !external, identity.role == .admin {
            guard let user = try await store.user(id: identity.userId) else {
                throw ParleyError.unauthorized("the token's account no longer exists")
            }
            identity.role = user.role
        }
        return identity
    }

    /// The account with this id.
    /// - Throws: `ParleyError` `notFound` when there is none.
    public func user(id: String) async throws -> User {
        guard let user = try await store.user(id: id) else { throw ParleyError.notFound("user not found") }
        return user
    }
}
