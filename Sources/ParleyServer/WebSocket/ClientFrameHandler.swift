import Logging
import ParleyAccounts
import ParleyChat
import ParleyMarketplace
import ParleyProtocol
import ParleyStorage

/// Handles the client frames of one connection, one at a time, answering each with `ack`, `pong` or `error`.
struct ClientFrameHandler {
    let chat: ChatService
    let orders: OrderService
    let accounts: AccountService
    let connection: Connection
    var identity: Identity
    let logger: Logger
    /// The socket's limit on client frames of every type.
    var frames: FrameBucket
    /// Channels the socket may subscribe to.
    let maxSubscriptions: Int

    mutating func handle(_ text: String) async {
        let envelope: ClientEnvelope
        switch ClientEnvelope.decode(text) {
        case .success(let value):
            envelope = value
        case .failure(let failure):
            connection.send(ServerFrame.error(id: failure.id, failure.error))
            return
        }
        guard frames.take() else {
            let error = ParleyError(.rateLimited, "too many frames on this socket; slow down", retryAfter: frames.retryAfter)
            connection.send(ServerFrame.error(id: envelope.id, error))
            return
        }
        do {
            try await handle(envelope)
        } catch {
            let mapped = ErrorMiddleware.protocolError(error, logger: logger)
            connection.send(ServerFrame.error(id: envelope.id, mapped))
        }
    }

    mutating func handle(_ envelope: ClientEnvelope) async throws {
        let id = envelope.id
        switch envelope.frame {
        case .ping:
            connection.send(ServerFrame.pong(id: id))
        case .subscribe(let channel, let afterSeq):
            try await subscribe(channel, afterSeq: afterSeq, id: id)
        case .unsubscribe(let channel):
            guard ChannelName(channel) != nil else { throw ParleyError.badRequest("unknown channel '\(channel.prefix(64))'") }
            connection.removeSubscription(channel)
            await chat.unsubscribe(connection, from: channel)
            connection.send(ServerFrame.ack(id: id, Ack.Channel(channel: channel)))
        case .messageSend(let conversationId, let body, let clientMsgId):
            let stored = try await chat.send(caller: identity, conversationId: conversationId, body: body, clientMsgId: clientMsgId)
            connection.send(ServerFrame.ack(id: id, Ack.MessageSent(message: stored.message)))
        case .typing(let conversationId, let state):
            try await chat.typing(caller: identity, conversationId: conversationId, state: state)
            if let id { connection.send(ServerFrame.ack(id: id)) }
        case .read(let conversationId, let seq):
            let stored = try await chat.markRead(caller: identity, conversationId: conversationId, seq: seq)
            connection.send(ServerFrame.ack(id: id, Ack.Read(conversationId: conversationId, seq: stored)))
        case .authRefresh(let token):
            let fresh = try await accounts.authenticate(token: token)
            guard fresh.userId == identity.userId else {
                throw ParleyError.unauthorized("the new token belongs to another user")
            }
            identity = fresh
            connection.expiresAt = fresh.expiresAt
            connection.send(ServerFrame.ack(id: id, Ack.Refresh(expiresAt: Timestamp(milliseconds: fresh.expiresAt))))
        }
    }

    func subscribe(_ name: String, afterSeq: Int64?, id: String?) async throws {
        guard let channel = ChannelName(name) else {
            throw ParleyError.badRequest("unknown channel '\(name.prefix(64))'; use conversation:<id>, user:<id> or order:<id>")
        }
        guard connection.isSubscribed(name) || connection.subscriptionCount < maxSubscriptions else {
            throw ParleyError.badRequest("at most \(maxSubscriptions) subscriptions per socket; unsubscribe first")
        }
        // May the caller read it? Checked before the socket takes any of the channel's events.
        if case .order(let orderId) = channel {
            try await orders.authorizeSubscription(orderId: orderId, caller: identity)
        } else {
            try await chat.authorize(channel, caller: identity)
        }
        guard let afterSeq, case .conversation(let conversationId) = channel else {
            if !connection.isSubscribed(name) {
                connection.addSubscription(name, recovering: false)
                try await attach(channel)
            }
            // A user channel has nothing to recover: its `afterSeq` is answered with an empty recovery.
            if afterSeq != nil {
                connection.send(ServerFrame.ack(id: id, Ack.Recovery(channel: name, recovered: [], hasMore: false)))
            } else {
                connection.send(ServerFrame.ack(id: id, Ack.Channel(channel: name)))
            }
            return
        }
        // Subscribe first and hold live events, then read the store: nothing falls between the two.
        connection.addSubscription(name, recovering: true)
        try await attach(channel)
        let recovered: (messages: [Message], hasMore: Bool)
        do {
            recovered = try await chat.recover(caller: identity, conversationId: conversationId, afterSeq: afterSeq)
        } catch {
            connection.removeSubscription(name)
            await chat.unsubscribe(connection, from: name)
            throw error
        }
        let ack = ServerFrame.ack(id: id, Ack.Recovery(channel: name, recovered: recovered.messages, hasMore: recovered.hasMore))
        connection.finishRecovery(name, ack: ack, lastRecoveredSeq: recovered.messages.last?.seq ?? afterSeq)
    }

    /// Subscribes the connection, which already records the channel; undoes that record when it fails.
    func attach(_ channel: ChannelName) async throws {
        do {
            try await chat.attach(connection, to: channel)
        } catch {
            connection.removeSubscription(channel.name)
            throw error
        }
    }
}
