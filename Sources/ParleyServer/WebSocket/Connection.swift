import Logging
import NIOCore
import NIOWebSocket
import ParleyAccounts
import ParleyBroker
import ParleyProtocol
import Synchronization

/// One WebSocket connection's state: its subscriptions and a bounded outbound queue.
///
/// Fan-out never waits on a connection: ``receive(_:on:)`` queues the shared frame bytes, and a connection whose
/// queue overflows (in frames or in bytes) is closed as a slow consumer (1013) instead of buffering without bound.
final class Connection: FanOutSubscriber {
    struct State {
        var subscriptions: Set<String> = []
        /// Channels being recovered with `afterSeq` (and the user channel until the welcome is queued): live events
        /// wait here until the recovery ack is queued.
        var recovering: [String: [FanOutEvent]] = [:]
        /// Recovering channels whose buffer overflowed: events were lost, so the connection must not go on.
        var overflowed: Set<String> = []
        var expiresAt: Int64
        var closed = false
    }

    let id: String
    let userId: String
    /// The socket's NIO channel (a hub channel is always a channel *name* here).
    let socket: any Channel
    let logger: Logger
    let queue: AsyncStream<Outbound>.Continuation
    let state: Mutex<State>
    /// Bytes of frames queued and not yet written, and the most allowed.
    let queuedBytes = Atomic<Int>(0)
    let maxQueuedBytes: Int
    /// Live events buffered per channel during one recovery, at most; more means the client is far behind anyway.
    let recoveryBuffer: Int
    /// How long a slow consumer's close handshake may take before the socket is dropped.
    let closeGrace: TimeAmount

    init(
        id: String, identity: Identity, socket: any Channel, queue: AsyncStream<Outbound>.Continuation,
        configuration: ServerConfiguration, logger: Logger
    ) {
        self.id = id
        self.userId = identity.userId
        self.socket = socket
        self.queue = queue
        self.logger = logger
        self.state = Mutex(State(expiresAt: identity.expiresAt))
        self.recoveryBuffer = configuration.recoveryBuffer
        self.maxQueuedBytes = configuration.outboundBytes
        self.closeGrace = .seconds(Int64(configuration.closeGrace))
    }

    func receive(_ event: FanOutEvent, on channel: String) {
        let deliver = state.withLock { s -> Bool in
            if s.closed || event.excludeUserId == userId { return false }
            if event.isUserCopy, let cid = event.conversationId,
                s.subscriptions.contains(ChannelName.conversation(cid).name)
            {
                return false
            }
            if s.recovering[channel] != nil {
                if s.recovering[channel]!.count < recoveryBuffer {
                    s.recovering[channel]!.append(event)
                } else {
                    s.overflowed.insert(channel)
                }
                return false
            }
            return true
        }
        if deliver { send(event.frame) }
    }

    /// The broker lost and regained these channels: the client must resubscribe them with `afterSeq`.
    func resync(_ channels: [String]) {
        // A `resync` means nothing to a socket not yet welcomed: it has subscribed to nothing yet.
        let welcomed = state.withLock { s in !s.closed && s.recovering[ChannelName.user(userId).name] == nil }
        if welcomed { send(ServerFrame.event(ServerEvent.Resync(channels: channels))) }
    }

    /// Queues a frame; on overflow the connection is closed as a slow consumer.
    func send(_ frame: ByteBuffer) {
        if !enqueue(frame) { closeSlowConsumer() }
    }

    /// Queues a frame unless the queue is full in frames or in bytes; false when it is.
    func enqueue(_ frame: ByteBuffer) -> Bool {
        let size = frame.readableBytes
        guard queuedBytes.add(size, ordering: .relaxed).newValue <= maxQueuedBytes else {
            queuedBytes.subtract(size, ordering: .relaxed)
            return false
        }
        if case .dropped = queue.yield(.frame(frame)) {
            queuedBytes.subtract(size, ordering: .relaxed)
            return false
        }
        return true
    }

    /// The writer wrote a queued frame of `size` bytes.
    func written(_ size: Int) { queuedBytes.subtract(size, ordering: .relaxed) }

    /// Asks the writer to close the socket with a code (token expiry, shutdown).
    func requestClose(code: UInt16, reason: String) {
        if case .dropped = queue.yield(.close(code: code, reason: reason)) { closeSlowConsumer() }
    }

    var expiresAt: Int64 {
        get { state.withLock { $0.expiresAt } }
        set { state.withLock { $0.expiresAt = newValue } }
    }

    func isSubscribed(_ channel: String) -> Bool { state.withLock { $0.subscriptions.contains(channel) } }

    /// The channels the socket is subscribed to, its own user channel included.
    var subscriptionCount: Int { state.withLock { $0.subscriptions.count } }

    /// Records a subscription; with `recovering`, live events for it are held back until ``finishRecovery``.
    func addSubscription(_ channel: String, recovering: Bool) {
        state.withLock { s in
            s.subscriptions.insert(channel)
            if recovering { s.recovering[channel] = [] }
        }
    }

    func removeSubscription(_ channel: String) {
        state.withLock { s in
            s.subscriptions.remove(channel)
            s.recovering[channel] = nil
            s.overflowed.remove(channel)
        }
    }

    /// Queues `ack` (a recovery ack, or the welcome), then the live events held back that it does not already
    /// contain, in one step so no later event can overtake them.
    func finishRecovery(_ channel: String, ack: ByteBuffer, lastRecoveredSeq: Int64) {
        let overflow = state.withLock { s -> Bool in
            let held = s.recovering.removeValue(forKey: channel) ?? []
            // more live events came than could wait: the client is too far behind; it reconnects and recovers
            if s.overflowed.remove(channel) != nil { return true }
            if !enqueue(ack) { return true }
            for event in held where event.seq == nil || event.seq! > lastRecoveredSeq {
                if !enqueue(event.frame) { return true }
            }
            return false
        }
        if overflow { closeSlowConsumer() }
    }

    /// The channels to leave when the connection ends; marks it closed.
    func close() -> [String] {
        state.withLock { s in
            s.closed = true
            return Array(s.subscriptions)
        }
    }

    /// The client stopped reading: send 1013 if the socket takes it, and drop the connection.
    func closeSlowConsumer() {
        let first = state.withLock { s -> Bool in
            defer { s.closed = true }
            return !s.closed
        }
        guard first else { return }
        logger.notice("closing slow consumer", metadata: ["parley.connection": "\(id)", "parley.user": "\(userId)"])
        queue.finish()
        var data = socket.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: .unknown(CloseCode.slowConsumer))
        let socket = self.socket
        socket.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)).whenComplete { _ in
            socket.close(promise: nil)
        }
        socket.eventLoop.scheduleTask(in: closeGrace) { socket.close(promise: nil) }
    }
}
