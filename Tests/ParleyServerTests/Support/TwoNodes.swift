import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ParleyProtocol
@testable import ParleyServer

/// Two hub nodes in this process on their own ports, sharing one Redis and one fresh PostgreSQL database.
enum TwoNodes {
    static var available: Bool { TestServers.postgresURL != nil && TestServers.redisURL != nil }
    static var enabled: Bool { available || TestServers.isCI }

    static func run(
        redisURL: String? = nil,
        configure: (inout HubConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestHub, TestHub) async throws -> Void
    ) async throws {
        guard let redis = redisURL ?? TestServers.redisURL else { throw TestServers.Missing(variable: "PARLEY_TEST_REDIS_URL") }
        let database = try await TestServers.freshPostgresDatabase()
        let prefix = "t\(UUID().uuidString.prefix(8)):"
        func config() -> HubConfiguration {
            var c = HubConfiguration()
            c.port = 0
            c.bcryptCost = 4
            c.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-node-\(UUID().uuidString)").path
            c.jwtSecret = "cluster-secret-that-is-at-least-32-bytes!!"
            c.postgresURL = database.url
            c.redisURL = redis
            c.redisPrefix = prefix
            c.rateLimit = 100_000
            c.rateBurst = 100_000
            c.outboundQueue = 10_000
            configure(&c)
            return c
        }
        var logger = Logger(label: "two-nodes")
        logger.logLevel = ProcessInfo.processInfo.environment["PARLEY_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        let first = try await Hub.make(config: config(), logger: logger)
        let second = try await Hub.make(config: config(), logger: logger)
        do {
            try await first.application().test(.live) { a in
                try await second.application().test(.live) { b in
                    try await body(TestHub(client: a, hub: first), TestHub(client: b, hub: second))
                }
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}
