import Foundation
import ParleyNotifications
import ParleyProtocol
import ParleyTestSupport
import Synchronization
import Testing

@testable import ParleyServer

/// `GET /v1/notifications/stream` (server-sent events) against a real hub, read with an async NIO client.
@Suite("Notification stream")
struct NotificationStreamTests {
    static func open(_ hub: TestHub, _ account: TestHub.Account, lastEventId: String? = nil) async throws -> SSEClient {
        var headers = [("Authorization", "Bearer \(account.token)")]
        if let lastEventId { headers.append(("Last-Event-ID", lastEventId)) }
        let client = try await SSEClient.open(port: hub.port, path: "/v1/notifications/stream", headers: headers)
        #expect(try await client.status() == 200)
        // the opening comment: the stream is subscribed
        #expect(try await client.next()?.comment == "parley notifications")
        return client
    }

    static func notify(_ hub: TestHub, _ account: TestHub.Account, _ title: String) async {
        await hub.parley.notifications.notify(userIds: [account.id], kind: .orderStatus, title: title, body: "", data: ["orderId": "o"])
    }

    @Test func eventsArriveAndAReconnectReplaysWhatWasMissedOnce() async throws {
        try await TestHub.run { hub in
            let ana = try await hub.register()
            let first = try await Self.open(hub, ana)
            await Self.notify(hub, ana, "one")
            await Self.notify(hub, ana, "two")
            let one = try await first.nextEvent()
            #expect(one.id == "1")
            #expect(one.event == "notification")
            let data = try JSONValue.parse(Data((one.data ?? "").utf8))
            #expect(data["title"]?.string == "one")
            #expect(data["kind"]?.string == "order.status")
            #expect(data["readAt"]?.isNull == true)
            #expect(try await first.nextEvent().id == "2")
            first.close()

            await Self.notify(hub, ana, "three")
            await Self.notify(hub, ana, "four")
            let again = try await Self.open(hub, ana, lastEventId: "2")
            #expect(try await again.nextEvent().id == "3")
            #expect(try await again.nextEvent().id == "4")
            await Self.notify(hub, ana, "five")
            #expect(try await again.nextEvent().id == "5")
            #expect(await again.drainEvents().isEmpty, "nothing twice")
            again.close()
        }
    }

    @Test func aReconnectWhileNotificationsKeepComingHasNoGapAndNoDuplicate() async throws {
        try await TestHub.run { hub in
            let ana = try await hub.register()
            for n in 1...5 { await Self.notify(hub, ana, "before \(n)") }
            let writer = Task {
                for n in 1...30 { await Self.notify(hub, ana, "during \(n)") }
            }
            let stream = try await Self.open(hub, ana, lastEventId: "3")
            var ids: [Int] = []
            while ids.count < 32 {
                ids.append(Int(try await stream.nextEvent().id ?? "") ?? -1)
            }
            await writer.value
            ids += await stream.drainEvents().map { Int($0.id ?? "") ?? -1 }
            #expect(ids == Array(4...35))
            stream.close()
        }
    }

    @Test func heartbeatsComeAtTheConfiguredInterval() async throws {
        try await TestHub.run {
            $0.notifications.streamHeartbeat = 1
        } _: { hub in
            let ana = try await hub.register()
            let stream = try await Self.open(hub, ana)
            #expect(try await stream.next(timeout: .seconds(3))?.comment == "heartbeat")
            stream.close()
        }
    }

    @Test func streamsOverThePerUserLimitAreRefusedWith429() async throws {
        try await TestHub.run {
            $0.notifications.maxStreamsPerUser = 2
            $0.notifications.streamHeartbeat = 1
        } _: { hub in
            let ana = try await hub.register()
            let a = try await Self.open(hub, ana)
            let b = try await Self.open(hub, ana)
            let c = try await SSEClient.open(port: hub.port, path: "/v1/notifications/stream", headers: [("Authorization", "Bearer \(ana.token)")])
            #expect(try await c.status() == 429)
            #expect(try await eventually { c.finished })
            let error = try JSONValue.parse(Data(c.text.utf8))
            #expect(error["error"]?["code"]?.string == "rate_limited")
            // another user is not limited by ana's streams
            let ben = try await hub.register()
            let other = try await Self.open(hub, ben)
            // a closed stream frees its place (noticed at the next write: a heartbeat)
            a.close()
            #expect(
                try await eventuallyAsync(timeout: .seconds(5)) {
                    let d = try await SSEClient.open(
                        port: hub.port, path: "/v1/notifications/stream?access_token=\(ana.token)", headers: [])
                    defer { d.close() }
                    return try await d.status() == 200
                })
            b.close()
            other.close()
        }
    }

    @Test func aStreamNeedsAToken() async throws {
        try await TestHub.run { hub in
            let anonymous = try await SSEClient.open(port: hub.port, path: "/v1/notifications/stream", headers: [])
            #expect(try await anonymous.status() == 401)
            anonymous.close()
            let bad = try await SSEClient.open(
                port: hub.port, path: "/v1/notifications/stream", headers: [("Authorization", "Bearer nope")])
            #expect(try await bad.status() == 401)
            bad.close()
        }
    }

    @Test func openStreamsEndCleanlyWhenTheServerShutsDown() async throws {
        let holder = StreamHolder()
        try await TestHub.run { hub in
            let ana = try await hub.register()
            let stream = try await Self.open(hub, ana)
            holder.stream.withLock { $0 = stream }
        }
        let stream = try #require(holder.stream.withLock { $0 })
        #expect(try await eventually { stream.finished })
    }

    @Test func aSlowStreamIsEndedWhenItsQueueIsFull() {
        let stream = NotificationStream(userId: "u", capacity: 2)
        stream.push(.heartbeat)
        stream.push(.heartbeat)
        let before = stream.overflowed.load(ordering: .relaxed)
        #expect(!before)
        stream.push(.heartbeat)
        let after = stream.overflowed.load(ordering: .relaxed)
        #expect(after)
    }
}

/// Keeps a stream past the hub's life.
final class StreamHolder: Sendable {
    let stream = Mutex<SSEClient?>(nil)
}
