import NIOCore
import NIOEmbedded
import NIOTestUtils
import Synchronization
import Testing

@testable import ParleyRedis

@Suite("RESP codec over hiredis")
struct RESPCodecTests {
    @Test("decodes every RESP2 type, split at every byte")
    func decodesEveryType() throws {
        var binary = ByteBuffer(string: "a\r\nb")
        binary.writeBytes([0, 0xFF, 0x0D, 0x0A, 0])
        let pairs: [(ByteBuffer, [RESPValue])] = [
            (ByteBuffer(string: "+OK\r\n"), [.simpleString("OK")]),
            (ByteBuffer(string: "-ERR wrong type\r\n"), [.error("ERR wrong type")]),
            (ByteBuffer(string: ":-42\r\n"), [.integer(-42)]),
            (ByteBuffer(string: ":9223372036854775807\r\n"), [.integer(.max)]),
            (ByteBuffer(string: "$5\r\nhello\r\n"), [.bulkString(ByteBuffer(string: "hello"))]),
            (ByteBuffer(string: "$0\r\n\r\n"), [.bulkString(ByteBuffer())]),
            (ByteBuffer(string: "$9\r\n") + binary + ByteBuffer(string: "\r\n"), [.bulkString(binary)]),
            (ByteBuffer(string: "$-1\r\n"), [.null]),
            (ByteBuffer(string: "*-1\r\n"), [.null]),
            (ByteBuffer(string: "*0\r\n"), [.array([])]),
            (
                ByteBuffer(string: "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n*2\r\n:1\r\n$-1\r\n"),
                [
                    .array([
                        .bulkString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "ch")),
                        .array([.integer(1), .null]),
                    ])
                ]
            ),
            (ByteBuffer(string: "+A\r\n:1\r\n"), [.simpleString("A"), .integer(1)]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RESPDecoder() }
    }

    @Test("a 1 MiB binary bulk string arrives intact across many reads")
    func largePayloadSplitAcrossReads() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RESPDecoder()))
        var payload = ByteBuffer()
        for index in 0..<(1 << 20) { payload.writeInteger(UInt8(truncatingIfNeeded: index &* 31 &+ 7)) }
        var wire = ByteBuffer(string: "*3\r\n$7\r\nmessage\r\n$3\r\nbig\r\n$\(payload.readableBytes)\r\n")
        wire.writeImmutableBuffer(payload)
        wire.writeString("\r\n")
        while let chunk = wire.readSlice(length: min(7919, wire.readableBytes)), chunk.readableBytes > 0 {
            try channel.writeInbound(chunk)
            if wire.readableBytes > 0 { #expect(try channel.readInbound(as: RESPValue.self) == nil) }
        }
        let value = try #require(try channel.readInbound(as: RESPValue.self))
        #expect(
            value
                == .array([
                    .bulkString(ByteBuffer(string: "message")), .bulkString(ByteBuffer(string: "big")),
                    .bulkString(payload),
                ]))
        #expect(try channel.finish().isClean)
    }

    @Test("a protocol error closes the connection and fails pending requests")
    func protocolErrorCloses() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RESPDecoder()), MessageToByteHandler(RESPEncoder()),
            RedisConnectionHandler(onMessage: nil),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.write(RedisRequest(command: RESPCommand(["PING"]), promise: promise, confirmations: 0), promise: nil)
        channel.flush()
        _ = try channel.readOutbound(as: ByteBuffer.self)
        // The connection handler swallows the error after closing; nothing reaches the tail of the pipeline.
        try channel.writeInbound(ByteBuffer(string: "!bogus\r\n"))
        #expect(!channel.isActive)
        let error = try #require(throws: RedisError.self) { try promise.futureResult.wait() }
        #expect(error.code == .protocolError)
        _ = try? channel.finish()
    }

    @Test("pipelined replies complete requests in order; pushes go to the message handler")
    func pipelineAndPushes() throws {
        let pushes = PushRecorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RESPDecoder()), MessageToByteHandler(RESPEncoder()),
            RedisConnectionHandler(onMessage: { pushes.record($0, $1) }),
        ])
        let first = channel.eventLoop.makePromise(of: RESPValue.self)
        let subscribe = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.write(RedisRequest(command: RESPCommand(["GET", "k"]), promise: first, confirmations: 0), promise: nil)
        channel.write(
            RedisRequest(command: RESPCommand(["SUBSCRIBE", "a", "b"]), promise: subscribe, confirmations: 2),
            promise: nil
        )
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"))
        _ = try channel.readOutbound(as: ByteBuffer.self)
        try channel.writeInbound(ByteBuffer(string: "$1\r\nv\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"))
        #expect(try first.futureResult.wait() == .bulkString(ByteBuffer(string: "v")))
        try channel.writeInbound(ByteBuffer(string: "*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n"))
        try channel.writeInbound(ByteBuffer(string: "*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"))
        guard case .array(let confirmations) = try subscribe.futureResult.wait() else {
            Issue.record("expected array")
            return
        }
        #expect(confirmations.count == 2)
        #expect(pushes.all == [["a", "hi"]])
        _ = try channel.finish()
    }

    @Test("a reply that never comes fails the request and closes the connection")
    func commandTimeout() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(RESPDecoder()), MessageToByteHandler(RESPEncoder()),
            RedisConnectionHandler(onMessage: nil, commandTimeout: .milliseconds(100)),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        let answered = channel.eventLoop.makePromise(of: RESPValue.self)
        let hung = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.write(RedisRequest(command: RESPCommand(["PING"]), promise: answered, confirmations: 0), promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(60))
        channel.write(RedisRequest(command: RESPCommand(["PING"]), promise: hung, confirmations: 0), promise: nil)
        channel.flush()
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        #expect(try answered.futureResult.wait() == .simpleString("PONG"))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(60))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(60))
        #expect(!channel.isActive)
        #expect(throws: RedisError.self) { try hung.futureResult.wait() }
        _ = try? channel.finish()
    }

    @Test("commands are encoded binary-safe with hiredis's formatter")
    func encodesBinarySafe() throws {
        var payload = ByteBuffer(string: "x\r\n")
        payload.writeInteger(UInt8(0))
        var out = ByteBuffer()
        try RESPEncoder().encode(data: RESPCommand([ByteBuffer(string: "SET"), ByteBuffer(), payload]), out: &out)
        var expected = ByteBuffer(string: "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$4\r\nx\r\n")
        expected.writeInteger(UInt8(0))
        expected.writeString("\r\n")
        #expect(out == expected)
    }
}

final class PushRecorder: Sendable {
    let pushes = Mutex<[[String]]>([])
    func record(_ channel: ByteBuffer, _ payload: ByteBuffer) {
        self.pushes.withLock { $0.append([String(buffer: channel), String(buffer: payload)]) }
    }
    var all: [[String]] { self.pushes.withLock { $0 } }
}

func + (lhs: ByteBuffer, rhs: ByteBuffer) -> ByteBuffer {
    var result = lhs
    result.writeImmutableBuffer(rhs)
    return result
}
