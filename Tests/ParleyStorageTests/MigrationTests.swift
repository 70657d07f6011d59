import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

@Suite("Storage: migrations")
struct MigrationTests {
    @Test(arguments: StoreKind.enabled) func eachMigrationRecordsWhenItWasApplied(kind: StoreKind) async throws {
        try await kind.withProvider { provider in
            let before = Timestamp.now().milliseconds
            try await Migrations.run(on: provider, logger: TestEnvironment.logger("migrations"))
            let after = Timestamp.now().milliseconds
            let applied = try await Migrations.applied(on: provider)
            #expect(applied.map(\.version) == Array(1...Migrations.latestVersion))
            for migration in applied {
                #expect((before...after).contains(migration.appliedAt.milliseconds), "applied_at is the time of the run")
            }
            try await Migrations.run(on: provider, logger: TestEnvironment.logger("migrations"))
            #expect(try await Migrations.applied(on: provider) == applied, "a second run applies nothing")
        }
    }

    /// Several nodes starting at once against one PostgreSQL migrate it exactly once.
    @Test(.enabled(if: TestEnvironment.postgres.shouldRun, Comment(rawValue: TestEnvironment.postgres.disabledReason)))
    func concurrentMigrationsOnPostgresAreSafe() async throws {
        try await TestPostgres.withFreshDatabase { url in
            let logger = TestEnvironment.logger("migrations")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let provider = try PostgresProvider(url: url, configuration: TestEnvironment.storage, logger: logger)
                        try await provider.whileRunning { try await Migrations.run(on: provider, logger: logger) }
                    }
                }
                try await group.waitForAll()
            }
            let provider = try PostgresProvider(url: url, configuration: TestEnvironment.storage, logger: logger)
            let applied = try await provider.whileRunning { try await Migrations.applied(on: provider) }
            #expect(applied.map(\.version) == Array(1...Migrations.latestVersion), "each migration applied exactly once")
        }
    }
}
