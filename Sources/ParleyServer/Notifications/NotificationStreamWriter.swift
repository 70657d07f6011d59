import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import ParleyNotifications
import ParleyProtocol
import ParleyStorage
import Synchronization

/// Writes one notification stream: an opening comment, the replay after `Last-Event-ID`, then live events and
/// heartbeat comments until the client goes, the stream overflows or the server shuts down.
///
/// Each event is `id: <cursor>`, `event: notification`, `data: <the notification as JSON>` and a blank line.
struct NotificationStreamWriter: Sendable {
    let notifications: NotificationService
    let stream: NotificationStream
    let logger: Logger
    let heartbeat: Duration
    /// Stored notifications read per replay query.
    static let replayPage = 100

    /// Runs the stream; returns when it ends (errors end it and are logged at debug level: a gone client is normal).
    /// - Parameters:
    ///   - lastEventId: The client's `Last-Event-ID` (0 without one).
    ///   - replay: Whether to replay what was stored after it first.
    func run(after lastEventId: Int64, replay: Bool, to writer: inout any ResponseBodyWriter) async {
        do {
            // Sends the headers now, so the client knows the stream is live (it is subscribed already).
            try await writer.write(ByteBuffer(string: ": parley notifications\n\n"))
            // Live events at or below it were replayed (or replaced by a newer version that was).
            var watermark = lastEventId
            var highestSent = lastEventId
            if replay { watermark = try await replayStored(after: lastEventId, to: &writer) }
            highestSent = max(highestSent, watermark)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [stream, heartbeat] in
                    while true {
                        try await Task.sleep(for: heartbeat)
                        stream.push(.heartbeat)
                    }
                }
                for await item in stream.items {
                    switch item {
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    case .resync:
                        watermark = try await replayStored(after: highestSent, to: &writer)
                        highestSent = max(highestSent, watermark)
                    case .event(let frame):
                        let event = try JSONDecoder().decode(ServerEvent.Notification.self, from: Data(buffer: frame))
                        guard let cursor = Int64(event.cursor), cursor > watermark else { continue }
                        try await writer.write(try Self.encode(cursor: cursor, event.notification))
                        highestSent = max(highestSent, cursor)
                    }
                }
                group.cancelAll()
            }
        } catch {
            logger.debug("notification stream ended", metadata: ["parley.user": "\(stream.userId)", "error": "\(error)"])
        }
        if stream.overflowed.load(ordering: .relaxed) {
            logger.notice("slow notification stream closed", metadata: ["parley.user": "\(stream.userId)"])
        }
    }

    /// Writes every notification stored after `cursor`, page by page; returns the highest cursor written (or
    /// `cursor` when there was none).
    func replayStored(after cursor: Int64, to writer: inout any ResponseBodyWriter) async throws -> Int64 {
        var last = cursor
        while true {
            let page = try await notifications.replay(userId: stream.userId, after: last, limit: Self.replayPage)
            for stored in page {
                try await writer.write(try Self.encode(cursor: stored.cursor, stored.notification))
                last = stored.cursor
            }
            if page.count < Self.replayPage { return last }
        }
    }

    /// One server-sent event. The JSON has no raw line breaks, so it fits one `data:` line.
    static func encode(cursor: Int64, _ notification: UserNotification) throws -> ByteBuffer {
        var buffer = ByteBuffer(string: "id: \(cursor)\nevent: notification\ndata: ")
        var json = try ServerFrame.json(notification)
        buffer.writeBuffer(&json)
        buffer.writeString("\n\n")
        return buffer
    }
}
