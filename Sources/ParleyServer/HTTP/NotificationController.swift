import Hummingbird
import ParleyAccounts
import ParleyNotifications
import ParleyProtocol

/// The notification inbox over REST: `GET /v1/notifications`, `GET /v1/notifications/unread-count`,
/// `POST /v1/notifications/{id}/read`, `POST /v1/notifications/read-all`. The caller's own inbox only.
struct NotificationController {
    let notifications: NotificationService

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        group.get("notifications") { request, context in
            let q = request.uri.queryParameters
            let unread: Bool
            switch q.get("unread") {
            case nil, "false": unread = false
            case "true": unread = true
            default: throw ParleyError.badRequest("parameter 'unread' must be true or false")
            }
            let page = try await notifications.notifications(
                userId: try context.caller().userId, unreadOnly: unread, cursor: q.get("cursor"),
                limit: try ConversationController.limit(request))
            return try JSONResponse.make(page)
        }
        group.get("notifications/unread-count") { _, context in
            try JSONResponse.make(["count": try await notifications.unreadCount(userId: try context.caller().userId)])
        }
        group.post("notifications/read-all") { _, context in
            try JSONResponse.make(["count": try await notifications.markAllRead(userId: try context.caller().userId)])
        }
        group.post("notifications/{id}/read") { _, context in
            let id = try context.parameters.require("id")
            guard id.utf8.count <= 128 else { throw ParleyError.notFound("notification not found") }
            return try JSONResponse.make(try await notifications.markRead(userId: try context.caller().userId, notificationId: id))
        }
    }
}
