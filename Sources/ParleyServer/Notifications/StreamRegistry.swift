import ParleyProtocol
import Synchronization

/// This node's open notification streams: the per-user limit, and closing them all on graceful shutdown.
final class StreamRegistry: Sendable {
    struct State {
        var streams: [ObjectIdentifier: NotificationStream] = [:]
        var perUser: [String: Int] = [:]
        var draining = false
    }

    let state = Mutex(State())
    let maxPerUser: Int

    /// - Parameter maxPerUser: Open streams one user may hold on this node.
    init(maxPerUser: Int) { self.maxPerUser = maxPerUser }

    /// Registers a stream.
    /// - Throws: `rate_limited` (429) when its user holds `maxPerUser` streams here; `unavailable` while shutting down.
    func add(_ stream: NotificationStream) throws {
        try state.withLock { s throws(ParleyError) in
            guard !s.draining else { throw ParleyError(.unavailable, "the server is shutting down; retry") }
            guard s.perUser[stream.userId, default: 0] < maxPerUser else {
                throw ParleyError(.rateLimited, "at most \(maxPerUser) open notification streams per user; close one first", retryAfter: 1)
            }
            s.perUser[stream.userId, default: 0] += 1
            s.streams[ObjectIdentifier(stream)] = stream
        }
    }

    func remove(_ stream: NotificationStream) {
        state.withLock { s in
            guard s.streams.removeValue(forKey: ObjectIdentifier(stream)) != nil else { return }
            let left = s.perUser[stream.userId, default: 1] - 1
            s.perUser[stream.userId] = left > 0 ? left : nil
        }
    }

    /// How many streams are open.
    var count: Int { state.withLock { $0.streams.count } }

    /// Ends every stream and refuses new ones (graceful shutdown).
    func closeAll() {
        let all = state.withLock { s in
            s.draining = true
            return Array(s.streams.values)
        }
        for stream in all { stream.close() }
    }
}
