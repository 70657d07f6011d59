import Synchronization

/// Holds at most one live connection, opening it on demand; concurrent callers share one connect attempt.
final class RedisConnectionSlot: Sendable {
    private struct State {
        var connection: RedisConnection?
        var connecting = false
        var waiters: [CheckedContinuation<RedisConnection, any Error>] = []
        var isShutdown = false
    }

    private enum Action {
        case use(RedisConnection)
        case connect
        case wait
        case fail(RedisError)
    }

    private let state = Mutex(State())

    /// The live connection, if there is one.
    var current: RedisConnection? {
        self.state.withLock { state in state.connection.flatMap { $0.isActive ? $0 : nil } }
    }

    /// Whether a connection is open or being opened.
    var isConnectedOrConnecting: Bool {
        self.state.withLock { state in state.connecting || (state.connection?.isActive ?? false) }
    }

    /// Returns the live connection, or opens one with `open` (or joins an attempt already under way).
    func get(open: @Sendable () async throws -> RedisConnection) async throws -> RedisConnection {
        let action = self.state.withLock { state -> Action in
            if state.isShutdown { return .fail(RedisError(.shutdown, message: "Redis client is shut down")) }
            if let connection = state.connection, connection.isActive { return .use(connection) }
            state.connection = nil
            if state.connecting { return .wait }
            state.connecting = true
            return .connect
        }
        switch action {
        case .use(let connection):
            return connection
        case .fail(let error):
            throw error
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let action = self.state.withLock { state -> Action in
                    if state.connecting {
                        state.waiters.append(continuation)
                        return .wait
                    }
                    if let connection = state.connection { return .use(connection) }
                    return .fail(RedisError(.unavailable, message: "Redis connection attempt failed"))
                }
                switch action {
                case .use(let connection): continuation.resume(returning: connection)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait, .connect: break
                }
            }
        case .connect:
            do {
                let connection = try await open()
                let (waiters, shutdown) = self.state.withLock { state in
                    state.connecting = false
                    if !state.isShutdown { state.connection = connection }
                    defer { state.waiters = [] }
                    return (state.waiters, state.isShutdown)
                }
                if shutdown {
                    connection.close()
                    let error = RedisError(.shutdown, message: "Redis client is shut down")
                    for waiter in waiters { waiter.resume(throwing: error) }
                    throw error
                }
                for waiter in waiters { waiter.resume(returning: connection) }
                return connection
            } catch {
                let waiters = self.state.withLock { state in
                    state.connecting = false
                    defer { state.waiters = [] }
                    return state.waiters
                }
                for waiter in waiters { waiter.resume(throwing: error) }
                throw error
            }
        }
    }

    /// Closes the connection and refuses new ones.
    func shutdown() {
        let connection = self.state.withLock { state in
            state.isShutdown = true
            defer { state.connection = nil }
            return state.connection
        }
        connection?.close()
    }
}
