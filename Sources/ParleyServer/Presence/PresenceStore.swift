import ParleyProtocol
import Synchronization

/// One participant's presence: `{userId, state: "online"|"offline", lastSeenAt}`.
public struct PresenceState: Codable, Sendable, Equatable {
    public var userId: String
    public var state: String
    /// When the user was last seen connected (now, while online); null if never.
    public var lastSeenAt: Timestamp?

    enum CodingKeys: String, CodingKey { case userId, state, lastSeenAt }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(userId, forKey: .userId)
        try c.encode(state, forKey: .state)
        try c.encode(lastSeenAt, forKey: .lastSeenAt)
    }
}

/// Who is online, across every node. A node marks its users online while it has sockets for them and refreshes
/// that with a heartbeat; a crashed node's users go offline once its marks expire.
public protocol PresenceStore: Sendable {
    /// Marks the user online on this node; true when the user was offline on every node before.
    func connected(userId: String, node: String, now: Timestamp) async throws -> Bool
    /// Marks the user offline on this node; true when the user is now offline on every node.
    func disconnected(userId: String, node: String, now: Timestamp) async throws -> Bool
    /// Refreshes this node's marks for its connected users; returns those who counted as offline everywhere just
    /// before (their mark had lapsed, e.g. a late heartbeat, or their `connected` has not run yet).
    func heartbeat(userIds: [String], node: String, now: Timestamp) async throws -> [String]
    /// The presence of each user.
    func states(_ userIds: [String], now: Timestamp) async throws -> [PresenceState]
    /// Users whose last mark has expired (their node stopped refreshing it: it crashed) and who are now offline
    /// everywhere. Each expiry is handed to exactly one caller, so one node announces it.
    func expired(now: Timestamp, limit: Int) async throws -> [String]
}

/// Presence for a single node, in memory.
public final class InMemoryPresenceStore: PresenceStore {
    struct State {
        /// user → node → expiry (ms)
        var marks: [String: [String: Int64]] = [:]
        var lastSeen: [String: Int64] = [:]
    }

    let state = Mutex(State())
    let ttlMillis: Int64

    /// - Parameter ttl: How long a mark lives without a heartbeat.
    public init(ttl: Duration) {
        self.ttlMillis = ttl.components.seconds * 1000
    }

    func online(_ s: State, _ user: String, now: Int64) -> Bool {
        (s.marks[user] ?? [:]).values.contains { $0 > now }
    }

    /// Drops the user's expired marks (as the Redis store does on every change), so a later sweep does not report
    /// a loss that a connect or disconnect already settled.
    func prune(_ s: inout State, _ user: String, now: Int64) {
        guard let marks = s.marks[user] else { return }
        let live = marks.filter { $0.value > now }
        s.marks[user] = live.isEmpty ? nil : live
    }

    public func connected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        state.withLock { s in
            prune(&s, userId, now: now.milliseconds)
            let was = online(s, userId, now: now.milliseconds)
            s.marks[userId, default: [:]][node] = now.milliseconds + ttlMillis
            s.lastSeen[userId] = now.milliseconds
            return !was
        }
    }

    public func disconnected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        state.withLock { s in
            s.marks[userId]?[node] = nil
            prune(&s, userId, now: now.milliseconds)
            s.lastSeen[userId] = now.milliseconds
            return !online(s, userId, now: now.milliseconds)
        }
    }

    public func heartbeat(userIds: [String], node: String, now: Timestamp) async throws -> [String] {
        state.withLock { s in
            var cameBack: [String] = []
            for user in userIds {
                prune(&s, user, now: now.milliseconds)
                if !online(s, user, now: now.milliseconds) { cameBack.append(user) }
                s.marks[user, default: [:]][node] = now.milliseconds + ttlMillis
                s.lastSeen[user] = now.milliseconds
            }
            return cameBack
        }
    }

    public func expired(now: Timestamp, limit: Int) async throws -> [String] {
        state.withLock { s in
            var gone: [String] = []
            for (user, marks) in s.marks where gone.count < limit && !marks.values.contains(where: { $0 > now.milliseconds }) {
                gone.append(user)
            }
            for user in gone { s.marks[user] = nil }
            return gone
        }
    }

    public func states(_ userIds: [String], now: Timestamp) async throws -> [PresenceState] {
        state.withLock { s in
            userIds.map { user in
                let on = online(s, user, now: now.milliseconds)
                return PresenceState(
                    userId: user, state: on ? "online" : "offline",
                    lastSeenAt: on ? now : s.lastSeen[user].map(Timestamp.init(milliseconds:)))
            }
        }
    }
}
