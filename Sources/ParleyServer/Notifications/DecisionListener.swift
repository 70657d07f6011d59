import ParleyChat
import ParleyNotifications
import ParleyProtocol
import ParleyReview

/// What a moderator's decision sets off: chat announces a changed message to its participants, and the flag's
/// sender gets a `moderation` notification.
struct DecisionListener: ReviewListener {
    let chat: ChatService
    let notifications: NotificationService

    func messageChanged(_ message: Message, wasHeld: Bool) async {
        await chat.messageChanged(message, wasHeld: wasHeld)
    }

    func flagDecided(_ flag: Flag) async {
        await notifications.flagDecided(flag)
    }
}
