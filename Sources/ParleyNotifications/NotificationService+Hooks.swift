import Logging
import ParleyBroker
public import ParleyProtocol
import ParleyStorage
import ServiceLifecycle

extension NotificationService {
    /// Longest preview of a message in its notification's body, in characters.
    static let previewChars = 140

    /// A chat message was stored and fanned out: its recipients who are offline get (or see updated) the
    /// conversation's `message` notification. Never waits: the check runs on the service's queue, so the sender's
    /// path makes no extra query; a full queue drops the job with a log line.
    /// - Parameters:
    ///   - message: The stored message (visible to the recipients).
    ///   - recipients: The participants other than the sender.
    public func messageStored(_ message: Message, recipients: [String]) {
        guard !recipients.isEmpty else { return }
        if case .dropped = jobQueue.yield(MessageJob(message: message, recipients: recipients)) {
            logger.error("notification queue full; message notification dropped", metadata: ["parley.message": "\(message.id)"])
        }
    }

    /// A moderator decided on a flag: its sender is told (`moderation`, with `flagId` and, when the flag has
    /// them, `messageId` and `conversationId`).
    public func flagDecided(_ flag: Flag) async {
        var data = ["flagId": flag.id]
        if let messageId = flag.messageId { data["messageId"] = messageId }
        if let conversationId = flag.conversationId { data["conversationId"] = conversationId }
        let body =
            if flag.decision == .dismiss {
                "A moderator reviewed your message and allowed it."
            } else if flag.decision == .restrictSender {
                "A moderator reviewed your message; your sending is paused for a while."
            } else {
                "A moderator reviewed your message and kept the moderation."
            }
        await notify(userIds: [flag.senderId], kind: .moderation, title: "Moderation decision", body: body, data: data)
    }

    /// Makes the message notifications waiting in the queue until graceful shutdown.
    public func run() async throws {
        for await job in jobs.cancelOnGracefulShutdown() {
            // Bounded: a store or presence lookup that never answers must not hold the queue, nor the node's shutdown.
            do {
                try await withDeadline(.seconds(15)) { await self.notifyOffline(job) }
            } catch {
                logger.error("message notification gave up", metadata: ["parley.message": "\(job.message.id)", "error": "\(error)"])
            }
        }
    }

    func notifyOffline(_ job: MessageJob) async {
        let offline: [String]
        do {
            // Bounded: a presence store that never answers must not stall the queue (nor the node's shutdown).
            let (presence, recipients) = (self.presence, job.recipients)
            offline = try await withDeadline(.seconds(5)) { try await presence.states(recipients, now: .now()) }
                .filter { $0.state == .offline }.map(\.userId)
        } catch {
            logger.warning("presence unknown; no message notification", metadata: ["parley.message": "\(job.message.id)", "error": "\(error)"])
            return
        }
        let preview = String(job.message.body.prefix(Self.previewChars))
        for userId in offline {
            do {
                let stored = try await store.coalesceMessageNotification(
                    userId: userId, message: job.message, preview: preview,
                    title: { $0 == 1 ? "New message" : "\($0) new messages" })
                await publish(stored)
            } catch {
                logger.error("message notification not stored", metadata: ["parley.user": "\(userId)", "error": "\(error)"])
            }
        }
    }
}
