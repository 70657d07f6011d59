import Foundation
public import Logging
public import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// The embedded default: one SQLite connection (WAL journal), used by one unit of work at a time.
public final class SQLiteProvider: DatabaseProvider {
    let connection: SQLiteConnection
    let database: any SQLDatabase
    let lock = AsyncLock()
    public var kind: String { "sqlite" }
    public var beginTransaction: String { "BEGIN IMMEDIATE" }

    /// Opens (creating if needed) the database file. The folder must exist.
    /// - Parameters:
    ///   - path: The file, or `:memory:`.
    ///   - logger: Logger for the connection.
    public init(path: String, logger: Logger) async throws {
        // Created 0600 before SQLite opens it (SQLite would follow the umask); its -wal and -shm files take the
        // database file's mode.
        if path != ":memory:", !FileManager.default.fileExists(atPath: path),
            !FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        {
            throw StorageError(.unavailable, "cannot create the SQLite database at \(path)")
        }
        let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let database = connection.sql()
        do {
            try await database.raw("PRAGMA journal_mode=WAL").run()
            try await database.raw("PRAGMA foreign_keys=ON").run()
            try await database.raw("PRAGMA busy_timeout=5000").run()
            // Explicit, not the build's default: every commit is on disk before the message is acked.
            try await database.raw("PRAGMA synchronous=FULL").run()
        } catch {
            try? await connection.close().get()
            throw error
        }
        self.connection = connection
        self.database = database
    }

    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = database
        do {
            return try await lock.withLock { try await body(db) }
        } catch let error as SQLiteError where DriverErrors.isTransient(error) {
            throw StorageError(.unavailable, "the database is busy; retry")
        }
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        String(reflecting: error).contains("UNIQUE constraint failed")
    }

    /// One process owns the file; its connection lock already serializes migrations.
    public func withMigrationLock<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await body()
    }

    /// Waits for graceful shutdown (or cancellation), then closes the database once the unit of work in progress,
    /// if any, is done. The close is not cancellable: this task is usually cancelled by then.
    public func run() async throws {
        try? await gracefulShutdown()
        let connection = self.connection
        try await lock.withLock { try await connection.close().get() }
    }
}
