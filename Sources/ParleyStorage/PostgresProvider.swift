import Foundation
public import Logging
import NIOCore
import PostgresKit
import PostgresNIO
public import SQLKit
import ServiceLifecycle
import Synchronization

/// Cluster mode's store: a PostgreSQL connection pool (postgres-nio) behind the same SQL as SQLite.
///
/// Queries wait for a connection only while ``run()`` runs the pool (as a service, or through
/// ``DatabaseProvider/whileRunning(_:)``).
public final class PostgresProvider: DatabaseProvider {
    let client: PostgresClient
    /// How long a query waits for a connection before it fails as `unavailable`.
    let waitTimeout: TimeAmount
    /// How long ``run()`` waits for the pool to stop once it is told to.
    let stopGrace: TimeAmount
    /// The loop that keeps the wait deadlines.
    let deadlineLoop: any EventLoop
    /// Wait deadlines scheduled and not yet cancelled or fired (what a finished query must not leave behind).
    let pendingDeadlines = Atomic<Int>(0)
    let logger: Logger
    public var kind: String { "postgres" }

    /// A pool for the database at `url`; nothing connects before ``run()``.
    /// - Parameters:
    ///   - url: `postgres://user:pass@host:port/db`.
    ///   - configuration: Pool size, connect timeout and wait timeout (its `postgresURL` is not read).
    ///   - logger: Logger for the pool.
    /// - Throws: ``StorageError`` (`invalid`) for a malformed URL.
    public init(url: String, configuration: StorageConfiguration = .init(), logger: Logger) throws {
        self.client = PostgresClient(
            configuration: try Self.clientConfiguration(url: url, storage: configuration), backgroundLogger: logger)
        self.waitTimeout = .seconds(Int64(configuration.waitTimeout))
        self.stopGrace = .seconds(2)
        self.deadlineLoop = PostgresClient.defaultEventLoopGroup.next()
        self.logger = logger
    }

    /// The connection settings in a `postgres://user:pass@host:port/db` URL, with the pool settings.
    static func clientConfiguration(url: String, storage: StorageConfiguration) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), parts.scheme == "postgres" || parts.scheme == "postgresql",
            let host = parts.host, !host.isEmpty
        else { throw StorageError(.invalid, "postgres-url must look like postgres://user:pass@host:port/db") }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        var config = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: parts.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        config.options.maximumConnections = storage.poolSize
        config.options.connectTimeout = .seconds(Int64(storage.connectTimeout))
        config.options.additionalStartupParameters = [("statement_timeout", "\(storage.statementTimeout)s")]
        return config
    }

    /// Leases a connection for `body`. The wait for a connection is bounded by the wait timeout (then
    /// `unavailable`); a query already running is not. The lease runs in its own task so a pool that does not
    /// honour cancellation can never hold the caller hostage; an abandoned lease runs nothing. The deadline is
    /// cancelled as soon as a connection is leased.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = self.client
        let state = LeaseState<T>()
        return try await withCheckedThrowingContinuation { continuation in
            state.install(continuation)
            let work = Task {
                do {
                    let value = try await client.withConnection { connection in
                        guard state.markLeased() else { throw StorageError(.unavailable, "database unavailable") }
                        return try await body(connection.sql(queryLogLevel: Logger.Level?.none))
                    }
                    state.finish(.success(value))
                } catch let error as PSQLError where error.serverInfo == nil {
                    state.finish(.failure(StorageError(.unavailable, "database connection failed")))
                } catch let error as PSQLError where DriverErrors.isTransient(error) {
                    state.finish(.failure(StorageError(.unavailable, "transient database error; retry")))
                } catch {
                    state.finish(.failure(error))
                }
            }
            state.arm {
                let deadline = deadlineLoop.scheduleTask(in: waitTimeout) {
                    if state.abandonIfWaiting() { work.cancel() }
                }
                pendingDeadlines.add(1, ordering: .relaxed)
                deadline.futureResult.whenComplete { _ in self.pendingDeadlines.subtract(1, ordering: .relaxed) }
                return deadline
            }
        }
    }

    /// Wait deadlines still scheduled once the deadline loop has run what was queued before: zero when no query
    /// is waiting for a connection.
    func pendingDeadlineCount() async throws -> Int {
        try await deadlineLoop.submit {}.get()
        return pendingDeadlines.load(ordering: .relaxed)
    }

    public func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    /// A session-level advisory lock on one pinned connection while `body` migrates through others.
    public func withMigrationLock<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
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
}
