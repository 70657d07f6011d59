import ParleyProtocol
import ParleyRedis

/// Presence kept in Redis, shared by every node: a sorted set per user of `node → expiry`, plus a hash of
/// last-seen times. A node that crashes stops refreshing its entries, so its users go offline when they expire.
final class RedisPresenceStore: PresenceStore {
    let redis: RedisBroker
    let ttlMillis: Int64
    let prefix: String

    init(redis: RedisBroker, ttl: Duration) {
        self.redis = redis
        self.ttlMillis = ttl.components.seconds * 1000
        self.prefix = redis.prefix + "presence:"
    }

    func key(_ user: String) -> String { prefix + "user:" + user }
    var lastSeenKey: String { prefix + "last-seen" }

    func onlineCount(_ user: String, now: Timestamp) async throws -> Int64 {
        try await redis.command(["ZCOUNT", key(user), "(\(now.milliseconds)", "+inf"]).int ?? 0
    }

    func mark(_ user: String, node: String, now: Timestamp) async throws {
        _ = try await redis.command(["ZADD", key(user), "\(now.milliseconds + ttlMillis)", node])
        _ = try await redis.command(["ZREMRANGEBYSCORE", key(user), "-inf", "\(now.milliseconds)"])
        _ = try await redis.command(["PEXPIRE", key(user), "\(ttlMillis * 2)"])
        _ = try await redis.command(["HSET", lastSeenKey, user, "\(now.milliseconds)"])
    }

    func connected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        let before = try await onlineCount(userId, now: now)
        try await mark(userId, node: node, now: now)
        return before == 0
    }

    func disconnected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        _ = try await redis.command(["ZREM", key(userId), node])
        _ = try await redis.command(["HSET", lastSeenKey, userId, "\(now.milliseconds)"])
        return try await onlineCount(userId, now: now) == 0
    }

    func heartbeat(userIds: [String], node: String, now: Timestamp) async throws {
        for user in userIds { try await mark(user, node: node, now: now) }
    }

    func states(_ userIds: [String], now: Timestamp) async throws -> [PresenceState] {
        var states: [PresenceState] = []
        for user in userIds {
            let online = try await onlineCount(user, now: now) > 0
            let seen = try await redis.command(["HGET", lastSeenKey, user]).string.flatMap(Int64.init)
            states.append(
                PresenceState(
                    userId: user, state: online ? "online" : "offline",
                    lastSeenAt: online ? now : seen.map(Timestamp.init(milliseconds:))))
        }
        return states
    }
}
