import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// One lease attempt: resumes its caller exactly once, with the result or with `unavailable` on timeout.
final class LeaseState<T: Sendable>: Sendable {
    struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var leased = false
        var abandoned = false
    }

    let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<T, any Error>) { state.withLock { $0.continuation = continuation } }

    /// Called with the connection in hand; false when the caller already gave up.
    func markLeased() -> Bool {
        state.withLock { s in
            if s.abandoned { return false }
            s.leased = true
            return true
        }
    }

    /// Gives up when no connection came in time; true when the caller was resumed with `unavailable`.
    func abandonIfWaiting() -> Bool {
        let continuation = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard !s.leased, !s.abandoned else { return nil }
            s.abandoned = true
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(throwing: StorageError(.unavailable, "no database connection in time"))
        return continuation != nil
    }

    func finish(_ result: Result<T, any Error>) {
        let continuation = state.withLock { s -> CheckedContinuation<T, any Error>? in
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(with: result)
    }
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

    /// Leases a connection for `body`. The wait for a connection is bounded by `timeout` (then `unavailable`);
    /// a query already running is not. The lease runs in its own task so a pool that does not honour
    /// cancellation can never hold the caller (or shutdown) hostage; an abandoned lease runs nothing.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let client = self.client
        let timeout = self.timeout
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
                } catch {
                    state.finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if state.abandonIfWaiting() { work.cancel() }
            }
        }
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

    /// Stops the pool. Does not wait for it: after a server restart postgres-nio's `run()` was seen not to return
    /// on cancellation, and a node must still be able to shut down.
    public func shutdown() async throws {
        runner.cancel()
    }
}
