import Logging
import ParleyBroker
import ParleyProtocol
import ServiceLifecycle
import Synchronization

/// This node's live connections. As a service it closes sockets whose token expired (4001); ``ShutdownDrainer``
/// uses it to close every socket with 1001 before the HTTP server stops.
final class ConnectionRegistry: Service {
    let connections = Mutex([String: Connection]())
    /// Open sockets per user id.
    let perUser = Mutex([String: Int]())
    let draining = Atomic<Bool>(false)
    let logger: Logger
    let drainTimeout: Duration

    init(logger: Logger, drainTimeout: Duration) {
        self.logger = logger
        self.drainTimeout = drainTimeout
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    var count: Int { connections.withLock { $0.count } }

    /// The sockets `userId` has open on this node.
    func sockets(of userId: String) -> Int { perUser.withLock { $0[userId] ?? 0 } }

    /// Registers a connection unless its user already holds `limit` sockets here.
    func add(_ connection: Connection, limit: Int) -> Bool {
        let user = connection.userId
        let added = perUser.withLock { counts -> Bool in
            guard counts[user, default: 0] < limit else { return false }
            counts[user, default: 0] += 1
            return true
        }
        if added { connections.withLock { $0[connection.id] = connection } }
        return added
    }

    func remove(_ connection: Connection) {
        guard connections.withLock({ $0.removeValue(forKey: connection.id) }) != nil else { return }
        let user = connection.userId
        perUser.withLock { counts in
            let left = counts[user, default: 1] - 1
            counts[user] = left > 0 ? left : nil
        }
    }

    func run() async throws {
        await repeatUntilShutdown(every: .milliseconds(500)) { closeExpired(now: Timestamp.now().milliseconds) }
    }

    /// Closes connections whose token expired.
    func closeExpired(now: Int64) {
        let expired = connections.withLock { $0.values.filter { $0.expiresAt <= now } }
        for connection in expired {
            connection.requestClose(code: CloseCode.tokenExpired, reason: "token expired")
        }
    }

    /// Closes every connection with 1001 and waits (bounded) for them to go.
    func drain() async {
        draining.store(true, ordering: .relaxed)
        let all = connections.withLock { Array($0.values) }
        if !all.isEmpty { logger.info("closing connections for shutdown", metadata: ["parley.connections": "\(all.count)"]) }
        for connection in all {
            connection.requestClose(code: CloseCode.goingAway, reason: "server shutting down")
        }
        let deadline = ContinuousClock.now + drainTimeout
        while count > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
