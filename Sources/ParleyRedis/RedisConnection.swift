public import NIOCore
public import NIOPosix
import Synchronization

/// One TCP connection to Redis with pipelined commands: replies complete requests in the order they were sent.
///
/// A connection created with a message handler may also `SUBSCRIBE`; `message` pushes go to that handler on the
/// connection's event loop, so the handler must not block.
public final class RedisConnection: Sendable {
    let channel: any Channel
    /// The configuration the connection was opened with.
    public let configuration: RedisConfiguration
    /// Requests waiting to be written; one event-loop hop writes them all and flushes once (write combining),
    /// so concurrent publishers share syscalls.
    private let outbox = Mutex(Outbox())

    private struct Outbox {
        var requests: [RedisRequest] = []
        var isScheduled = false
    }

    private init(channel: any Channel, configuration: RedisConfiguration) {
        self.channel = channel
        self.configuration = configuration
    }

    /// Opens a connection and runs `AUTH` and `SELECT` from the configuration.
    ///
    /// - Parameters:
    ///   - configuration: Host, port, credentials and database.
    ///   - eventLoopGroup: Where the connection's I/O runs.
    ///   - connectTimeout: How long the TCP connect may take.
    ///   - commandTimeout: How long a command may wait for its reply before the connection is deemed dead and
    ///     closed, failing every pending command.
    ///   - onMessage: Receives `(channel, payload)` for every pub/sub `message`; `nil` for a command connection.
    /// - Throws: ``RedisError`` with ``RedisError/Code/unavailable`` when Redis cannot be reached, or
    ///   ``RedisError/Code/serverError`` when `AUTH` or `SELECT` is refused.
    public static func connect(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectTimeout: TimeAmount = .seconds(2),
        commandTimeout: TimeAmount = .seconds(5),
        onMessage: (@Sendable (_ channel: ByteBuffer, _ payload: ByteBuffer) -> Void)? = nil
    ) async throws -> RedisConnection {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(connectTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(RESPDecoder()),
                            MessageToByteHandler(RESPEncoder()),
                            RedisConnectionHandler(onMessage: onMessage, commandTimeout: commandTimeout),
                        ])
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            throw RedisError(
                .unavailable,
                message: "cannot connect to \(configuration.host):\(configuration.port): \(error)"
            )
        }
        let connection = RedisConnection(channel: channel, configuration: configuration)
        do {
            if let password = configuration.password {
                var auth = ["AUTH"]
                if let username = configuration.username { auth.append(username) }
                auth.append(password)
                _ = try await connection.command(auth)
            }
            if configuration.database != 0 {
                _ = try await connection.command(["SELECT", String(configuration.database)])
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Sends a command and returns its reply.
    ///
    /// - Parameter arguments: The command name and arguments, binary-safe.
    /// - Returns: The reply.
    /// - Throws: ``RedisError`` with ``RedisError/Code/serverError`` for an error reply, or
    ///   ``RedisError/Code/connectionClosed`` when the connection closes first.
    public func command(_ arguments: [ByteBuffer]) async throws -> RESPValue {
        try await self.send(RESPCommand(arguments), confirmations: 0).get()
    }

    /// Sends a command and returns its reply.
    ///
    /// - Parameter arguments: The command name and arguments, as UTF-8 text.
    public func command(_ arguments: [String]) async throws -> RESPValue {
        try await self.command(arguments.map { ByteBuffer(string: $0) })
    }

    /// Sends a command without waiting for its reply; the future completes with it. The write is flushed at once.
    func send(_ command: RESPCommand, confirmations: Int) -> EventLoopFuture<RESPValue> {
        let promise = self.channel.eventLoop.makePromise(of: RESPValue.self)
        let request = RedisRequest(command: command, promise: promise, confirmations: confirmations)
        let schedule = self.outbox.withLock { outbox in
            outbox.requests.append(request)
            defer { outbox.isScheduled = true }
            return !outbox.isScheduled
        }
        if schedule {
            self.channel.eventLoop.execute { self.drainOutbox() }
        }
        return promise.futureResult.flatMapThrowing { value in
            if case .error(let message) = value { throw RedisError(.serverError, message: message) }
            return value
        }
    }

    private func drainOutbox() {
        let requests = self.outbox.withLock { outbox in
            outbox.isScheduled = false
            defer { outbox.requests.removeAll(keepingCapacity: true) }
            return outbox.requests
        }
        for request in requests {
            // A write to a closed channel fails; the handler (or this callback) fails the request's promise.
            self.channel.write(request).cascadeFailure(to: request.promise)
        }
        self.channel.flush()
    }

    /// Subscribes to channels and waits for Redis to confirm each one.
    ///
    /// - Parameters:
    ///   - channels: Full Redis channel names.
    ///   - onConfirmed: Runs on the connection's event loop as the last confirmation is read, before any later
    ///     `message` push or a close is processed; a subscriber records its channels there so that neither a
    ///     message nor a reconnect can miss them.
    public func subscribe(_ channels: [ByteBuffer], onConfirmed: (@Sendable () -> Void)? = nil) async throws {
        guard !channels.isEmpty else { return }
        try await self.send(RESPCommand([ByteBuffer(string: "SUBSCRIBE")] + channels), confirmations: channels.count)
            .map { _ in onConfirmed?() }
            .get()
    }

    /// Unsubscribes from channels and waits for Redis to confirm each one.
    ///
    /// - Parameter channels: Full Redis channel names.
    public func unsubscribe(_ channels: [ByteBuffer]) async throws {
        guard !channels.isEmpty else { return }
        _ = try await self.send(
            RESPCommand([ByteBuffer(string: "UNSUBSCRIBE")] + channels), confirmations: channels.count
        ).get()
    }

    /// Whether the connection is still open.
    public var isActive: Bool { self.channel.isActive }

    /// Completes when the connection has closed.
    public var closeFuture: EventLoopFuture<Void> { self.channel.closeFuture }

    /// Closes the connection; pending requests fail with ``RedisError/Code/connectionClosed``.
    public func close() {
        self.channel.close(promise: nil)
    }
}
