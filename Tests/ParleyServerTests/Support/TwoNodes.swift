import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ParleyAccounts
import ParleyChat
import ParleyProtocol
import ParleyRedis
import ParleyStorage
import ParleyTestSupport

@testable import ParleyServer

/// Two hub nodes in this process on their own ports, sharing one Redis and one fresh PostgreSQL database.
enum TwoNodes {
    static var available: Bool { TestEnvironment.postgres.url != nil && TestEnvironment.redis.url != nil }
    static var enabled: Bool { available || TestEnvironment.isCI }

    static func run(
        redisURL: String? = nil,
        configure: (inout HubConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestHub, TestHub) async throws -> Void
    ) async throws {
        let redis = try redisURL ?? TestEnvironment.redis.requireURL()
        let database = try await TestPostgres.freshDatabase()
        let prefix = "t\(UUID().uuidString.prefix(8)):"
        func config() -> HubConfiguration {
            var c = HubConfiguration()
            c.server.port = 0
            c.accounts.bcryptCost = 4
            c.accounts.registrationsPerHour = 10_000
            c.server.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-node-\(UUID().uuidString)").path
            c.accounts.jwtSecret = "cluster-secret-that-is-at-least-32-bytes!!"
            c.storage = TestEnvironment.storage
            c.storage.postgresURL = database.url
            c.redis.url = redis
            c.redis.prefix = prefix
            c.chat.rateLimit = 100_000
            c.chat.rateBurst = 100_000
            c.server.maxFramesPerSecond = 100_000
            c.server.frameBurst = 100_000
            c.server.outboundQueue = 10_000
            configure(&c)
            return c
        }
        var logger = Logger(label: "two-nodes")
        logger.logLevel = ProcessInfo.processInfo.environment["PARLEY_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        let first = try await ParleyHub.make(configuration: config(), logger: logger)
        let second = try await ParleyHub.make(configuration: config(), logger: logger)
        do {
            try await first.application().test(.live) { a in
                try await second.application().test(.live) { b in
                    try await body(TestHub(client: a, parley: first), TestHub(client: b, parley: second))
                }
            }
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}
