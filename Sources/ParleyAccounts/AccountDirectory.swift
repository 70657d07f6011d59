import Foundation
import HummingbirdBcrypt
import NIOPosix
public import ParleyProtocol
public import ParleyStorage

/// The accounts in a ``Store``: the rules of emails and passwords, and hashing. It needs no token service, so
/// `parley users create` can add an account with only a store and a bcrypt cost.
public struct AccountDirectory: Sendable {
    let store: Store
    let bcryptCost: UInt8

    /// - Parameters:
    ///   - store: Where accounts are kept.
    ///   - bcryptCost: The bcrypt cost of new passwords, 4…16.
    public init(store: Store, bcryptCost: Int) {
        precondition((4...16).contains(bcryptCost), "bcrypt cost must be 4…16")
        self.store = store
        self.bcryptCost = UInt8(bcryptCost)
    }

    /// Creates an account of any role (an operator's way to make an admin).
    /// - Throws: `ParleyError` `badRequest` for a malformed email or a password outside 8…72 bytes,
    ///   `conflict` when the email is taken.
    public func createAccount(email: String, password: String, displayName: String, role: Role) async throws -> User {
        let email = try Self.validEmail(email)
        try Self.checkPassword(password)
        let name = try Self.validDisplayName(displayName)
        let hash = try await hashPassword(password)
        do {
            return try await store.createUser(email: email, passwordHash: hash, displayName: name, role: role)
        } catch let error as StorageError where error.code == .conflict {
            throw ParleyError(.conflict, error.message)
        }
    }

    /// A bcrypt hash of `password`, computed on bcrypt's own threads.
    func hashPassword(_ password: String) async throws -> String {
        try await BcryptPool.shared.hash(password, cost: bcryptCost)
    }

    /// The email trimmed and lower-cased, or `badRequest`.
    static func validEmail(_ raw: String) throws -> String {
        try TextRules.checkControls(raw, field: "email")
        let email = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace)
        else { throw ParleyError.badRequest("field 'email' is not a valid email address") }
        return email
    }

    /// `badRequest` unless the password is 8…72 bytes (bcrypt reads at most 72).
    static func checkPassword(_ password: String) throws {
        guard password.utf8.count >= 8, password.utf8.count <= 72 else {
            throw ParleyError.badRequest("field 'password' must be 8…72 bytes")
        }
        // bcrypt reads a C string: a NUL would silently end the password there.
        try TextRules.checkControls(password, field: "password")
    }

    /// The display name without surrounding white space: 1…100 characters, at most 400 bytes, no control characters
    /// or bidirectional overrides.
    static func validDisplayName(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw ParleyError.badRequest("field 'displayName' must be 1…100 characters") }
        try TextRules.checkBytes(name, field: "displayName", maxBytes: 400)
        try TextRules.checkDisplayText(name, field: "displayName")
        return name
    }
}
