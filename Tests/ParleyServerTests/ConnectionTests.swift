import Logging
import NIOCore
import NIOEmbedded
import NIOWebSocket
import ParleyAccounts
import ParleyBroker
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// A connection's queue rules, on a real (embedded) NIO channel.
@Suite("Connection")
struct ConnectionTests {
    static func make(queue size: Int = 4096, recoveryBuffer: Int = 1024) -> (Connection, AsyncStream<Outbound>, EmbeddedChannel) {
        let channel = EmbeddedChannel()
        let (stream, queue) = AsyncStream.makeStream(of: Outbound.self, bufferingPolicy: .bufferingOldest(size))
        var configuration = ServerConfiguration()
        configuration.recoveryBuffer = recoveryBuffer
        let connection = Connection(
            id: "c1", identity: Identity(userId: "u1", role: .buyer, expiresAt: Int64.max), socket: channel, queue: queue,
            configuration: configuration, logger: Logger(label: "connection-test"))
        return (connection, stream, channel)
    }

    static func text(_ item: Outbound?) -> String? {
        guard case .frame(let bytes) = item else { return nil }
        return String(buffer: bytes)
    }

    @Test func nothingPrecedesTheWelcomeNotEvenAResync() async throws {
        let (connection, stream, _) = Self.make()
        let user = ChannelName.user("u1").name
        connection.addSubscription(user, recovering: true)
        connection.resync(["user:u1"])
        connection.receive(FanOutEvent(frame: ByteBuffer(string: "event")), on: user)
        connection.finishRecovery(user, ack: ByteBuffer(string: "welcome"), lastRecoveredSeq: .min)
        connection.receive(FanOutEvent(frame: ByteBuffer(string: "later")), on: user)
        var frames = stream.makeAsyncIterator()
        #expect(Self.text(await frames.next()) == "welcome")
        #expect(Self.text(await frames.next()) == "event", "an event held back while subscribing follows the welcome")
        #expect(Self.text(await frames.next()) == "later", "the resync to an unwelcomed socket was dropped")
    }

    @Test func aRecoveryThatOverflowsClosesTheConnectionInsteadOfLosingEvents() async throws {
        let (connection, stream, channel) = Self.make(recoveryBuffer: 16)
        let conversation = ChannelName.conversation("k").name
        connection.addSubscription(conversation, recovering: true)
        for seq in 1...(16 + 1) {
            connection.receive(FanOutEvent(frame: ByteBuffer(string: "m\(seq)"), conversationId: "k", seq: Int64(seq)), on: conversation)
        }
        connection.finishRecovery(conversation, ack: ByteBuffer(string: "ack"), lastRecoveredSeq: 0)
        var queued = 0
        for await _ in stream { queued += 1 }  // the queue is finished: the stream ends
        #expect(queued == 0, "neither the ack nor a partial set of events is sent")
        let close = try channel.readOutbound(as: WebSocketFrame.self)
        #expect(close?.opcode == .connectionClose)
        var data = try #require(close?.data)
        #expect(data.readWebSocketErrorCode() == .unknown(CloseCode.slowConsumer))
    }

    @Test func aRecoveryWithinTheBufferDeliversAckThenNewerEvents() async throws {
        let (connection, stream, _) = Self.make()
        let conversation = ChannelName.conversation("k").name
        connection.addSubscription(conversation, recovering: true)
        for seq in 1...5 {
            connection.receive(FanOutEvent(frame: ByteBuffer(string: "m\(seq)"), conversationId: "k", seq: Int64(seq)), on: conversation)
        }
        connection.finishRecovery(conversation, ack: ByteBuffer(string: "ack"), lastRecoveredSeq: 3)
        connection.requestClose(code: 1000, reason: "done")
        var frames: [String] = []
        for await item in stream {
            if let text = Self.text(item) { frames.append(text) } else { break }
        }
        #expect(frames == ["ack", "m4", "m5"], "events the recovery already contained are not sent twice")
    }
}
