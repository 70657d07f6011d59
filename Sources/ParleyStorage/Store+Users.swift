public import ParleyProtocol
import SQLKit

extension Store {
    static let userColumns = "id, email, password_hash, display_name, role, created_at"

    static func user(from row: any SQLRow) throws -> User {
        User(
            id: try row.string("id"), email: try row.string("email"), displayName: try row.string("display_name"),
            role: Role(rawValue: try row.string("role")) ?? .buyer,
            createdAt: Timestamp(milliseconds: try row.int64("created_at")))
    }

    /// Creates an account; a taken email is a `conflict`.
    public func createUser(
        email: String, passwordHash: String?, displayName: String, role: Role, id: String = Store.newID()
    )
        async throws -> User
    {
        let user = User(id: id, email: email, displayName: displayName, role: role, createdAt: .now())
        do {
            try await provider.withConnection { db in
                try await db.raw(
                    """
                    INSERT INTO users (id, email, password_hash, display_name, role, created_at)
                    VALUES (\(bind: user.id), \(bind: user.email), \(bind: passwordHash), \(bind: user.displayName),
                            \(bind: user.role.rawValue), \(bind: user.createdAt.milliseconds))
                    """
                ).run()
            }
        } catch  where isUniqueViolation(error) {
            throw StorageError(.conflict, "an account with this email already exists")
        }
        return user
    }

    /// The account with this (lower-case) email, with its password hash.
    public func credentials(email: String) async throws -> UserCredentials? {
        try await provider.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT \(unsafeRaw: Store.userColumns) FROM users WHERE email = \(bind: email)"
                ).first()
            else { return nil }
            return UserCredentials(user: try Store.user(from: row), passwordHash: try row.optionalString("password_hash"))
        }
    }

    /// The account with this id.
    public func user(id: String) async throws -> User? {
        try await provider.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Store.userColumns) FROM users WHERE id = \(bind: id)").first()
                .map(Store.user(from:))
        }
    }

    /// Creates the local row for an identity issued by an external identity service, if it is missing.
    public func ensureExternalUser(id: String, email: String?, displayName: String?, role: Role) async throws -> User {
        if let existing = try await user(id: id) { return existing }
        do {
            return try await createUser(
                email: email?.lowercased() ?? "\(id)@external.invalid", passwordHash: nil,
                displayName: displayName ?? id, role: role, id: id)
        } catch let error as StorageError where error.code == .conflict {
            if let existing = try await user(id: id) { return existing }
            // The e-mail belongs to a local account: the external user is provisioned without it rather than locked
            // out (the two are different people as far as the hub can tell).
            return try await createUser(
                email: "\(id)@external.invalid", passwordHash: nil, displayName: displayName ?? id, role: role, id: id)
        }
    }

    /// Which of these user ids exist.
    public func existingUserIDs(_ ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await provider.withConnection { db in
            let rows = try await db.raw("SELECT id FROM users WHERE id IN (\(binds: ids))").all()
            return Set(try rows.map { try $0.string("id") })
        }
    }
}
