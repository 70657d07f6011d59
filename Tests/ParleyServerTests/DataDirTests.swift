import Foundation
import Logging
import ParleyAccounts
import ParleyStorage
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// The data dir holds the database and the JWT secret: only the hub's user may read them.
@Suite("Data dir")
struct DataDirTests {
    static func mode(_ path: String) throws -> Int {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func theDataDirAndItsFilesAreTheHubUsersOnly() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("parley-modes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = HubConfiguration()
        config.server.dataDir = root + "/data"
        config.accounts.bcryptCost = 4
        let hub = try await ParleyHub.make(configuration: config, logger: TestEnvironment.logger("modes"))
        try await hub.database.whileRunning {
            try await Migrations.run(on: hub.database, logger: TestEnvironment.logger("modes"))
            #expect(try Self.mode(root + "/data") == 0o700)
            #expect(try Self.mode(root + "/data/parley.sqlite") == 0o600)
            #expect(try Self.mode(root + "/data/parley.sqlite-wal") == 0o600, "SQLite's journal follows the database file")
            #expect(try Self.mode(root + "/data/jwt-secret") == 0o600)
        }
    }
}
