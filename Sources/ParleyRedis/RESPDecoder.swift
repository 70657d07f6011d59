internal import CHiredis
public import NIOCore

/// Decodes RESP2 replies by feeding inbound bytes into a hiredis `redisReader`.
///
/// One decoder per channel: the reader is not thread-safe and keeps partial replies between reads. After a
/// protocol error the reader is poisoned, so the decoder throws ``RedisError`` and the connection must close.
public struct RESPDecoder: ByteToMessageDecoder {
    /// Decoded replies.
    public typealias InboundOut = RESPValue

    private let reader: HiredisReader

    /// Creates a decoder with its own hiredis reader.
    public init() {
        self.reader = HiredisReader()
    }

    /// Feeds every readable byte to hiredis and emits every complete reply.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try self.reader.feed(&buffer)
        while let reply = try self.reader.next(allocator: context.channel.allocator) {
            context.fireChannelRead(Self.wrapInboundOut(reply))
        }
        return .needMoreData
    }

    /// Decodes what is left at end of input; an incomplete trailing reply is dropped.
    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try self.decode(context: context, buffer: &buffer)
    }
}

/// Owns one `redisReader` and converts its replies to ``RESPValue``s, freeing each reply once.
final class HiredisReader {
    private let reader: UnsafeMutablePointer<redisReader>
    private var poisoned: RedisError?

    init() {
        guard let reader = redisReaderCreate() else { fatalError("redisReaderCreate: out of memory") }
        self.reader = reader
    }

    deinit {
        redisReaderFree(self.reader)
    }

    func feed(_ buffer: inout ByteBuffer) throws {
        if let poisoned { throw poisoned }
        guard buffer.readableBytes > 0 else { return }
        let status = buffer.withUnsafeReadableBytes { bytes in
            redisReaderFeed(self.reader, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        if status != REDIS_OK { try self.fail() }
    }

    /// The next complete reply, or `nil` when hiredis needs more bytes.
    func next(allocator: ByteBufferAllocator) throws -> RESPValue? {
        if let poisoned { throw poisoned }
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(self.reader, &raw) == REDIS_OK else { try self.fail() }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return Self.convert(raw.assumingMemoryBound(to: redisReply.self), allocator: allocator)
    }

    private func fail() throws -> Never {
        let message = withUnsafeBytes(of: self.reader.pointee.errstr) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let error = RedisError(.protocolError, message: message)
        self.poisoned = error
        throw error
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>, allocator: ByteBufferAllocator) -> RESPValue {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            return .bulkString(allocator.buffer(bytes: UnsafeRawBufferPointer(start: r.str, count: r.len)))
        case REDIS_REPLY_STATUS:
            return .simpleString(Self.text(r))
        case REDIS_REPLY_ERROR:
            return .error(Self.text(r))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(r.integer))
        case REDIS_REPLY_ARRAY:
            var values: [RESPValue] = []
            values.reserveCapacity(r.elements)
            for index in 0..<r.elements {
                values.append(Self.convert(r.element[index]!, allocator: allocator))
            }
            return .array(values)
        default:
            return .null
        }
    }

    private static func text(_ r: redisReply) -> String {
        String(decoding: UnsafeRawBufferPointer(start: r.str, count: r.len), as: UTF8.self)
    }
}
