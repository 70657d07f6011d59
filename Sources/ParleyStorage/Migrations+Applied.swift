import ParleyProtocol
import SQLKit

extension Migrations {
    /// The migrations a database has applied, by version.
    /// - Parameter provider: The database, migrated at least once by ``run(on:logger:)``; it must be running.
    public static func applied(on provider: any DatabaseProvider) async throws -> [AppliedMigration] {
        try await provider.withConnection { db in
            try await db.raw("SELECT version, applied_at FROM schema_migrations ORDER BY version").all().map { row in
                AppliedMigration(
                    version: Int(try row.int64("version")), appliedAt: Timestamp(milliseconds: try row.int64("applied_at")))
            }
        }
    }
}

extension Store {
    /// Whether the schema is at ``Migrations/latestVersion`` (false before the node migrated, or when the database
    /// cannot be asked): background work waits for it.
    public func isMigrated() async -> Bool {
        do {
            return try await provider.withConnection { db in
                try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()?.decode(column: "v", as: Int?.self)
            } ?? 0 >= Migrations.latestVersion
        } catch {
            return false
        }
    }
}
