import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

enum LeaseOutcome<T: Sendable>: Sendable {
    case done(T)
    case leased
}

/// Set once a pooled connection was handed out.
final class LeaseFlag: Sendable {
    let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Cluster mode's store: a PostgreSQL connection pool (postgres-nio) behind the same SQL as SQLite.
public final class PostgresProvider: DatabaseProvider {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let timeout: Duration
    let logger: Logger
    public var kind: String { "postgres" }

    /// The connection settings in a `postgres://user:pass@host:port/db` URL.
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql",
            let host = parts.host, !host.isEmpty
        else { throw StorageError(.invalid, "postgres-url must look like postgres://user:pass@host:port/db") }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        var config = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: parts.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        config.options.maximumConnections = 16
        config.options.connectTimeout = .seconds(3)
        return config
    }

    /// Starts the pool. Queries wait at most `timeout` for a connection; then they fail as `unavailable`.
    public init(url: String, timeout: Duration = .seconds(5), logger: Logger) throws {
        let client = PostgresClient(configuration: try Self.configuration(url: url), backgroundLogger: logger)
        self.client = client
        self.timeout = timeout
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let leased = LeaseFlag()
        let client = self.client
        let timeout = self.timeout
        do {
            // The group is awaited before returning, so `body` never outlives this call.
            return try await withoutActuallyEscaping(body) { body in
              try await withThrowingTaskGroup(of: LeaseOutcome<T>.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        leased.set()
                        let db = connection.sql(queryLogLevel: Logger.Level?.none)
                        return .done(try await body(db))
                    }
                }
                group.addTask {
                    // Only the wait for a connection is bounded, never a query already running.
                    try await Task.sleep(for: timeout)
                    guard leased.isSet else { throw StorageError(.unavailable, "no database connection within \(timeout)") }
                    return .leased
                }
                while let outcome = try await group.next() {
                    if case .done(let value) = outcome {
                        group.cancelAll()
                        return value
                    }
                }
                throw StorageError(.unavailable, "database unavailable")
              }
            }
        } catch let error as PSQLError where error.serverInfo == nil {
            // The connection failed or broke mid-query; nothing was acked on it.
            throw StorageError(.unavailable, "database connection failed")
        }
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    /// A session-level advisory lock on one pinned connection while `body` migrates through others.
    public func withMigrationLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withConnection { db in
            try await db.raw("SELECT pg_advisory_lock(7248213)").run()
            do {
                let value = try await body()
                try await db.raw("SELECT pg_advisory_unlock(7248213)").run()
                return value
            } catch {
                try? await db.raw("SELECT pg_advisory_unlock(7248213)").run()
                throw error
            }
        }
    }

    public func shutdown() async throws {
        runner.cancel()
        await runner.value
    }
}
