import Logging
import NIOCore
import ParleyBroker
import ParleyProtocol
import ParleyStorage

/// Handles the client frames of one connection, one at a time, answering each with `ack`, `pong` or `error`.
struct FrameHandler {
    let session: WebSocketSession
    let connection: Connection
    var identity: Identity
    let logger: Logger

    var chat: ChatService { session.chat }

    struct ChannelAck: Encodable {
        var channel: String
    }

    struct RecoveryAck: Encodable {
        var channel: String
        var recovered: [Message]
        var hasMore: Bool
    }

    struct MessageAck: Encodable {
        var message: Message
    }

    struct ReadAck: Encodable {
        var conversationId: String
        var seq: Int64
    }

    struct RefreshAck: Encodable {
        var expiresAt: Timestamp
    }

    mutating func handle(_ text: String) async {
        let envelope: ClientEnvelope
        switch ClientEnvelope.decode(text) {
        case .success(let value):
            envelope = value
        case .failure(let failure):
            connection.send(ServerFrame.error(id: failure.id, failure.error))
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
            connection.send(ServerFrame.encode(type: "pong", id: id))
        case .subscribe(let channel, let afterSeq):
            try await subscribe(channel, afterSeq: afterSeq, id: id)
        case .unsubscribe(let channel):
            guard ChannelName(channel) != nil else { throw ParleyError.badRequest("unknown channel '\(channel.prefix(64))'") }
            connection.removeSubscription(channel)
            await chat.hub.unsubscribe(connection, from: channel)
            connection.send(ServerFrame.encode(type: "ack", id: id, ChannelAck(channel: channel)))
        case .messageSend(let conversationId, let body, let clientMsgId):
            let stored = try await chat.send(caller: identity, conversationId: conversationId, body: body, clientMsgId: clientMsgId)
            connection.send(ServerFrame.encode(type: "ack", id: id, MessageAck(message: stored.message)))
        case .typing(let conversationId, let state):
            try await chat.typing(caller: identity, conversationId: conversationId, state: state)
            if let id { connection.send(ServerFrame.encode(type: "ack", id: id)) }
        case .read(let conversationId, let seq):
            let stored = try await chat.markRead(caller: identity, conversationId: conversationId, seq: seq)
            connection.send(ServerFrame.encode(type: "ack", id: id, ReadAck(conversationId: conversationId, seq: stored)))
        case .authRefresh(let token):
            let fresh = try await session.auth.authenticate(token: token)
            guard fresh.userId == identity.userId else {
                throw ParleyError.unauthorized("the new token belongs to another user")
            }
            identity = fresh
            connection.expiresAt = fresh.expiresAt
            connection.send(
                ServerFrame.encode(type: "ack", id: id, RefreshAck(expiresAt: Timestamp(milliseconds: fresh.expiresAt))))
        }
    }

    func subscribe(_ channel: String, afterSeq: Int64?, id: String?) async throws {
        switch ChannelName(channel) {
        case .user(let userId):
            guard userId == identity.userId else { throw ParleyError.forbidden("you may only subscribe to your own user channel") }
            if !connection.isSubscribed(channel) {
                connection.addSubscription(channel, recovering: false)
                try await hubSubscribe(channel)
            }
            if afterSeq != nil {
                connection.send(ServerFrame.encode(type: "ack", id: id, RecoveryAck(channel: channel, recovered: [], hasMore: false)))
            } else {
                connection.send(ServerFrame.encode(type: "ack", id: id, ChannelAck(channel: channel)))
            }
        case .conversation(let conversationId):
            _ = try await chat.readableConversation(conversationId, caller: identity)
            guard let afterSeq else {
                if !connection.isSubscribed(channel) {
                    connection.addSubscription(channel, recovering: false)
                    try await hubSubscribe(channel)
                }
                connection.send(ServerFrame.encode(type: "ack", id: id, ChannelAck(channel: channel)))
                return
            }
            // Subscribe first and hold live events, then read the store: nothing falls between the two.
            connection.addSubscription(channel, recovering: true)
            try await hubSubscribe(channel)
            let limit = session.config.maxRecover
            let messages: [Message]
            do {
                messages = try await chat.store.messages(
                    conversationId: conversationId, window: .after(afterSeq), limit: limit + 1, visibleTo: identity.userId)
            } catch {
                connection.removeSubscription(channel)
                await chat.hub.unsubscribe(connection, from: channel)
                throw error
            }
            let recovered = Array(messages.prefix(limit))
            let ack = ServerFrame.encode(
                type: "ack", id: id, RecoveryAck(channel: channel, recovered: recovered, hasMore: messages.count > limit))
            connection.finishRecovery(channel, ack: ack, lastRecoveredSeq: recovered.last?.seq ?? afterSeq)
        case nil:
            throw ParleyError.badRequest("unknown channel '\(channel.prefix(64))'; use conversation:<id> or user:<id>")
        }
    }

    func hubSubscribe(_ channel: String) async throws {
        do {
            try await chat.hub.subscribe(connection, to: channel)
        } catch {
            connection.removeSubscription(channel)
            throw ParleyError(.unavailable, "could not subscribe; retry later")
        }
    }
}
