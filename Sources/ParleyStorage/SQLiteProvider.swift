import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded default: one SQLite connection (WAL journal), used by one unit of work at a time.
public final class SQLiteProvider: DatabaseProvider {
    let connection: SQLiteConnection
    let database: any SQLDatabase
    let lock = AsyncLock()
    public var kind: String { "sqlite" }

    /// Opens (creating if needed) the database file.
    /// - Parameters:
    ///   - path: The file, or `:memory:`.
    ///   - logger: Logger for the connection.
    public init(path: String, logger: Logger) async throws {
        let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
        self.connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        self.database = connection.sql()
        try await database.raw("PRAGMA journal_mode=WAL").run()
        try await database.raw("PRAGMA foreign_keys=ON").run()
        try await database.raw("PRAGMA busy_timeout=5000").run()
    }

    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = database
        return try await lock.withLock { try await body(db) }
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        String(reflecting: error).contains("UNIQUE constraint failed")
    }

    /// One process owns the file; its connection lock already serializes migrations.
    public func withMigrationLock<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await body()
    }

    public func shutdown() async throws {
        try await lock.withLock { try await self.connection.close() }
    }
}
