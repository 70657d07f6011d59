import Foundation
import Logging
import NIOCore
import NIOWebSocket
import ParleyAccounts
import ParleyChat
import ParleyMarketplace
import ParleyProtocol
import WSCore

/// Runs one WebSocket connection: a reader that handles client frames in order, and a writer that drains the
/// connection's bounded queue into the socket.
struct ConnectionLoop: Sendable {
    let chat: ChatService
    let orders: OrderService
    let accounts: AccountService
    let registry: ConnectionRegistry
    let presence: PresenceService
    let configuration: ServerConfiguration

    func run(
        identity: Identity, channel: any Channel, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async throws {
        let (stream, queue) = AsyncStream.makeStream(
            of: Outbound.self, bufferingPolicy: .bufferingOldest(configuration.outboundQueue))
        let connectionId = UUID().uuidString.lowercased()
        let logger = {
            var logger = logger
            logger[metadataKey: "parley.connection"] = "\(connectionId)"
            logger[metadataKey: "parley.user"] = "\(identity.userId)"
            return logger
        }()
        let connection = Connection(
            id: connectionId, identity: identity, socket: channel, queue: queue, configuration: configuration, logger: logger)
        // The upgrade checked the limit too; this check is the one two simultaneous upgrades cannot both pass.
        guard registry.add(connection, limit: configuration.maxSocketsPerUser) else {
            try await outbound.close(.policyViolation, reason: "too many sockets for this user")
            return
        }
        defer { registry.remove(connection) }
        let userChannel = ChannelName.user(identity.userId)
        // Events of the user channel wait until the welcome is queued: the welcome is always the first frame.
        connection.addSubscription(userChannel.name, recovering: true)
        do {
            try await chat.subscribe(connection, to: userChannel, caller: identity)
        } catch {
            connection.removeSubscription(userChannel.name)
            try await outbound.close(.unexpectedServerError, reason: "hub unavailable")
            return
        }
        let welcome = ServerFrame.event(
            ServerEvent.Welcome(
                userId: identity.userId, connectionId: connectionId, expiresAt: Timestamp(milliseconds: identity.expiresAt),
                limits: .init(maxFrameBytes: configuration.maxFrameBytes, maxBodyChars: chat.maxBodyChars, maxBodyBytes: chat.maxBodyBytes)))
        connection.finishRecovery(userChannel.name, ack: welcome, lastRecoveredSeq: .min)
        logger.debug("websocket connected")
        defer { logger.debug("websocket closed") }
        presence.socketOpened(userId: identity.userId)

        enum Ended { case writer, reader, timer }
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Ended.self) { group in
                group.addTask {
                    for await item in stream {
                        switch item {
                        case .frame(let bytes):
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: bytes)))
                            connection.written(bytes.readableBytes)
                        case .close(let code, let reason):
                            try await outbound.close(.init(codeNumber: Int(code)), reason: reason)
                            return .writer
                        }
                    }
                    return .writer
                }
                group.addTask {
                    var handler = ClientFrameHandler(
                        chat: chat, orders: orders, accounts: accounts, connection: connection, identity: identity, logger: logger,
                        frames: FrameBucket(rate: configuration.maxFramesPerSecond, burst: configuration.frameBurst),
                        maxSubscriptions: configuration.maxSubscriptions)
                    for try await message in inbound.messages(maxSize: configuration.maxFrameBytes) {
                        switch message {
                        case .text(let text):
                            await handler.handle(text)
                        case .binary:
                            try await outbound.close(.unacceptableData, reason: "binary frames are not supported")
                            return .reader
                        }
                    }
                    return .reader
                }
                defer { group.cancelAll() }
                if try await group.next() == .writer {
                    // The server closed (expiry, shutdown): let the frame being handled finish and the client answer
                    // the close, but not forever.
                    let grace = Duration.seconds(configuration.closeGrace)
                    group.addTask {
                        try? await Task.sleep(for: grace)
                        return .timer
                    }
                    _ = try await group.next()
                }
            }
        } catch {
            failure = error
        }
        // Always leave the hub, whatever ended the connection.
        for channelName in connection.close() {
            await chat.unsubscribe(connection, from: channelName)
        }
        queue.finish()
        presence.socketClosed(userId: identity.userId)
        // A protocol error (1007, 1009, …) goes back to the WebSocket handler, which closes with its code.
        if let failure { throw failure }
    }
}
