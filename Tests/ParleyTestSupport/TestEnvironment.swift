import Foundation
public import Logging
public import ParleyStorage

/// The real servers a test may use, as the test command (`scripts/test`) exports them.
///
/// Present: the test runs. Absent locally: the test is disabled with ``TestServer/disabledReason`` naming the
/// variable. Absent with `CI=true`: the test runs and fails at ``TestServer/requireURL()``, naming the variable:
/// nothing is skipped in CI for a missing server.
public enum TestEnvironment {
    /// The process environment.
    public static var variables: [String: String] { ProcessInfo.processInfo.environment }
    /// Whether this is a CI run (`CI=true`).
    public static var isCI: Bool { variables["CI"] == "true" }

    /// The throwaway Redis of `scripts/test` (`PARLEY_TEST_REDIS_URL`).
    public static let redis = TestServer(variable: "PARLEY_TEST_REDIS_URL", what: "a redis-server")
    /// The throwaway PostgreSQL of `scripts/test` (`PARLEY_TEST_POSTGRES_URL`), a superuser's URL.
    public static let postgres = TestServer(variable: "PARLEY_TEST_POSTGRES_URL", what: "a PostgreSQL server")

    /// `postgres` when the hub suites should run on PostgreSQL (`PARLEY_TEST_STORE=postgres`), else `sqlite`.
    public static var store: String { variables["PARLEY_TEST_STORE"] ?? "sqlite" }

    /// Storage settings for tests. The whole suite starts well over a hundred tests at once on two cores, where the
    /// first PostgreSQL connection of a pool can take longer than the production default of 5 s to open; a test of
    /// the timeouts sets its own.
    public static var storage: StorageConfiguration {
        var configuration = StorageConfiguration()
        configuration.connectTimeout = 15
        configuration.waitTimeout = 30
        return configuration
    }

    /// A logger that prints nothing below `level` (tests never bootstrap logging).
    public static func logger(_ label: String, level: Logger.Level = .critical) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }

    /// A name unique to this run, for channels, keys and tables that tests must not share.
    public static func unique(_ base: String) -> String {
        "test:\(base):\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// One real server a test needs, named by the environment variable that holds its URL.
public struct TestServer: Sendable {
    /// The variable, e.g. `PARLEY_TEST_REDIS_URL`.
    public let variable: String
    let what: String

    /// The URL when set and not empty.
    public var url: String? { TestEnvironment.variables[variable].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether tests of this server run: when its URL is set, and always under `CI=true` (where they then fail).
    public var shouldRun: Bool { url != nil || TestEnvironment.isCI }

    /// Why the tests are disabled locally.
    public var disabledReason: String {
        "\(variable) is not set: start \(what) (scripts/test does) and export \(variable)"
    }

    /// The URL, or an error naming the variable (under `CI=true`, where the test must fail rather than skip).
    public func requireURL() throws -> String {
        guard let url else { throw Missing(variable: variable) }
        return url
    }

    /// A server the test needs is not there.
    public struct Missing: Error, CustomStringConvertible {
        public var variable: String
        public var description: String { "\(variable) is not set: start the test servers (scripts/test does)" }
    }
}
