import Logging
import NIOCore
import ParleyBroker
import Synchronization

extension RedisBroker {
    func subscriberConnection() async throws -> RedisConnection {
        if let connection = self.subscriber.current { return connection }
        return try await self.subscriber.get { try await self.openSubscriber() }
    }

    /// Opens the subscriber connection and restores the node's subscriptions before anyone can use it.
    func openSubscriber() async throws -> RedisConnection {
        let connection = try await RedisConnection.connect(
            configuration: self.client.configuration, eventLoopGroup: self.client.eventLoopGroup,
            commandTimeout: self.client.commandTimeout
        ) { [weak self] channel, payload in
            self?.received(payload, on: channel)
        }
        let (channels, isReconnect) = self.state.withLock { state in
            defer { state.hasConnectedBefore = true }
            return (state.channels.sorted(), state.hasConnectedBefore)
        }
        do {
            try await connection.subscribe(channels.map(self.redisName))
        } catch {
            connection.close()
            throw error
        }
        self.logger.info(
            "redis subscriber connected",
            metadata: ["parley.redis": "\(self.client.configuration)", "parley.channels": "\(channels.count)"]
        )
        if isReconnect, !channels.isEmpty {
            let handler = self.state.withLock { $0.resubscribed }
            handler?(channels)
        }
        return connection
    }

    /// Runs on the subscriber connection's event loop: decode once, deliver to the fan-out. This node's own events
    /// are skipped: ``publish(_:to:)`` delivered them already.
    func received(_ payload: ByteBuffer, on redisChannel: ByteBuffer) {
        var name = redisChannel
        guard let prefix = name.readString(length: min(self.prefix.utf8.count, name.readableBytes)),
            prefix == self.prefix, let channel = name.readString(length: name.readableBytes)
        else { return }
        let deliver = self.state.withLock { $0.channels.contains(channel) ? $0.deliver : nil }
        guard let deliver else { return }
        do {
            let event = try FanOutEvent(wire: payload)
            guard event.origin != self.node else { return }
            deliver(channel, event)
        } catch {
            self.logger.warning(
                "dropped malformed broker event", metadata: ["parley.channel": "\(channel)", "error": "\(error)"]
            )
        }
    }

    /// Returns when the connection closes. Sends PING every ``healthCheckInterval`` so that a silently dead peer
    /// (no RST) is noticed: an unanswered PING times out and closes the connection.
    func watch(_ connection: RedisConnection) async throws {
        let (seconds, attoseconds) = self.healthCheckInterval.components
        let interval = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        // The reply is not needed: the handler's command timeout closes the connection if none comes.
        let ping = connection.channel.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            _ = connection.send(RESPCommand(["PING"]), confirmations: 0)
        }
        defer { ping.cancel() }
        try await connection.closeFuture.get()
    }

    /// Reconnects the subscriber connection whenever it drops, with backoff, until cancelled.
    func superviseSubscriber() async throws {
        var attempt = 0
        while !Task.isCancelled {
            let connection: RedisConnection
            do {
                connection = try await self.subscriberConnection()
            } catch let error as RedisError where error.code == .shutdown {
                return
            } catch {
                let delay = self.backoff.delay(attempt: attempt)
                attempt += 1
                self.logger.warning(
                    "redis subscriber connect failed",
                    metadata: ["error": "\(error)", "parley.redis.retry_in": "\(delay)"]
                )
                try await Task.sleep(for: delay)
                continue
            }
            attempt = 0
            try await withTaskCancellationHandler {
                try await self.watch(connection)
            } onCancel: {
                connection.close()
            }
            if !Task.isCancelled {
                self.logger.warning("redis subscriber connection lost; reconnecting")
            }
        }
    }
}
