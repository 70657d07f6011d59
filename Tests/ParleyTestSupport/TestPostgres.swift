import Foundation
import Logging
import ParleyStorage

/// Real servers for tests: the test command starts them and exports their URLs.
enum TestServers {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var isCI: Bool { environment["CI"] == "true" }
    static var postgresURL: String? { environment["PARLEY_TEST_POSTGRES_URL"] }
    static var redisURL: String? { environment["PARLEY_TEST_REDIS_URL"] }
    /// `postgres` when the suite should run against PostgreSQL instead of SQLite.
    static var store: String { environment["PARLEY_TEST_STORE"] ?? "sqlite" }

    struct Missing: Error, CustomStringConvertible {
        var variable: String
        var description: String { "\(variable) is not set: start the test servers (scripts/test does)" }
    }

    /// A fresh, empty PostgreSQL database: its URL and how to drop it.
    static func freshPostgresDatabase() async throws -> (url: String, drop: @Sendable () async -> Void) {
        guard let admin = postgresURL else { throw Missing(variable: "PARLEY_TEST_POSTGRES_URL") }
        let name = "parley_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let logger = Logger(label: "test-postgres")
        let adminProvider = try PostgresProvider(url: admin, logger: logger)
        try await adminProvider.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        try await adminProvider.shutdown()
        var parts = URLComponents(string: admin)!
        parts.path = "/" + name
        return (
            parts.string!,
            {
                guard let provider = try? PostgresProvider(url: admin, logger: logger) else { return }
                try? await provider.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                try? await provider.shutdown()
            }
        )
    }
}
