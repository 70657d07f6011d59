public import Foundation
import Logging
public import ParleyStorage

/// A migrated SQLite store in a fresh temporary folder, for domain tests that need real storage.
public struct TestStore: Sendable {
    public let store: Store
    public let database: any DatabaseProvider
    let folder: String

    /// Opens and migrates a new database.
    public static func sqlite() async throws -> TestStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)").path
        let logger = TestEnvironment.logger("test-store")
        let database = try await StorageConfiguration().makeProvider(sqlitePath: folder + "/parley.sqlite", logger: logger)
        try await Migrations.run(on: database, logger: logger)
        return TestStore(store: Store(provider: database, logger: logger), database: database, folder: folder)
    }

    /// Runs `body` with a fresh store and removes it afterwards.
    public static func withSQLite<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        let test = try await sqlite()
        defer { try? FileManager.default.removeItem(atPath: test.folder) }
        return try await test.database.whileRunning { try await body(test.store) }
    }
}
