import Foundation
import Logging
import ParleyProtocol
import ParleyStorage
import Testing

@Suite("Storage")
struct StoreTests {
    func withStore(_ body: (Store) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let logger = Logger(label: "store-test")
        let provider = try await SQLiteProvider(path: path, logger: logger)
        try await Migrations.run(on: provider, logger: logger)
        try await Migrations.run(on: provider, logger: logger)  // idempotent
        try await body(Store(provider: provider, logger: logger))
        try await provider.shutdown()
    }

    @Test func concurrentSendersGetGaplessUniqueSeqs() async throws {
        try await withStore { store in
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
            let all = try await store.messages(conversationId: c.id, window: .after(0), limit: 1000)
            #expect(all.map(\.seq) == Array(1...100))
            #expect(Set(all.map(\.clientMsgId)).count == 100)
        }
    }

    @Test func clientMsgIdReusedInAnotherConversationIsAConflict() async throws {
        try await withStore { store in
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
}
