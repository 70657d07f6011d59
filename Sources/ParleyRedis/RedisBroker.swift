public import Logging
public import NIOCore
public import NIOPosix
public import ParleyBroker
public import ServiceLifecycle
import Synchronization

/// A ``ParleyBroker/Broker`` over Redis pub/sub, for hubs spread over several nodes.
///
/// Each node keeps one `SUBSCRIBE` connection, subscribed to exactly the channels the node's ``LocalHub`` needs,
/// and fans events out locally; publishes go over a small pool of pipelined command connections (``client``).
/// Redis channel names are ``prefix`` + the hub channel name; payloads are ``ParleyBroker/HubEvent/wireBytes()``.
///
/// Connections open on first use. Run the broker as a `Service` (pass it to `Application(services:)` or a
/// `ServiceGroup`): ``run()`` keeps the subscriber connection up, reconnecting with ``RedisBackoff`` after Redis goes
/// away, re-subscribing every channel and then calling the resubscribed handler; on graceful shutdown it closes
/// every connection. While Redis is down, ``publish(_:to:)`` and ``subscribe(_:)`` throw.
public final class RedisBroker: ResubscribingBroker, Service {
    struct State {
        var deliver: (@Sendable (String, HubEvent) -> Void)?
        var resubscribed: (@Sendable ([String]) -> Void)?
        /// Channels Redis confirmed for this node (hub names, without the prefix).
        var channels: Set<String> = []
        var hasConnectedBefore = false
    }

    /// The command pool, also usable by other features (presence) for ordinary commands.
    public let client: RedisClient
    /// The prefix of every Redis channel name.
    public let prefix: String
    let subscriber = RedisConnectionSlot()
    let backoff: RedisBackoff
    let healthCheckInterval: Duration
    let logger: Logger
    let state = Mutex(State())

    /// Creates a broker from a Redis URL. Nothing connects until first use or ``run()``.
    ///
    /// - Parameters:
    ///   - url: `redis://[user:pass@]host[:port][/db]` (configuration key `parley.redis.url`).
    ///   - prefix: Prepended to every hub channel name on Redis (default `parley:`).
    ///   - logger: Where connection events are logged.
    /// - Throws: ``RedisError`` with ``RedisError/Code/invalidURL`` saying what is wrong with the URL.
    public convenience init(url: String, prefix: String = "parley:", logger: Logger) throws {
        try self.init(configuration: RedisConfiguration(url: url), prefix: prefix, logger: logger)
    }

    /// Creates a broker.
    ///
    /// - Parameters:
    ///   - configuration: Host, port, credentials and database.
    ///   - prefix: Prepended to every hub channel name on Redis.
    ///   - commandConnections: Size of the command pool used for `PUBLISH` and ``command(_:)-([String])``.
    ///   - backoff: Reconnect delays for the subscriber connection.
    ///   - healthCheckInterval: How often ``run()`` PINGs the subscriber connection to detect a dead peer.
    ///   - eventLoopGroup: Where the connections' I/O runs.
    ///   - logger: Where connection events are logged.
    public init(
        configuration: RedisConfiguration, prefix: String = "parley:", commandConnections: Int = 2,
        backoff: RedisBackoff = RedisBackoff(), healthCheckInterval: Duration = .seconds(5),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.client = RedisClient(
            configuration: configuration, connections: commandConnections, eventLoopGroup: eventLoopGroup,
            logger: logger
        )
        self.prefix = prefix
        self.backoff = backoff
        self.healthCheckInterval = healthCheckInterval
        self.logger = logger
    }

    public func setDeliveryHandler(_ deliver: @escaping @Sendable (String, HubEvent) -> Void) {
        self.state.withLock { $0.deliver = deliver }
    }

    public func setResubscribedHandler(_ handler: @escaping @Sendable ([String]) -> Void) {
        self.state.withLock { $0.resubscribed = handler }
    }

    /// Publishes the event to `prefix + channel` with one pipelined `PUBLISH`. Publishes to the same channel use
    /// the same pool connection, so they reach subscribers in the order they were issued.
    ///
    /// - Throws: ``RedisError`` when Redis cannot be reached or refuses the command.
    public func publish(_ event: HubEvent, to channel: String) async throws {
        _ = try await self.client.command(
            [ByteBuffer(string: "PUBLISH"), self.redisName(channel), event.wireBytes()], routingKey: channel
        )
    }

    /// Subscribes the node and returns once Redis has confirmed every channel.
    ///
    /// - Throws: ``RedisError`` when Redis cannot be reached; the channels are then not subscribed.
    public func subscribe(_ channels: [String]) async throws {
        guard !channels.isEmpty else { return }
        let connection = try await self.subscriberConnection()
        let command = RESPCommand([ByteBuffer(string: "SUBSCRIBE")] + channels.map(self.redisName))
        // Record the channels on the event loop as the last confirmation is read, before any later push or a
        // close is processed, so that neither a message nor a reconnect's snapshot can miss them.
        try await connection.send(command, confirmations: channels.count).map { _ in
            self.state.withLock { $0.channels.formUnion(channels) }
        }.get()
    }

    /// Unsubscribes the node: delivery stops at once, and Redis is told when it is reachable.
    public func unsubscribe(_ channels: [String]) async throws {
        guard !channels.isEmpty else { return }
        self.state.withLock { $0.channels.subtract(channels) }
        // A node that is not connected holds no Redis subscriptions; the next connection will not restore these.
        guard self.subscriber.isConnectedOrConnecting else { return }
        let connection = try await self.subscriberConnection()
        try await connection.unsubscribe(channels.map(self.redisName))
    }

    /// Sends an ordinary command on the command pool; see ``RedisClient/command(_:)-([ByteBuffer])``.
    public func command(_ arguments: [ByteBuffer]) async throws -> RESPValue {
        try await self.client.command(arguments)
    }

    /// Sends an ordinary command on the command pool; see ``RedisClient/command(_:)-([String])``.
    public func command(_ arguments: [String]) async throws -> RESPValue {
        try await self.client.command(arguments)
    }

    /// The channels this node is subscribed to (hub names).
    public var subscribedChannels: Set<String> { self.state.withLock { $0.channels } }

    /// Keeps the subscriber connection up until graceful shutdown or cancellation, then closes every connection.
    public func run() async throws {
        _ = try? await cancelWhenGracefulShutdown { try await self.superviseSubscriber() }
        self.shutdown()
    }

    /// Closes every connection; later calls throw ``RedisError/Code/shutdown``.
    public func shutdown() {
        self.subscriber.shutdown()
        self.client.shutdown()
    }

    func redisName(_ channel: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(self.prefix.utf8.count + channel.utf8.count)
        buffer.writeString(self.prefix)
        buffer.writeString(channel)
        return buffer
    }
}
