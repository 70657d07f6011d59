import Foundation
import Logging
public import ParleyStorage

/// The databases tests run on: every store test on both, the domain suites on the one `PARLEY_TEST_STORE` names
/// (the test command runs them once on each).
public enum StoreKind: String, CaseIterable, Sendable {
    case sqlite, postgres

    /// SQLite always; PostgreSQL when `PARLEY_TEST_POSTGRES_URL` is set, and always under `CI=true` (where a
    /// missing server then fails the case).
    public static var enabled: [StoreKind] { TestEnvironment.postgres.shouldRun ? [.sqlite, .postgres] : [.sqlite] }

    /// The database `PARLEY_TEST_STORE` names (`sqlite` by default).
    public static var current: StoreKind { StoreKind(rawValue: TestEnvironment.store) ?? .sqlite }

    /// Runs `body` with a migrated store of a fresh database of this kind, with the provider running.
    public func withStore<T: Sendable>(
        _ configure: (inout StorageConfiguration) -> Void = { _ in }, _ body: (Store) async throws -> T
    ) async throws -> T {
        try await withProvider(configure) { provider in
            let logger = TestEnvironment.logger("store-test")
            try await Migrations.run(on: provider, logger: logger)
            try await Migrations.run(on: provider, logger: logger)  // idempotent
            return try await body(Store(provider: provider, logger: logger))
        }
    }

    /// Runs `body` with a fresh, unmigrated database of this kind while its provider runs.
    public func withProvider<T: Sendable>(
        _ configure: (inout StorageConfiguration) -> Void = { _ in }, _ body: (any DatabaseProvider) async throws -> T
    ) async throws -> T {
        var configuration = TestEnvironment.storage
        configure(&configuration)
        let logger = TestEnvironment.logger("store-test")
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            // A folder that does not exist yet: makeProvider creates it.
            let provider = try await configuration.makeProvider(sqlitePath: folder.path + "/data/parley.sqlite", logger: logger)
            return try await provider.whileRunning { try await body(provider) }
        case .postgres:
            return try await TestPostgres.withFreshDatabase { url in
                configuration.postgresURL = url
                let provider = try await configuration.makeProvider(sqlitePath: "/nonexistent/unused", logger: logger)
                guard provider.kind == "postgres" else { throw TestServer.Missing(variable: TestEnvironment.postgres.variable) }
                return try await provider.whileRunning { try await body(provider) }
            }
        }
    }
}
