public import SQLKit
public import ServiceLifecycle

/// Hands out a database connection for a unit of work. SQLite and PostgreSQL each implement it once;
/// every query above it is written once, in SQL both understand.
///
/// A provider is a `Service`: its `run()` keeps the connections alive until graceful shutdown or cancellation and
/// then closes them. Run it in the application's service group, or around one piece of work with
/// ``whileRunning(_:)``.
public protocol DatabaseProvider: Service {
    /// Runs `body` with a connection that no other unit of work uses meanwhile.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// A short name for logs: `sqlite` or `postgres`.
    var kind: String { get }
    /// Whether an error is a uniqueness violation (each driver reports it its own way).
    func isUniqueViolation(_ error: any Error) -> Bool
    /// The statement that opens a transaction (SQLite takes its write lock at once, so a transaction never fails
    /// half-way because another writer came first).
    var beginTransaction: String { get }
    /// Runs `body` while holding the cluster-wide migration lock (so two nodes starting at once migrate once).
    func withMigrationLock<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T
}

extension DatabaseProvider {
    public var beginTransaction: String { "BEGIN" }

    /// Runs `body` inside a transaction on one pinned connection: COMMIT when it returns, ROLLBACK when it throws.
    public func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection { db in
            try await db.raw(SQLQueryString(beginTransaction)).run()
            do {
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Runs the provider beside `body` and stops it when `body` ends: for work outside a service group
    /// (the `parley users create` command, tests). The provider cannot be used again afterwards.
    /// - Parameter body: The work that uses the database.
    /// - Returns: What `body` returns.
    public func whileRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
