public import ParleyProtocol
import Synchronization

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

    /// Marks the user online on `node`; true when the user was offline on every node before.
    public func connected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        state.withLock { s in
            prune(&s, userId, now: now.milliseconds)
            let was = online(s, userId, now: now.milliseconds)
            s.marks[userId, default: [:]][node] = now.milliseconds + ttlMillis
            s.lastSeen[userId] = now.milliseconds
            return !was
        }
    }

    /// Marks the user offline on `node`; true when the user is now offline on every node.
    public func disconnected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        state.withLock { s in
            s.marks[userId]?[node] = nil
            prune(&s, userId, now: now.milliseconds)
            s.lastSeen[userId] = now.milliseconds
            return !online(s, userId, now: now.milliseconds)
        }
    }

    /// Refreshes `node`'s marks; returns the users who counted as offline everywhere just before.
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

    /// Claims users whose last mark expired, up to `limit`; each is returned once.
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

    /// The presence of each user: online with `lastSeenAt` now, or offline with the last time seen.
    public func states(_ userIds: [String], now: Timestamp) async throws -> [PresenceState] {
        state.withLock { s in
            userIds.map { user in
                let on = online(s, user, now: now.milliseconds)
                return PresenceState(
                    userId: user, state: on ? .online : .offline,
                    lastSeenAt: on ? now : s.lastSeen[user].map(Timestamp.init(milliseconds:)))
            }
        }
    }
}
