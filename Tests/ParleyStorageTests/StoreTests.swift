import Foundation
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

/// The storage conformance suite: every test runs against SQLite and PostgreSQL.
@Suite("Storage")
struct StoreTests {
    /// Stands for the PostgreSQL cases when they cannot run: disabled locally, with the variable named.
    @Test(.enabled(if: TestEnvironment.postgres.shouldRun, Comment(rawValue: TestEnvironment.postgres.disabledReason)))
    func thePostgreSQLCasesRun() throws {
        #expect(StoreKind.enabled.contains(.postgres))
        _ = try TestEnvironment.postgres.requireURL()
    }

    @Test(arguments: StoreKind.enabled) func aHeldMessageIsStoredWithItsFlagAndDoesNotLiftItsConversation(
        kind: StoreKind
    )
        async throws
    {
        try await kind.withStore { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let first = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            try await Task.sleep(for: .milliseconds(5))  // strictly later activity (millisecond clock)
            let second = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let flag = Flag(
                id: Store.newID(), status: .pending, categories: ["phone"], senderId: a.id, conversationId: first.id,
                messageId: nil, original: "ring 07812 559 301", moderated: "ring [phone removed]",
                findings: [FlagFinding(category: "phone", start: 5, end: 18)], createdAt: .now())
            let held = try await store.insertMessage(
                conversationId: first.id, senderId: a.id, body: "ring [phone removed]", clientMsgId: "h",
                moderation: ModerationInfo(action: .held, categories: ["phone"]), flag: flag)
            #expect(try await store.flag(id: flag.id)?.messageId == held.message.id, "the flag is stored with the message")
            #expect(try await store.conversations(for: b.id, limit: 10, cursor: nil).items.map(\.id) == [second.id, first.id])
            #expect(try await store.messages(conversationId: first.id, window: .newest, limit: 10, visibleTo: b.id).isEmpty)
            #expect(try await store.messages(conversationId: first.id, window: .newest, limit: 10, visibleTo: a.id).count == 1)
            _ = try await store.insertMessage(
                conversationId: first.id, senderId: a.id, body: "hello", clientMsgId: "n", moderation: .none)
            #expect(try await store.conversations(for: b.id, limit: 10, cursor: nil).items.map(\.id) == [first.id, second.id])
        }
    }

    @Test(arguments: StoreKind.enabled) func concurrentSendersGetGaplessUniqueSeqs(kind: StoreKind) async throws {
        // These check results under concurrency, not the pool's wait (PostgresProviderTests covers that).
        try await kind.withStore({ $0.waitTimeout = 60 }) { store in
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

    @Test(arguments: StoreKind.enabled) func aClientMsgIdIsUniquePerSenderAndConversation(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let c1 = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let c2 = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let first = try await store.insertMessage(conversationId: c1.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            // the same clientMsgId in another conversation is a new message there
            let other = try await store.insertMessage(conversationId: c2.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            #expect(other.created && other.message.seq == 1 && other.message.id != first.message.id)
            // and a retry in either conversation returns that conversation's message, storing nothing
            let retried = try await store.insertMessage(conversationId: c1.id, senderId: a.id, body: "x", clientMsgId: "k", moderation: .none)
            #expect(!retried.created && retried.message.id == first.message.id)
            let next = try await store.insertMessage(conversationId: c2.id, senderId: a.id, body: "y", clientMsgId: "k2", moderation: .none)
            #expect(next.message.seq == 2, "the retry consumed no seq")
            await #expect { try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer) } throws: {
                ($0 as? StorageError)?.code == .conflict
            }
        }
    }

    @Test(arguments: StoreKind.enabled) func aReachableDatabaseSaysSo(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(await store.isReachable())
        }
    }
}
