import Foundation
import ParleyNotifications
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// Notifications across two nodes sharing Redis and PostgreSQL.
@Suite("Notification cluster", .enabled(if: TwoNodes.enabled, "PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL are not set"))
struct NotificationClusterTests {
    @Test func aNotificationCreatedOnOneNodeReachesAStreamAndASocketOnTheOther() async throws {
        try await TwoNodes.run { one, two in
            let ana = try await one.register()
            let stream = try await NotificationStreamTests.open(two, ana)
            let socket = try await two.socket(ana)
            await one.parley.notifications.notify(
                userIds: [ana.id], kind: .orderStatus, title: "Shipped", body: "", data: ["orderId": "o-1"])
            let event = try await stream.nextEvent()
            #expect(event.id == "1")
            #expect(try JSONValue.parse(Data((event.data ?? "").utf8))["title"]?.string == "Shipped")
            let (frame, _) = try await socket.expect("notification")
            #expect(frame["notification"]?["title"]?.string == "Shipped")
            #expect(await stream.drainEvents().isEmpty, "once")
            stream.close()
        }
    }
}
