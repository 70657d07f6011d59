import Foundation
import Logging
import ParleyAccounts
import ParleyTestSupport

@testable import ParleyServer

/// The settings of a hub a test runs itself (to stop it mid-test, or restart it) on a fixed free port, with its own
/// data dir; remove the dir with ``removeData(_:)``.
enum StandaloneHub {
    static func configuration(name: String, shutdownTimeout: Int) -> HubConfiguration {
        var config = HubConfiguration()
        config.server.port = freePort()
        config.accounts.bcryptCost = 4
        config.server.shutdownTimeout = shutdownTimeout
        config.server.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(name)-\(UUID().uuidString)").path
        config.accounts.jwtSecret = "\(name)-secret-that-is-at-least-32-bytes-long!"
        return config
    }

    static func logger(_ name: String) -> Logger {
        var logger = Logger(label: name)
        logger.logLevel = .warning
        return logger
    }

    static func removeData(_ config: HubConfiguration) { try? FileManager.default.removeItem(atPath: config.server.dataDir) }
}
