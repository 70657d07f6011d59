public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// A small pool of pipelined command connections to one Redis, opened on demand.
///
/// Commands go round-robin over the connections and are pipelined on each. A closed connection is replaced at
/// the next command; when Redis is unreachable the command throws ``RedisError`` (there is no retry or queue).
public final class RedisClient: Sendable {
    /// Where the client connects.
    public let configuration: RedisConfiguration
    let slots: [RedisConnectionSlot]
    let eventLoopGroup: any EventLoopGroup
    let commandTimeout: TimeAmount
    let logger: Logger
    private let next = Atomic<Int>(0)

    /// - Parameters:
    ///   - configuration: Host, port, credentials and database.
    ///   - connections: How many command connections to keep (at least 1).
    ///   - commandTimeout: How long a command may wait for its reply before its connection is closed as dead.
    ///   - eventLoopGroup: Where the connections' I/O runs.
    ///   - logger: Where connection events are logged.
    public init(
        configuration: RedisConfiguration, connections: Int = 2, commandTimeout: Duration = .seconds(5),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.configuration = configuration
        self.slots = (0..<max(connections, 1)).map { _ in RedisConnectionSlot() }
        self.eventLoopGroup = eventLoopGroup
        self.commandTimeout = TimeAmount(commandTimeout)
        self.logger = logger
    }

    /// Sends a command on one of the pool's connections and returns its reply.
    ///
    /// - Parameter arguments: The command name and arguments, binary-safe.
    /// - Throws: ``RedisError``: ``RedisError/Code/serverError`` for an error reply, ``RedisError/Code/unavailable``
    ///   or ``RedisError/Code/connectionClosed`` when Redis cannot be reached.
    public func command(_ arguments: [ByteBuffer]) async throws -> RESPValue {
        try await self.connection().command(arguments)
    }

    /// Sends a command on one of the pool's connections and returns its reply.
    ///
    /// - Parameter arguments: The command name and arguments, as UTF-8 text.
    public func command(_ arguments: [String]) async throws -> RESPValue {
        try await self.command(arguments.map { ByteBuffer(string: $0) })
    }

    /// Sends a command on the connection that `routingKey` maps to, so commands with the same key keep the
    /// order in which they were issued (one connection is FIFO; the pool as a whole is not).
    func command(_ arguments: [ByteBuffer], routingKey: String) async throws -> RESPValue {
        let index = Int(UInt(bitPattern: routingKey.hashValue) % UInt(self.slots.count))
        return try await self.connection(index).command(arguments)
    }

    func connection() async throws -> RedisConnection {
        let index = self.next.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await self.connection(index % self.slots.count)
    }

    func connection(_ index: Int) async throws -> RedisConnection {
        let slot = self.slots[index]
        if let connection = slot.current { return connection }
        return try await slot.get { [configuration, eventLoopGroup, commandTimeout, logger] in
            let connection = try await RedisConnection.connect(
                configuration: configuration, eventLoopGroup: eventLoopGroup, commandTimeout: commandTimeout
            )
            logger.debug("redis command connection open", metadata: ["parley.redis": "\(configuration)"])
            return connection
        }
    }

    /// Closes every connection; later commands throw ``RedisError/Code/shutdown``.
    public func shutdown() {
        for slot in self.slots { slot.shutdown() }
    }
}
