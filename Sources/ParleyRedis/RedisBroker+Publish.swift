import Logging
import NIOCore
public import ParleyBroker
import Synchronization

extension RedisBroker {
    /// Delivers the event to this node at once, through the delivery handler when this node subscribes to the
    /// channel (confirmed by Redis or not yet), then queues it, stamped with this node's ``node`` as its origin, for the other nodes; ``run()``
    /// sends the queue to Redis in publish order. A sender never waits on Redis, and local sockets keep being served
    /// while it is down. When the queue is full the event is logged and not sent to other nodes.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - channel: The channel name, without the prefix.
    /// - Throws: ``RedisError`` with ``RedisError/Code/shutdown`` after ``shutdown()``.
    public func publish(_ event: FanOutEvent, to channel: String) async throws {
        let (deliver, isShutdown) = self.state.withLock { state in
            (state.local.contains(channel) ? state.deliver : nil, state.isShutdown)
        }
        guard !isShutdown else { throw RedisError(.shutdown, message: "Redis broker is shut down") }
        deliver?(channel, event)
        var stamped = event
        stamped.origin = self.node
        if case .dropped = self.outgoing.continuation.yield((stamped, channel)) {
            self.logger.error("broker queue full; event not sent to other nodes", metadata: ["parley.channel": "\(channel)"])
        }
    }

    /// Sends queued events to Redis in order until the queue ends or the task is cancelled. A failed publish is
    /// logged: the event is stored, and clients on other nodes recover it after the broker's resync.
    func drainPublishQueue() async {
        for await (event, channel) in self.outgoing.stream {
            do {
                try await self.sendToRedis(event, on: channel)
            } catch let error as RedisError where error.code == .shutdown {
                return
            } catch {
                self.logger.warning("publish to other nodes failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
            }
        }
    }

    /// Publishes the event to `prefix + channel` with one pipelined `PUBLISH`. Publishes to the same channel use
    /// the same pool connection, so they reach subscribers in the order they were issued.
    func sendToRedis(_ event: FanOutEvent, on channel: String) async throws {
        _ = try await self.client.command(
            [ByteBuffer(string: "PUBLISH"), self.redisName(channel), event.wireBytes()], routingKey: channel
        )
    }
}
