import Foundation
import Logging
import ParleyProtocol
import ParleyStorage
import Testing

/// The storage conformance suite: every test runs against SQLite and PostgreSQL.
@Suite("Storage")
struct StoreTests {
    static let kinds = ["sqlite", "postgres"]

    func withStore(_ kind: String, _ body: (Store) async throws -> Void) async throws {
        let logger = Logger(label: "store-test")
        let provider: any DatabaseProvider
        var drop: (@Sendable () async -> Void)?
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        if kind == "postgres" {
            guard TestServers.postgresURL != nil || TestServers.isCI else {
                print("skipping PostgreSQL store test: PARLEY_TEST_POSTGRES_URL is not set")
                return
            }
            let database = try await TestServers.freshPostgresDatabase()
            // These tests check results under concurrency, not the pool's 5 s wait (StoreFailureTests covers that).
            provider = try PostgresProvider(url: database.url, timeout: .seconds(60), logger: logger)
            drop = database.drop
        } else {
            provider = try await SQLiteProvider(path: path, logger: logger)
        }
        try await Migrations.run(on: provider, logger: logger)
        try await Migrations.run(on: provider, logger: logger)  // idempotent
        do {
            try await body(Store(provider: provider, logger: logger))
        } catch {
            try? await provider.shutdown()
            await drop?()
            throw error
        }
        try await provider.shutdown()
        await drop?()
    }

    @Test(arguments: kinds) func aHeldMessageIsStoredWithItsFlagAndDoesNotLiftItsConversation(kind: String) async throws {
        try await withStore(kind) { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let first = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            try await Task.sleep(for: .milliseconds(5))   // strictly later activity (millisecond clock)
            let second = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let flag = Flag(
                id: Store.newID(), status: "pending", categories: ["phone"], senderId: a.id, conversationId: first.id,
                messageId: nil, original: "ring 07812 559 301", moderated: "ring [phone removed]",
                findings: [FlagFinding(category: "phone", start: 5, end: 18)], createdAt: .now())
            let held = try await store.insertMessage(
                conversationId: first.id, senderId: a.id, body: "ring [phone removed]", clientMsgId: "h",
                moderation: ModerationInfo(action: ModerationInfo.heldAction, categories: ["phone"]), flag: flag)
            #expect(try await store.flag(id: flag.id)?.messageId == held.message.id, "the flag is stored with the message")
            #expect(try await store.conversations(for: b.id, limit: 10, cursor: nil).items.map(\.id) == [second.id, first.id])
            #expect(try await store.messages(conversationId: first.id, window: .newest, limit: 10, visibleTo: b.id).isEmpty)
            #expect(try await store.messages(conversationId: first.id, window: .newest, limit: 10, visibleTo: a.id).count == 1)
            _ = try await store.insertMessage(
                conversationId: first.id, senderId: a.id, body: "hello", clientMsgId: "n", moderation: .none)
            #expect(try await store.conversations(for: b.id, limit: 10, cursor: nil).items.map(\.id) == [first.id, second.id])
        }
    }

    @Test(arguments: kinds) func concurrentSendersGetGaplessUniqueSeqs(kind: String) async throws {
        try await withStore(kind) { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let c = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in [a.id, b.id] {
                    for i in 0..<50 {
                        group.addTask {
                            _ = try await store.insertMessage(
                                conversationId: c.id, senderId: sender, body: "m\(i)", clientMsgId: "\(sender)-\(i)", moderation: .none)
                            // every message is retried once, concurrently with others
                            let again = try await store.insertMessage(
                                conversationId: c.id, senderId: sender, body: "m\(i)", clientMsgId: "\(sender)-\(i)", moderation: .none)
                            #expect(again.created == false)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await store.messages(conversationId: c.id, window: .after(0), limit: 1000, visibleTo: "")
            #expect(all.map(\.seq) == Array(1...100))
            #expect(Set(all.map(\.clientMsgId)).count == 100)
        }
    }

    @Test(arguments: kinds) func clientMsgIdReusedInAnotherConversationIsAConflict(kind: String) async throws {
        try await withStore(kind) { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let c1 = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let c2 = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            _ = try await store.insertMessage(conversationId: c1.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            await #expect(throws: StorageError.self) {
                try await store.insertMessage(conversationId: c2.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            }
            // the failed attempt consumed no seq
            let next = try await store.insertMessage(conversationId: c2.id, senderId: a.id, body: "y", clientMsgId: "k2", moderation: .none)
            #expect(next.message.seq == 1)
            await #expect(throws: StorageError.self) {
                try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            }
        }
    }

    /// Several nodes starting at once against one PostgreSQL migrate it exactly once.
    @Test func concurrentMigrationsOnPostgresAreSafe() async throws {
        guard TestServers.postgresURL != nil || TestServers.isCI else {
            print("skipping: PARLEY_TEST_POSTGRES_URL is not set")
            return
        }
        let database = try await TestServers.freshPostgresDatabase()
        let logger = Logger(label: "migrate-test")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let provider = try PostgresProvider(url: database.url, logger: logger)
                    try await Migrations.run(on: provider, logger: logger)
                    try await provider.shutdown()
                }
            }
            try await group.waitForAll()
        }
        let provider = try PostgresProvider(url: database.url, logger: logger)
        let versions = try await provider.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(column: "n", as: Int64.self)
        }
        #expect(versions == Int64(Migrations.latestVersion), "each migration applied exactly once")
        try await provider.shutdown()
        await database.drop()
    }
}
