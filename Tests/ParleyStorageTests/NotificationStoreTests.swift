import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

/// The notification inbox's storage on both stores: writes inside another module's transaction, cursors, replay,
/// coalescing, limits.
@Suite("Storage: notifications")
struct NotificationStoreTests {
    @Test(arguments: StoreKind.enabled) func aNotificationCommitsOrRollsBackWithItsTransaction(kind: StoreKind) async throws {
        try await kind.withStore { store in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await store.provider.withTransaction { db in
                    _ = try await Store.insertNotification(
                        userId: "u1", kind: .orderStatus, title: "Paid", body: "", data: ["orderId": "o1"], on: db)
                    throw Rollback()
                }
            }
            #expect(try await store.unreadNotificationCount(userId: "u1") == 0)
            let kept = try await store.provider.withTransaction { db in
                try await Store.insertNotification(userId: "u1", kind: .review, title: "Review", body: "b", data: ["listingId": "l"], on: db)
            }
            let stored = try #require(try await store.storedNotification(id: kept.id))
            #expect(stored.userId == "u1")
            #expect(stored.notification == kept)
        }
    }

    @Test(arguments: StoreKind.enabled) func cursorsArePerUserAndReplayIsInOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            for n in 1...3 {
                try await store.insertNotification(userId: "a", kind: .orderStatus, title: "a\(n)", body: "", data: [:])
                try await store.insertNotification(userId: "b", kind: .orderStatus, title: "b\(n)", body: "", data: [:])
            }
            let replay = try await store.notifications(userId: "a", after: 1, limit: 10)
            #expect(replay.map(\.cursor) == [2, 3])
            #expect(replay.map(\.notification.title) == ["a2", "a3"])
            let page = try await store.notifications(userId: "b", unreadOnly: false, before: nil, limit: 2)
            #expect(page.items.map(\.title) == ["b3", "b2"])
            #expect(page.nextCursor == "2")
        }
    }

    @Test(arguments: StoreKind.enabled) func messageNotificationsCoalesceUntilRead(kind: StoreKind) async throws {
        try await kind.withStore { store in
            func message(_ id: String) -> Message {
                Message(
                    id: id, conversationId: "c1", seq: 1, senderId: "s", body: "b", clientMsgId: id, createdAt: .now(),
                    moderation: ModerationInfo(action: .none, categories: []))
            }
            let title: @Sendable (Int64) -> String = { "\($0) new" }
            let first = try await store.coalesceMessageNotification(userId: "u", message: message("m1"), preview: "one", title: title)
            let second = try await store.coalesceMessageNotification(userId: "u", message: message("m2"), preview: "two", title: title)
            #expect(second.notification.id == first.notification.id)
            #expect(second.cursor > first.cursor)
            #expect(second.notification.title == "2 new")
            #expect(second.notification.data == ["conversationId": "c1", "messageId": "m2"])
            #expect(try await store.notifications(userId: "u", after: 0, limit: 10).map(\.notification.body) == ["two"])
            _ = try await store.markAllNotificationsRead(userId: "u", at: .now())
            let third = try await store.coalesceMessageNotification(userId: "u", message: message("m3"), preview: "three", title: title)
            #expect(third.notification.id != first.notification.id)
            #expect(third.notification.title == "1 new")
        }
    }

    @Test(arguments: StoreKind.enabled) func fieldsOutsideTheLimitsAreRefused(kind: StoreKind) async throws {
        try await kind.withStore { (store: Store) async throws -> Void in
            let cases: [(NotificationKind, String, String, [String: String])] = [
                (NotificationKind(rawValue: "spam"), "t", "", [:]),
                (.review, "", "", [:]),
                (.review, String(repeating: "t", count: 201), "", [:]),
                (.review, "t", String(repeating: "b", count: 2001), [:]),
                (.review, "t", "", ["userId": "x"]),
                (.review, "t", "", ["orderId": ""]),
                (.review, "t\u{0}", "", [:]),
            ]
            for (notificationKind, title, body, data) in cases {
                await #expect(throws: (any Error).self) {
                    try await store.insertNotification(userId: "u", kind: notificationKind, title: title, body: body, data: data)
                }
            }
            #expect(try await store.unreadNotificationCount(userId: "u") == 0)
        }
    }
}
