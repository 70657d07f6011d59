public import Configuration
public import ParleySettings

/// The settings of the Redis broker, under `parley.redis`.
///
/// Without ``url`` the hub runs as one node with ``ParleyBroker/InProcessBroker``; with it, nodes fan events out
/// to each other through Redis pub/sub (``RedisBroker``) and share presence (``RedisPresenceStore``).
public struct RedisBrokerConfiguration: Sendable {
    static let urlSetting = Setting.optionalString(
        "redis.url", defaultText: "none (in-process)", isSecret: true,
        "`redis://[user:pass@]host:port/db`: fan out through Redis pub/sub")
    static let prefixSetting = Setting.string(
        "redis.prefix", default: "parley:", "prefix of Redis channels and presence keys (several hubs may share a Redis)")
    static let commandTimeoutSetting = Setting.int(
        "redis.commandTimeout", default: 5,
        "seconds a Redis command may wait for its reply before the connection is closed as dead")
    static let publishQueueSetting = Setting.int(
        "redis.publishQueue", default: 65536,
        "events waiting to be sent to the other nodes; beyond it they are dropped (and logged)")

    /// Every setting of the Redis broker, for the executable's flags and help and the README's table.
    public static var settings: [SettingInfo] {
        [urlSetting.info, prefixSetting.info, commandTimeoutSetting.info, publishQueueSetting.info]
    }

    /// The Redis URL, `redis://[user:pass@]host[:port][/db]`; `nil` for a single node without Redis.
    public var url: String?
    /// Prepended to every channel name and presence key on Redis.
    public var prefix = "parley:"
    /// How long a Redis command may wait for its reply before its connection is closed as dead.
    public var commandTimeout: Duration = .seconds(5)
    /// How many published events may wait to be sent to the other nodes.
    public var publishQueue = 65536

    /// The defaults: no Redis.
    public init() {}

    /// Reads the settings.
    ///
    /// Keys, relative to `reader`: `redis.url` (secret), `redis.prefix`, `redis.commandTimeout` (seconds),
    /// `redis.publishQueue`; flags `--redis-url`, `--redis-prefix`, `--redis-command-timeout`,
    /// `--redis-publish-queue`, variables `PARLEY_REDIS_URL`, `PARLEY_REDIS_PREFIX`, `PARLEY_REDIS_COMMAND_TIMEOUT`,
    /// `PARLEY_REDIS_PUBLISH_QUEUE`.
    ///
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        self.url = Self.urlSetting.read(reader)
        self.prefix = Self.prefixSetting.read(reader)
        self.commandTimeout = .seconds(Self.commandTimeoutSetting.read(reader))
        self.publishQueue = Self.publishQueueSetting.read(reader)
    }

    /// Refuses settings that cannot work, naming the flag.
    public func validate() throws {
        try SettingError.check(commandTimeout >= .seconds(1), "redis-command-timeout must be ≥ 1 second")
        try SettingError.check(publishQueue >= 16 && publishQueue <= 10_000_000, "redis-publish-queue must be 16…10000000")
        if let url { _ = try RedisConfiguration(url: url) }
    }
}
