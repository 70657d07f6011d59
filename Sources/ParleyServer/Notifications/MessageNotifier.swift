import ParleyChat
import ParleyNotifications
import ParleyProtocol

/// Hands chat's new messages to the notification inbox (which notifies the recipients who are offline).
struct MessageNotifier: MessageListener {
    let notifications: NotificationService

    func messageStored(_ message: Message, recipients: [String]) {
        notifications.messageStored(message, recipients: recipients)
    }
}
