import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyStorage

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

    /// Migration 3 (clientMsgId unique per sender and conversation) keeps every message stored under migration 2.
    @Test(arguments: StoreKind.enabled) func messagesSurviveTheClientMsgIdMigration(kind: StoreKind) async throws {
        try await kind.withProvider { provider in
            let logger = TestEnvironment.logger("migrations")
            try await provider.withMigrationLock { try await Migrations.runLocked(on: provider, logger: logger, through: 2) }
            let store = Store(provider: provider, logger: logger)
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let c1 = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let c2 = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let old = try await store.insertMessage(conversationId: c1.id, senderId: a.id, body: "kept", clientMsgId: "k", moderation: .none)
            // under migration 2 the key is per sender: another conversation collides
            await #expect(throws: (any Error).self) {
                try await store.insertMessage(conversationId: c2.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            }

            try await Migrations.run(on: provider, logger: logger)
            let history = try await store.messages(conversationId: c1.id, window: .after(0), limit: 10, visibleTo: a.id)
            #expect(history == [old.message], "the message is kept as it was")
            let moved = try await store.insertMessage(conversationId: c2.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            #expect(moved.created && moved.message.seq == 1)
            let retried = try await store.insertMessage(conversationId: c1.id, senderId: a.id, body: "kept", clientMsgId: "k", moderation: .none)
            #expect(!retried.created && retried.message == old.message)
            let next = try await store.insertMessage(conversationId: c1.id, senderId: b.id, body: "reply", clientMsgId: "k", moderation: .none)
            #expect(next.message.seq == 2, "seqs continue after the rebuilt table")
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
