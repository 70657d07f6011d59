public import ParleyBroker
public import ParleyProtocol

/// Presence kept in Redis, shared by every node: a sorted set per user of `node → expiry`, a hash of last-seen times,
/// and one sorted set of every `node|user` mark by expiry, which lets a live node find the marks a crashed node left
/// (node names never contain `|`; user ids may, as external token subjects like `auth0|…` do).
/// A node that crashes stops refreshing its marks, so its users go offline when they expire. Each change is one Lua
/// script: one round trip, applied atomically.
public final class RedisPresenceStore: PresenceStore {
    let redis: RedisBroker
    let ttlMillis: Int64
    let prefix: String

    /// Keeps presence under the broker's prefix + `presence:`, sending commands on its pool.
    ///
    /// - Parameters:
    ///   - redis: The broker whose command pool and prefix the store uses.
    ///   - ttl: How long a mark lives without a heartbeat.
    public init(redis: RedisBroker, ttl: Duration) {
        self.redis = redis
        self.ttlMillis = ttl.components.seconds * 1000
        self.prefix = redis.prefix + "presence:"
    }

    var userPrefix: String { prefix + "user:" }
    var lastSeenKey: String { prefix + "last-seen" }
    var expiriesKey: String { prefix + "expiries" }

    /// ARGV: now, expiry, key ttl (ms), node, user…; refreshes each user's mark and returns, per user, how many live
    /// marks it had before (0: the user was offline everywhere).
    static let markScript = """
        local now, expiry, keyTTL, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
        local before = {}
        for i = 5, #ARGV do
          local user = ARGV[i]
          local key = KEYS[1] .. user
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
          before[#before + 1] = redis.call('ZCARD', key)
          redis.call('ZADD', key, expiry, node)
          redis.call('PEXPIRE', key, keyTTL)
          redis.call('HSET', KEYS[2], user, now)
          redis.call('ZADD', KEYS[3], expiry, node .. '|' .. user)
        end
        return before
        """

    /// ARGV: now, node, user; removes the mark (and any expired ones) and returns the user's live marks left.
    static let unmarkScript = """
        local now, node, user = ARGV[1], ARGV[2], ARGV[3]
        local key = KEYS[1] .. user
        redis.call('ZREM', key, node)
        redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
        redis.call('HSET', KEYS[2], user, now)
        redis.call('ZREM', KEYS[3], node .. '|' .. user)
        return redis.call('ZCARD', key)
        """

    /// ARGV: now, limit; claims expired marks and returns the users whose claimed mark was their last live one. A
    /// mark already removed (the user left, or came back and pruned it) is claimed without reporting anyone, so
    /// each loss is reported once.
    static let expiredScript = """
        local now = ARGV[1]
        local gone = {}
        local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
        for _, member in ipairs(due) do
          redis.call('ZREM', KEYS[3], member)
          local sep = string.find(member, '|', 1, true)
          local node, user = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
          local key = KEYS[1] .. user
          local score = redis.call('ZSCORE', key, node)
          if score and tonumber(score) <= tonumber(now) then
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
            if redis.call('ZCARD', key) == 0 then gone[#gone + 1] = user end
          end
        end
        return gone
        """

    func run(_ script: String, _ arguments: [String]) async throws -> RESPValue {
        try await redis.command(["EVAL", script, "3", userPrefix, lastSeenKey, expiriesKey] + arguments)
    }

    func mark(_ users: [String], node: String, now: Timestamp) async throws -> [Int64] {
        let reply = try await run(
            Self.markScript, ["\(now.milliseconds)", "\(now.milliseconds + ttlMillis)", "\(ttlMillis * 2)", node] + users)
        guard case .array(let counts) = reply else { throw RedisError(.unexpectedReply, message: "presence script answered \(reply)") }
        return counts.map { $0.int ?? 0 }
    }

    /// Marks the user online on `node`; true when the user was offline on every node before.
    public func connected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        try await mark([userId], node: node, now: now).first == 0
    }

    /// Marks the user offline on `node`; true when the user is now offline on every node.
    public func disconnected(userId: String, node: String, now: Timestamp) async throws -> Bool {
        try await run(Self.unmarkScript, ["\(now.milliseconds)", node, userId]).int == 0
    }

    /// Refreshes `node`'s marks; returns the users who counted as offline everywhere just before.
    public func heartbeat(userIds: [String], node: String, now: Timestamp) async throws -> [String] {
        // in batches, so that one script never runs long inside Redis
        var cameBack: [String] = []
        var start = 0
        while start < userIds.count {
            let batch = Array(userIds[start..<min(start + 500, userIds.count)])
            for (user, before) in zip(batch, try await mark(batch, node: node, now: now)) where before == 0 {
                cameBack.append(user)
            }
            start += batch.count
        }
        return cameBack
    }

    /// Claims users whose last mark expired, up to `limit`; each is returned once.
    public func expired(now: Timestamp, limit: Int) async throws -> [String] {
        let reply = try await run(Self.expiredScript, ["\(now.milliseconds)", "\(limit)"])
        guard case .array(let users) = reply else { throw RedisError(.unexpectedReply, message: "presence script answered \(reply)") }
        var seen = Set<String>()
        return users.compactMap(\.string).filter { seen.insert($0).inserted }
    }

    /// The presence of each user: online with `lastSeenAt` now, or offline with the last time seen.
    public func states(_ userIds: [String], now: Timestamp) async throws -> [PresenceState] {
        var states: [PresenceState] = []
        for user in userIds {
            let online = try await redis.command(["ZCOUNT", userPrefix + user, "(\(now.milliseconds)", "+inf"]).int ?? 0 > 0
            let seen = try await redis.command(["HGET", lastSeenKey, user]).string.flatMap(Int64.init)
            states.append(
                PresenceState(
                    userId: user, state: online ? .online : .offline,
                    lastSeenAt: online ? now : seen.map(Timestamp.init(milliseconds:))))
        }
        return states
    }
}
