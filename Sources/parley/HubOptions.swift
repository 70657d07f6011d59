import ArgumentParser
import Configuration
import Logging
import ParleyServer

/// The flags every command that opens the hub's storage shares. Each maps to a `parley.*` key, so the flag
/// `--max-frame-bytes` and the variable `PARLEY_MAX_FRAME_BYTES` mean the same; a flag wins over the variable.
struct HubOptions: ParsableArguments {
    @Option(help: "Address to listen on (PARLEY_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (PARLEY_PORT; default 8080).") var port: Int?
    @Option(help: "Folder for the SQLite database and generated secret (PARLEY_DATA_DIR; default ./.parley).") var dataDir: String?
    @Option(help: "PEM public key (ES256 or Ed25519) of an identity service whose tokens are accepted (PARLEY_JWT_PUBLIC_KEY).")
    var jwtPublicKey: String?
    @Option(help: "Lifetime of issued tokens in seconds (PARLEY_TOKEN_TTL; default 3600).") var tokenTtl: Int?
    @Option(help: "bcrypt cost for new passwords, 4…16 (PARLEY_BCRYPT_COST; default 10).") var bcryptCost: Int?
    @Option(help: "Largest WebSocket frame in bytes; larger closes with 1009 (PARLEY_MAX_FRAME_BYTES; default 65536).")
    var maxFrameBytes: Int?
    @Option(help: "Longest message body in characters (PARLEY_MAX_BODY_CHARS; default 4000).") var maxBodyChars: Int?
    @Option(help: "Most participants in a conversation (PARLEY_MAX_PARTICIPANTS; default 50).") var maxParticipants: Int?
    @Option(help: "Sends per second per user, and typing events likewise (PARLEY_RATE_LIMIT; default 10).") var rateLimit: Double?
    @Option(help: "Burst of the per-user rate limit (PARLEY_RATE_BURST; default 20).") var rateBurst: Double?
    @Option(help: "Frames queued per connection before it is closed as slow (PARLEY_OUTBOUND_QUEUE; default 256).")
    var outboundQueue: Int?
    @Option(help: "Seconds between server pings (PARLEY_PING_INTERVAL; default 30).") var pingInterval: Int?
    @Option(help: "Most messages one subscribe with afterSeq recovers (PARLEY_MAX_RECOVER; default 500).") var maxRecover: Int?
    @Option(help: "Seconds a graceful shutdown may take (PARLEY_SHUTDOWN_TIMEOUT; default 5).") var shutdownTimeout: Int?
    @Option(help: "trace, debug, info, notice, warning, error (PARLEY_LOG_LEVEL; default info).") var logLevel: String?
    @Option(help: "postgres://user:pass@host:port/db: store in PostgreSQL instead of SQLite (PARLEY_POSTGRES_URL).")
    var postgresUrl: String?
    @Option(help: "redis://[user:pass@]host:port/db: fan out through Redis pub/sub (PARLEY_REDIS_URL).") var redisUrl: String?
    @Option(help: "Prefix of Redis channels and keys (PARLEY_REDIS_PREFIX; default parley:).") var redisPrefix: String?
    @Option(help: "Seconds until a crashed node's users count as offline (PARLEY_PRESENCE_TTL; default 30).") var presenceTtl: Int?
    @Option(help: "Seconds a restrict_sender decision blocks sending (PARLEY_RESTRICT_SECONDS; default 86400).") var restrictSeconds: Int?
    @Option(
        name: .customLong("moderation-rule"),
        help: "Moderation policy category=mask|block|hold, repeatable (PARLEY_MODERATION_RULES, comma-separated; default mask).")
    var moderationRules: [String] = []
    @Option(help: "Folder of extra word lists, <lang>/profanity.txt, allow.txt, numbers.txt (PARLEY_LEXICON_DIR).")
    var lexiconDir: String?

    /// Flags first, then `PARLEY_*` environment variables, then defaults.
    func configuration() -> HubConfiguration {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func put(_ key: String, _ content: ConfigContent?) {
            if let content { values[AbsoluteConfigKey(["parley", key])] = ConfigValue(content, isSecret: false) }
        }
        put("host", host.map(ConfigContent.string))
        put("port", port.map(ConfigContent.int))
        put("dataDir", dataDir.map(ConfigContent.string))
        put("jwtPublicKey", jwtPublicKey.map(ConfigContent.string))
        put("tokenTtl", tokenTtl.map(ConfigContent.int))
        put("bcryptCost", bcryptCost.map(ConfigContent.int))
        put("maxFrameBytes", maxFrameBytes.map(ConfigContent.int))
        put("maxBodyChars", maxBodyChars.map(ConfigContent.int))
        put("maxParticipants", maxParticipants.map(ConfigContent.int))
        put("rateLimit", rateLimit.map(ConfigContent.double))
        put("rateBurst", rateBurst.map(ConfigContent.double))
        put("outboundQueue", outboundQueue.map(ConfigContent.int))
        put("pingInterval", pingInterval.map(ConfigContent.int))
        put("maxRecover", maxRecover.map(ConfigContent.int))
        put("shutdownTimeout", shutdownTimeout.map(ConfigContent.int))
        put("logLevel", logLevel.map(ConfigContent.string))
        put("postgresUrl", postgresUrl.map(ConfigContent.string))
        put("redisUrl", redisUrl.map(ConfigContent.string))
        put("redisPrefix", redisPrefix.map(ConfigContent.string))
        put("presenceTtl", presenceTtl.map(ConfigContent.int))
        put("restrictSeconds", restrictSeconds.map(ConfigContent.int))
        put("moderationRules", moderationRules.isEmpty ? nil : .string(moderationRules.joined(separator: ",")))
        put("lexiconDir", lexiconDir.map(ConfigContent.string))
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(),
        ])
        return HubConfiguration(reader: reader)
    }

    /// A logger writing to standard error at the configured level.
    static func logger(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        return Logger(label: "parley")
    }
}
