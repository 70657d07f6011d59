import Foundation
import Logging
import ParleyStorage

/// Throwaway PostgreSQL databases on the server of `PARLEY_TEST_POSTGRES_URL` (see ``TestEnvironment/postgres``):
/// each test gets a database of its own.
public enum TestPostgres {
    /// A fresh, empty database: its URL, and how to drop it.
    /// - Throws: ``TestServer/Missing`` when `PARLEY_TEST_POSTGRES_URL` is not set (so a test under `CI=true` fails).
    public static func freshDatabase() async throws -> (url: String, drop: @Sendable () async -> Void) {
        let admin = try TestEnvironment.postgres.requireURL()
        let name = "parley_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await onServer(admin) { try await $0.createDatabase(named: name) }
        guard var parts = URLComponents(string: admin) else { throw TestServer.Missing(variable: TestEnvironment.postgres.variable) }
        parts.path = "/" + name
        guard let url = parts.string else { throw TestServer.Missing(variable: TestEnvironment.postgres.variable) }
        return (url, { try? await onServer(admin) { try await $0.dropDatabase(named: name) } })
    }

    /// Runs `body` with the URL of a fresh database, and drops the database afterwards (also when `body` throws).
    public static func withFreshDatabase<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let database = try await freshDatabase()
        do {
            let value = try await body(database.url)
            await database.drop()
            return value
        } catch {
            await database.drop()
            throw error
        }
    }

    /// Runs `body` with a provider of the server's administrative database.
    static func onServer(_ url: String, _ body: (PostgresProvider) async throws -> Void) async throws {
        let provider = try PostgresProvider(url: url, configuration: TestEnvironment.storage, logger: TestEnvironment.logger("test-postgres"))
        try await provider.whileRunning { try await body(provider) }
    }
}
