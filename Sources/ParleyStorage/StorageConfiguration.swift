public import Configuration
import Foundation
public import Logging
public import ParleySettings

/// Where the hub stores its data: SQLite in the data dir by default, PostgreSQL when a URL is set.
///
/// Keys read (under `parley.`): `postgres.url`, `postgres.poolSize`, `postgres.connectTimeout`, `postgres.waitTimeout`,
/// `postgres.statementTimeout`.
public struct StorageConfiguration: Sendable {
    static let postgresURLSetting = Setting.optionalString(
        "postgres.url", defaultText: "none (SQLite)", isSecret: true,
        "`postgres://user:pass@host:port/db`: store in PostgreSQL instead of SQLite")
    static let poolSizeSetting = Setting.int("postgres.poolSize", default: 16, "PostgreSQL connections per node at most")
    static let connectTimeoutSetting = Setting.int(
        "postgres.connectTimeout", default: 3, "seconds to open a PostgreSQL connection before it fails")
    static let statementTimeoutSetting = Setting.int(
        "postgres.statementTimeout", default: 30,
        "seconds one PostgreSQL statement may run before the server cancels it (`unavailable`)")
    static let waitTimeoutSetting = Setting.int(
        "postgres.waitTimeout", default: 5, "seconds a query waits for a pooled PostgreSQL connection before `unavailable`")

    /// `postgres://user:pass@host:port/db`: PostgreSQL instead of SQLite (cluster mode); nil for SQLite.
    public var postgresURL: String?
    /// PostgreSQL connections this node opens at most.
    public var poolSize = 16
    /// Seconds to open a PostgreSQL connection.
    public var connectTimeout = 3
    /// Seconds a query waits for a pooled connection before it fails as `unavailable` (a running query is not cut).
    public var waitTimeout = 5
    /// Seconds a statement may run before PostgreSQL cancels it.
    public var statementTimeout = 30

    /// The defaults: SQLite.
    public init() {}

    /// The declarations of the storage settings, for help texts and the README.
    public static var settings: [SettingInfo] {
        [postgresURLSetting.info, poolSizeSetting.info, connectTimeoutSetting.info, waitTimeoutSetting.info, statementTimeoutSetting.info]
    }

    /// Reads the keys listed above (`postgres.url`, `postgres.poolSize`, `postgres.connectTimeout`,
    /// `postgres.waitTimeout`, `postgres.statementTimeout`); a missing key keeps its default.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        self.init()
        postgresURL = Self.postgresURLSetting.read(reader)
        poolSize = Self.poolSizeSetting.read(reader)
        connectTimeout = Self.connectTimeoutSetting.read(reader)
        waitTimeout = Self.waitTimeoutSetting.read(reader)
        statementTimeout = Self.statementTimeoutSetting.read(reader)
    }

    /// Refuses settings that cannot work, naming the flag.
    /// - Throws: ``SettingError``.
    public func validate() throws {
        try SettingError.check((1...1000).contains(poolSize), "postgres-pool-size must be 1…1000")
        try SettingError.check((1...300).contains(connectTimeout), "postgres-connect-timeout must be 1…300 seconds")
        try SettingError.check((1...300).contains(waitTimeout), "postgres-wait-timeout must be 1…300 seconds")
        try SettingError.check((1...3600).contains(statementTimeout), "postgres-statement-timeout must be 1…3600 seconds")
        if let postgresURL {
            do { _ = try PostgresProvider.clientConfiguration(url: postgresURL, storage: self) } catch {
                throw SettingError("postgres-url must look like postgres://user:pass@host:port/db")
            }
        }
    }

    /// The database these settings describe; run it as a service (or through
    /// ``DatabaseProvider/whileRunning(_:)``) and run ``Migrations`` on it before use.
    /// - Parameters:
    ///   - sqlitePath: The SQLite file when no PostgreSQL URL is set; its folder is created when missing.
    ///   - logger: Logger for the database.
    public func makeProvider(sqlitePath: String, logger: Logger) async throws -> any DatabaseProvider {
        if let postgresURL {
            return try PostgresProvider(url: postgresURL, configuration: self, logger: logger)
        }
        if sqlitePath != ":memory:" {
            let folder = URL(fileURLWithPath: sqlitePath).deletingLastPathComponent().path
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        return try await SQLiteProvider(path: sqlitePath, logger: logger)
    }
}
