public import Logging
public import NIOCore
public import NIOPosix
public import ParleyBroker
public import ServiceLifecycle
import Synchronization

/// A ``ParleyBroker/Broker`` over Redis pub/sub, for hubs spread over several nodes.
///
/// Each node keeps one `SUBSCRIBE` connection, subscribed to exactly the channels the node's
/// ``ParleyBroker/FanOut`` needs, and fans events out locally. ``publish(_:to:)`` delivers to this node at once and
/// queues the event for the others; ``run()`` sends the queue over a small pool of pipelined command connections
/// (``client``). Redis channel names are ``prefix`` + the channel name; payloads are
/// ``ParleyBroker/FanOutEvent/wireBytes()``, stamped with this ``node`` as origin, so the node skips its own echoes.
///
/// Connections open on first use. Run the broker as a `Service` (pass it to `Application(services:)` or a
/// `ServiceGroup`): ``run()`` sends queued events and keeps the subscriber connection up, reconnecting with
/// ``RedisBackoff`` after Redis goes away, re-subscribing every channel and then calling the resubscribed handler;
/// on graceful shutdown it closes every connection. While Redis is down, ``subscribe(_:)`` throws.
public final class RedisBroker: Broker, Service {
    struct State {
        var deliver: (@Sendable (String, FanOutEvent) -> Void)?
        var resubscribed: (@Sendable ([String]) -> Void)?
        /// Channels Redis confirmed for this node (without the prefix).
        var channels: Set<String> = []
        /// Channels this node subscribes to, confirmed or not yet: its own publishes reach its subscribers at once,
        /// even while Redis has not yet confirmed the channel (or is down).
        var local: Set<String> = []
        var hasConnectedBefore = false
        var isShutdown = false
    }

    /// The command pool, also usable by other features (presence) for ordinary commands.
    public let client: RedisClient
    /// The prefix of every Redis channel name.
    public let prefix: String
    /// This node's name, stamped as origin on the events it publishes.
    public let node: String
    let subscriber = RedisConnectionSlot()
    let backoff: RedisBackoff
    let healthCheckInterval: Duration
    let logger: Logger
    let state = Mutex(State())
    /// Events waiting to go to the other nodes, in publish order; drained by ``run()``.
    let outgoing: (stream: AsyncStream<(FanOutEvent, String)>, continuation: AsyncStream<(FanOutEvent, String)>.Continuation)

    /// Creates a broker from the hub's settings. Nothing connects until first use or ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: The prefix, command timeout and publish queue size (its ``RedisBrokerConfiguration/url``
    ///     is not read: the caller chose Redis by passing `url`).
    ///   - url: `redis://[user:pass@]host[:port][/db]`, usually the configuration's `redis.url`.
    ///   - node: This node's name in the cluster.
    ///   - logger: Where connection events and lost publishes are logged.
    /// - Throws: ``RedisError`` with ``RedisError/Code/invalidURL`` saying what is wrong with the URL.
    public convenience init(configuration: RedisBrokerConfiguration, url: String, node: String, logger: Logger) throws {
        self.init(
            configuration: try RedisConfiguration(url: url), prefix: configuration.prefix, node: node,
            commandTimeout: configuration.commandTimeout, publishQueue: configuration.publishQueue, logger: logger
        )
    }

    /// Creates a broker from a Redis URL with default settings. Nothing connects until first use or ``run()``.
    ///
    /// - Parameters:
    ///   - url: `redis://[user:pass@]host[:port][/db]` (setting `redis.url`).
    ///   - prefix: Prepended to every channel name on Redis (default `parley:`).
    ///   - node: This node's name; by default a random one.
    ///   - logger: Where connection events are logged.
    /// - Throws: ``RedisError`` with ``RedisError/Code/invalidURL`` saying what is wrong with the URL.
    public convenience init(url: String, prefix: String = "parley:", node: String? = nil, logger: Logger) throws {
        self.init(configuration: try RedisConfiguration(url: url), prefix: prefix, node: node, logger: logger)
    }

    /// Creates a broker.
    ///
    /// - Parameters:
    ///   - configuration: Host, port, credentials and database.
    ///   - prefix: Prepended to every channel name on Redis.
    ///   - node: This node's name, stamped as origin on what it publishes; by default a random one.
    ///   - commandConnections: Size of the command pool used for `PUBLISH` and ``command(_:)-([String])``.
    ///   - commandTimeout: How long a command may wait for its reply before its connection is closed as dead.
    ///   - publishQueue: How many events may wait to be sent to the other nodes.
    ///   - backoff: Reconnect delays for the subscriber connection.
    ///   - healthCheckInterval: How often ``run()`` PINGs the subscriber connection to detect a dead peer.
    ///   - eventLoopGroup: Where the connections' I/O runs.
    ///   - logger: Where connection events and lost publishes are logged.
    public init(
        configuration: RedisConfiguration, prefix: String = "parley:", node: String? = nil, commandConnections: Int = 2,
        commandTimeout: Duration = .seconds(5), publishQueue: Int = 65536, backoff: RedisBackoff = RedisBackoff(),
        healthCheckInterval: Duration = .seconds(5),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.client = RedisClient(
            configuration: configuration, connections: commandConnections, commandTimeout: commandTimeout,
            eventLoopGroup: eventLoopGroup, logger: logger
        )
        self.prefix = prefix
        self.node = node ?? "node-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        self.backoff = backoff
        self.healthCheckInterval = healthCheckInterval
        self.logger = logger
        self.outgoing = AsyncStream.makeStream(of: (FanOutEvent, String).self, bufferingPolicy: .bufferingOldest(max(publishQueue, 1)))
    }

    /// Stores the closure that receives events for this node's channels.
    public func setDeliveryHandler(_ deliver: @escaping @Sendable (String, FanOutEvent) -> Void) {
        self.state.withLock { $0.deliver = deliver }
    }

    /// Stores the closure called with the channels re-subscribed after a reconnect.
    public func setResubscribedHandler(_ handler: @escaping @Sendable ([String]) -> Void) {
        self.state.withLock { $0.resubscribed = handler }
    }

    /// Sends queued events and keeps the subscriber connection up until graceful shutdown or cancellation, then
    /// closes every connection.
    public func run() async throws {
        _ = try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.drainPublishQueue() }
                group.addTask { try await self.superviseSubscriber() }
            }
        }
        self.shutdown()
    }

    /// Closes every connection and ends the publish queue; later calls throw ``RedisError/Code/shutdown``.
    public func shutdown() {
        self.state.withLock { $0.isShutdown = true }
        self.outgoing.continuation.finish()
        self.subscriber.shutdown()
        self.client.shutdown()
    }
}
