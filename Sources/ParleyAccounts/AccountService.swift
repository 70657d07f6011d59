import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import ParleyProtocol
import ParleyStorage
import Synchronization

/// Accounts: registration, login, and turning a bearer token into an ``Identity``.
public final class AuthService: Sendable {
    let store: Store
    let tokens: TokenService
    let bcryptCost: UInt8
    /// External identities already provisioned locally, so each costs one database lookup per process.
    let knownExternal = Mutex(Set<String>())
    /// A hash to verify against when the email is unknown, so a login takes as long either way.
    let decoyHash: String

    init(store: Store, tokens: TokenService, bcryptCost: Int) {
        self.store = store
        self.tokens = tokens
        self.bcryptCost = UInt8(bcryptCost)
        self.decoyHash = Bcrypt.hash("parley-decoy-password", cost: UInt8(bcryptCost))
    }

    /// An account and a token for it.
    public struct Session: Encodable, Sendable {
        public var user: User
        public var token: String
    }

    /// Registers a buyer or seller.
    func register(email: String, password: String, displayName: String, role: Role) async throws -> Session {
        let email = try Self.validEmail(email)
        try Self.checkPassword(password)
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw ParleyError.badRequest("field 'displayName' must be 1…100 characters") }
        guard role != .admin else { throw ParleyError.forbidden("the admin role cannot be registered; an operator creates admins") }
        let hash = try await hashPassword(password)
        let user = try await store.createUser(email: email, passwordHash: hash, displayName: name, role: role)
        return Session(user: user, token: try await tokens.issue(userId: user.id, role: user.role).token)
    }

    /// Creates an account of any role (the `parley users create` command).
    func createAccount(email: String, password: String, displayName: String, role: Role) async throws -> User {
        let email = try Self.validEmail(email)
        try Self.checkPassword(password)
        return try await store.createUser(
            email: email, passwordHash: try await hashPassword(password), displayName: displayName, role: role)
    }

    /// Logs in; any mismatch is `unauthorized` without saying which part was wrong.
    func login(email: String, password: String) async throws -> Session {
        let credentials = try await store.credentials(email: email.lowercased())
        let hash = credentials?.passwordHash ?? decoyHash
        let ok = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard ok, let user = credentials?.user, credentials?.passwordHash != nil else {
            throw ParleyError.unauthorized("email or password is wrong")
        }
        return Session(user: user, token: try await tokens.issue(userId: user.id, role: user.role).token)
    }

    /// Verifies a bearer token; provisions the local row of an external identity on first sight.
    func authenticate(token: String) async throws -> Identity {
        let (identity, claims, external) = try await tokens.verify(token)
        if external, !knownExternal.withLock({ $0.contains(identity.userId) }) {
            guard identity.userId.count <= 128 else { throw ParleyError.unauthorized("token subject is too long") }
            _ = try await store.ensureExternalUser(
                id: identity.userId, email: claims.email, displayName: claims.name, role: identity.role)
            knownExternal.withLock { _ = $0.insert(identity.userId) }
        }
        return identity
    }

    func hashPassword(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func validEmail(_ raw: String) throws -> String {
        let email = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else { throw ParleyError.badRequest("field 'email' is not a valid email address") }
        return email
    }

    static func checkPassword(_ password: String) throws {
        guard password.utf8.count >= 8, password.utf8.count <= 72 else {
            throw ParleyError.badRequest("field 'password' must be 8…72 bytes")
        }
    }
}
