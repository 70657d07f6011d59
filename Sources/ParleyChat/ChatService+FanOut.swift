import Logging
public import ParleyAccounts
public import ParleyBroker
public import ParleyProtocol
public import ParleyReview
import ParleyStorage

extension ChatService {
    /// Subscribes a socket to a channel the caller may read: their own user channel, or a conversation they take
    /// part in (admins: any). Returns once live events of the channel reach the subscriber.
    /// - Throws: `forbidden`/`not_found` when the caller may not read it; `unavailable` when the broker is down.
    public func subscribe(_ subscriber: any FanOutSubscriber, to channel: ChannelName, caller: Identity) async throws {
        try await authorize(channel, caller: caller)
        try await attach(subscriber, to: channel)
    }

    /// Subscribes a socket to a channel its caller was found allowed to read with ``authorize(_:caller:)``.
    /// Returns once live events of the channel reach the subscriber.
    /// - Throws: `unavailable` when the broker is down.
    public func attach(_ subscriber: any FanOutSubscriber, to channel: ChannelName) async throws {
        do {
            try await fanOut.subscribe(subscriber, to: channel.name)
        } catch {
            throw ParleyError(.unavailable, "could not subscribe; retry later")
        }
    }

    /// Checks that the caller may read a channel.
    public func authorize(_ channel: ChannelName, caller: Identity) async throws {
        switch channel {
        case .user(let userId):
            guard userId == caller.userId else { throw ParleyError.forbidden("you may only subscribe to your own user channel") }
        case .conversation(let conversationId):
            _ = try await readableConversation(conversationId, caller: caller)
        case .order:
            // Orders belong to the marketplace, which authorizes their channels itself.
            throw ParleyError.notFound("order channels are authorized by the marketplace")
        }
    }

    /// Removes a socket from a channel.
    public func unsubscribe(_ subscriber: any FanOutSubscriber, from channel: String) async {
        await fanOut.unsubscribe(subscriber, from: channel)
    }

    /// Publishes a message event on the conversation's channel, and a copy on each participant's user channel (a
    /// socket subscribed to the conversation drops the copy). `excluding` is left out of both.
    func publishMessage(_ type: FrameType, _ message: Message, participants: [String], excluding: String? = nil) async {
        let frame = ServerFrame.event(ServerEvent.MessageEvent(type, message: message))
        let cid = message.conversationId
        let seq = Self.recoverySeq(type, message)
        await publish(FanOutEvent(frame: frame, conversationId: cid, seq: seq, excludeUserId: excluding), to: .conversation(cid))
        for user in participants where user != excluding {
            await publish(FanOutEvent(frame: frame, conversationId: cid, seq: seq, isUserCopy: true), to: .user(user))
        }
    }

    /// Publishes a message event to its sender's sockets only (every socket listens on its user's channel).
    func publishToSender(_ type: FrameType, _ message: Message) async {
        let frame = ServerFrame.event(ServerEvent.MessageEvent(type, message: message))
        await publish(
            FanOutEvent(frame: frame, conversationId: message.conversationId, seq: Self.recoverySeq(type, message)),
            to: .user(message.senderId))
    }

    /// The seq a recovering socket compares with what it read from the store: only `message.new` is dropped as a
    /// duplicate of a recovered message; an update made while the socket recovered must still reach it.
    static func recoverySeq(_ type: FrameType, _ message: Message) -> Int64? {
        type == .messageNew ? message.seq : nil
    }

    /// Publishes an event. What it is about is already stored, so a failed publish is logged, not returned to the
    /// sender: subscribers recover it with `afterSeq`.
    func publish(_ event: FanOutEvent, to channel: ChannelName) async {
        do {
            try await fanOut.publish(event, to: channel.name)
        } catch {
            logger.error("publish failed", metadata: ["parley.channel": "\(channel.name)", "error": "\(error)"])
        }
    }
}

extension ChatService: ReviewListener {
    /// Tells the participants about a message a moderator changed: a released message is new to everyone but its
    /// sender (whose copy is updated); a visible one is updated for everyone.
    public func messageChanged(_ message: Message, wasHeld: Bool) async {
        let participants: [String]
        do {
            guard let record = try await store.conversation(id: message.conversationId) else { return }
            participants = record.participantIds
        } catch {
            // The change is stored; clients see it in history. Only the live event is lost.
            logger.error("could not announce a moderated message", metadata: ["parley.message": "\(message.id)", "error": "\(error)"])
            return
        }
        if wasHeld {
            await publishMessage(.messageNew, message, participants: participants, excluding: message.senderId)
            await publishToSender(.messageUpdated, message)
        } else {
            await publishMessage(.messageUpdated, message, participants: participants)
        }
    }
}
