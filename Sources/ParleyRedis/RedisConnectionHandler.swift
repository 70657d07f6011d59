internal import NIOCore

/// A request written into a Redis channel: the command plus the promise its reply completes.
struct RedisRequest: Sendable {
    var command: RESPCommand
    var promise: EventLoopPromise<RESPValue>
    /// How many `subscribe`/`unsubscribe` confirmations complete it: one per channel; 0 for an ordinary command.
    var confirmations: Int
}

/// Matches replies to requests in order (pipelining) and routes pub/sub `message` pushes to a callback.
///
/// RESP2 pub/sub: a `SUBSCRIBE a b` gets one `["subscribe", channel, count]` reply per channel, and once a
/// connection has subscribed, `["message", channel, payload]` arrays may arrive between replies.
final class RedisConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = RESPCommand

    private struct Pending {
        var promise: EventLoopPromise<RESPValue>
        var remaining: Int
        var replies: [RESPValue]
        var deadline: NIODeadline
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 16)
    private var subscriberMode = false
    private var closed = false
    private let onMessage: (@Sendable (_ channel: ByteBuffer, _ payload: ByteBuffer) -> Void)?
    /// How long the oldest request may wait for its reply before the connection is deemed dead and closed.
    private let commandTimeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(onMessage: (@Sendable (ByteBuffer, ByteBuffer) -> Void)?, commandTimeout: TimeAmount = .seconds(5)) {
        self.onMessage = onMessage
        self.commandTimeout = commandTimeout
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = Self.unwrapOutboundIn(data)
        guard !self.closed else {
            request.promise.fail(RedisError(.connectionClosed, message: "connection closed"))
            promise?.fail(RedisError(.connectionClosed, message: "connection closed"))
            return
        }
        if request.confirmations > 0 { self.subscriberMode = true }
        self.pending.append(
            Pending(
                promise: request.promise, remaining: max(request.confirmations, 1), replies: [],
                deadline: context.eventLoop.now + self.commandTimeout
            )
        )
        if self.timer == nil { self.scheduleTimer(context: context) }
        context.write(Self.wrapOutboundOut(request.command), promise: promise)
    }

    /// One timer per connection, armed for the oldest request: a reply that never comes (a hung Redis or a
    /// half-open socket) fails every pending request and closes the connection, so callers never hang.
    private func scheduleTimer(context: ChannelHandlerContext) {
        guard let head = self.pending.first else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(deadline: head.deadline) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            guard let head = handler.pending.first else { return }
            if head.deadline <= context.eventLoop.now {
                handler.failAll(RedisError(.connectionClosed, message: "Redis did not reply in time; connection closed"))
                context.close(promise: nil)
            } else {
                handler.scheduleTimer(context: context)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = Self.unwrapInboundIn(data)
        if self.subscriberMode, case .array(let items) = value, items.count >= 3, case .bulkString(let kind) = items[0] {
            if kind.readableBytesView.elementsEqual("message".utf8) {
                if case .bulkString(let channel) = items[1], case .bulkString(let payload) = items[2] {
                    self.onMessage?(channel, payload)
                }
                return
            }
            if kind.readableBytesView.elementsEqual("pmessage".utf8) { return }
            if kind.readableBytesView.elementsEqual("subscribe".utf8)
                || kind.readableBytesView.elementsEqual("unsubscribe".utf8)
            {
                self.confirm(value)
                return
            }
        }
        // Any other reply (including an error reply) completes the oldest request.
        guard var head = self.pending.popFirst() else {
            context.fireErrorCaught(RedisError(.unexpectedReply, message: "reply with no request waiting"))
            context.close(promise: nil)
            return
        }
        if head.replies.isEmpty {
            head.promise.succeed(value)
        } else {
            head.replies.append(value)
            head.promise.succeed(.array(head.replies))
        }
    }

    private func confirm(_ value: RESPValue) {
        guard !self.pending.isEmpty else { return }
        self.pending[self.pending.startIndex].remaining -= 1
        self.pending[self.pending.startIndex].replies.append(value)
        if self.pending[self.pending.startIndex].remaining <= 0 {
            let head = self.pending.removeFirst()
            head.promise.succeed(.array(head.replies))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A hiredis reader is poisoned after a protocol error: the only way on is a new connection.
        self.failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(RedisError(.connectionClosed, message: "connection to Redis closed"))
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        self.closed = true
        self.timer?.cancel()
        self.timer = nil
        while let head = self.pending.popFirst() {
            head.promise.fail(error)
        }
    }
}
