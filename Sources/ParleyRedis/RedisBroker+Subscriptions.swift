public import NIOCore
import ParleyBroker
import Synchronization

extension RedisBroker {
    /// Subscribes the node and returns once Redis has confirmed every channel.
    ///
    /// - Parameter channels: Channel names, without the prefix.
    /// - Throws: ``RedisError`` when Redis cannot be reached; the channels are then not subscribed.
    public func subscribe(_ channels: [String]) async throws {
        guard !channels.isEmpty else { return }
        self.state.withLock { $0.local.formUnion(channels) }
        do {
            let connection = try await self.subscriberConnection()
            // Recorded on the event loop as the last confirmation is read, before any later push or a close is
            // processed, so that neither a message nor a reconnect's snapshot can miss them.
            try await connection.subscribe(channels.map(self.redisName)) {
                self.state.withLock { $0.channels.formUnion(channels) }
            }
        } catch {
            self.state.withLock { $0.local.subtract(channels) }
            throw error
        }
    }

    /// Unsubscribes the node: delivery stops at once, and Redis is told when it is reachable.
    ///
    /// - Parameter channels: Channel names, without the prefix.
    public func unsubscribe(_ channels: [String]) async throws {
        guard !channels.isEmpty else { return }
        self.state.withLock { state in
            state.channels.subtract(channels)
            state.local.subtract(channels)
        }
        // A node that is not connected holds no Redis subscriptions; the next connection will not restore these.
        guard self.subscriber.isConnectedOrConnecting else { return }
        let connection = try await self.subscriberConnection()
        try await connection.unsubscribe(channels.map(self.redisName))
    }

    /// Whether Redis answers a PING now.
    public func isReachable() async -> Bool {
        (try? await self.command(["PING"])) == .simpleString("PONG")
    }

    /// The channels this node is subscribed to (without the prefix).
    public var subscribedChannels: Set<String> { self.state.withLock { $0.channels } }

    /// Sends an ordinary command on the command pool; see ``RedisClient/command(_:)-([ByteBuffer])``.
    public func command(_ arguments: [ByteBuffer]) async throws -> RESPValue {
        try await self.client.command(arguments)
    }

    /// Sends an ordinary command on the command pool; see ``RedisClient/command(_:)-([String])``.
    public func command(_ arguments: [String]) async throws -> RESPValue {
        try await self.client.command(arguments)
    }

    func redisName(_ channel: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(self.prefix.utf8.count + channel.utf8.count)
        buffer.writeString(self.prefix)
        buffer.writeString(channel)
        return buffer
    }
}
