public import Logging
public import ParleyBroker
public import ParleyProtocol
public import ParleyStorage
public import ServiceLifecycle

/// The notification inbox: stores notifications, delivers them live on the recipient's `user:` channel (a
/// `notification` event, across nodes through the broker), and serves the inbox's REST routes and streams.
///
/// Other domains call ``notify(userIds:kind:title:body:data:)``, or store a notification inside their own
/// transaction with `Store.insertNotification(userId:kind:title:body:data:on:)` and hand it to
/// ``deliver(_:)`` once that commits. As a service it turns new chat messages into `message` notifications for
/// offline recipients (``messageStored(_:recipients:)``), off the sender's path.
public final class NotificationService: Service {
    let store: Store
    let fanOut: FanOut
    let presence: any PresenceStore
    /// The settings (streams read them through the service).
    public let configuration: NotificationsConfiguration
    let logger: Logger
    let jobs: AsyncStream<MessageJob>
    let jobQueue: AsyncStream<MessageJob>.Continuation

    /// A new message and the recipients to check.
    struct MessageJob: Sendable {
        var message: Message
        var recipients: [String]
    }

    /// - Parameters:
    ///   - store: Where notifications are kept.
    ///   - fanOut: This node's fan-out (the same as chat's), for the live `notification` event.
    ///   - presence: Who is online across the cluster: a message notifies only recipients who are not.
    ///   - configuration: Stream limits and the message queue's size.
    ///   - logger: Where failures are logged (they are never thrown to the caller of ``notify``).
    public init(
        store: Store, fanOut: FanOut, presence: any PresenceStore, configuration: NotificationsConfiguration, logger: Logger
    ) {
        self.store = store
        self.fanOut = fanOut
        self.presence = presence
        self.configuration = configuration
        self.logger = logger
        (self.jobs, self.jobQueue) = AsyncStream.makeStream(
            of: MessageJob.self, bufferingPolicy: .bufferingOldest(configuration.notificationQueue))
    }

    /// Stores one notification per user (each in its own transaction) and delivers each live. Failures are
    /// logged, never thrown: a notification must not fail the request that caused it.
    /// - Parameters:
    ///   - userIds: The recipients (duplicates are notified once).
    ///   - kind: What it is about.
    ///   - title: 1…200 characters.
    ///   - body: At most 2000 characters.
    ///   - data: String ids of what it is about (keys from ``ParleyProtocol/NotificationKind/dataKeys``).
    public func notify(userIds: [String], kind: NotificationKind, title: String, body: String, data: [String: String]) async {
        var seen = Set<String>()
        for userId in userIds where seen.insert(userId).inserted {
            do {
                let stored = try await store.insertNotification(userId: userId, kind: kind, title: title, body: body, data: data)
                await publish(stored)
            } catch {
                logger.error(
                    "notification not stored",
                    metadata: ["parley.user": "\(userId)", "parley.notification.kind": "\(kind)", "error": "\(error)"])
            }
        }
    }

    /// Delivers live notifications that another module stored in its own transaction (after it committed). Each
    /// is looked up for its cursor; one that is not found, or not the user's, is logged and skipped.
    /// - Parameter notifications: The recipients and their stored notifications.
    public func deliver(_ notifications: [(userId: String, notification: UserNotification)]) async {
        for (userId, notification) in notifications {
            do {
                guard let stored = try await store.storedNotification(id: notification.id), stored.userId == userId else {
                    logger.error("notification to deliver not found", metadata: ["parley.notification": "\(notification.id)"])
                    continue
                }
                await publish(stored)
            } catch {
                logger.error("notification not delivered", metadata: ["parley.notification": "\(notification.id)", "error": "\(error)"])
            }
        }
    }

    /// Publishes the `notification` event on the owner's `user:` channel. It is stored already: a lost event is
    /// found in the inbox, or by a stream's replay.
    func publish(_ stored: StoredNotification) async {
        let event = ServerEvent.Notification(cursor: String(stored.cursor), notification: stored.notification)
        let channel = ChannelName.user(stored.userId).name
        do {
            try await fanOut.publish(FanOutEvent(frame: ServerFrame.event(event)), to: channel)
        } catch {
            logger.error("notification publish failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
        }
    }
}
