import SQLKit

extension PostgresProvider {
    /// Creates an empty database on this provider's server (provisioning, and a database per test).
    /// - Parameter name: Lower-case letters, digits and `_`, starting with a letter; at most 63 characters.
    /// - Throws: ``StorageError`` `invalid` for any other name.
    public func createDatabase(named name: String) async throws {
        try Self.checkDatabaseName(name)
        try await withConnection { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
    }

    /// Drops a database of this provider's server if it exists, closing its connections first.
    /// - Parameter name: As for ``createDatabase(named:)``.
    public func dropDatabase(named name: String) async throws {
        try Self.checkDatabaseName(name)
        try await withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
    }

    static func checkDatabaseName(_ name: String) throws {
        let allowed = name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
        guard allowed, name.utf8.count <= 63, let first = name.utf8.first, first >= UInt8(ascii: "a") else {
            throw StorageError(.invalid, "a database name must be lower-case letters, digits and _, starting with a letter")
        }
    }
}
