import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ParleyAccounts
import ParleyNotifications
import ParleyProtocol
import ServiceLifecycle

/// `GET /v1/notifications/stream`: the caller's notifications as server-sent events.
///
/// The stream subscribes to the user's channel *before* it replays what was stored after `Last-Event-ID`, so
/// nothing stored meanwhile falls between replay and live; live events at or below the highest replayed cursor
/// are dropped as duplicates (one user's notifications commit in cursor order, so the replay holds them or their
/// newer version).
struct NotificationStreamRoute {
    let notifications: NotificationService
    let streams: StreamRegistry

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("notifications/stream") { request, context in
            let userId = try context.caller().userId
            // The header a reconnecting EventSource sends, or `?lastEventId=` for clients that cannot set headers.
            let lastEventId = try (request.headers[.lastEventID] ?? request.uri.queryParameters.get("lastEventId")).map {
                try NotificationService.parseCursor($0.trimmingCharacters(in: .whitespaces), parameter: "Last-Event-ID")
            }
            let stream = NotificationStream(userId: userId, capacity: notifications.configuration.streamQueue)
            try streams.add(stream)
            do {
                try await notifications.subscribe(stream, userId: userId)
            } catch {
                streams.remove(stream)
                throw error
            }
            let writer = NotificationStreamWriter(
                notifications: notifications, stream: stream, logger: context.logger,
                heartbeat: .seconds(notifications.configuration.streamHeartbeat))
            let (notifications, streams) = (self.notifications, self.streams)
            let body = ResponseBody { responseWriter in
                // The stream ends on graceful shutdown (the drainer also closes it, before the server stops).
                await withGracefulShutdownHandler {
                    await writer.run(after: lastEventId ?? 0, replay: lastEventId != nil, to: &responseWriter)
                } onGracefulShutdown: {
                    stream.close()
                }
                await notifications.unsubscribe(stream, userId: userId)
                streams.remove(stream)
                try? await responseWriter.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}

extension HTTPField.Name {
    /// `Last-Event-ID`: the id of the last server-sent event a reconnecting client received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}
