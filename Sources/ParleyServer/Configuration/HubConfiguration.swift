import Configuration
import Foundation
import ParleyModeration

/// Every setting of a hub node. Each has a default, a flag of `parley serve`, and a `PARLEY_*` environment variable.
///
/// Keys read (under `parley.`): `host`, `port`, `dataDir`, `jwtSecret`, `jwtPublicKey`, `tokenTtl`, `bcryptCost`,
/// `maxFrameBytes`, `maxBodyChars`, `maxParticipants`, `rateLimit`, `rateBurst`, `outboundQueue`, `pingInterval`,
/// `maxRecover`, `shutdownTimeout`, `logLevel`, `postgresUrl`, `redisUrl`, `redisPrefix`, `presenceTtl`, `restrictSeconds`,
/// `moderationRules`, `lexiconDir`.
public struct HubConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Folder for the SQLite database and the generated JWT secret.
    public var dataDir = "./.parley"
    /// HS256 secret (≥ 32 bytes); generated into the data dir when unset.
    public var jwtSecret: String?
    /// PEM file of an ES256 or EdDSA public key whose tokens are accepted too.
    public var jwtPublicKey: String?
    /// Lifetime of issued tokens, in seconds.
    public var tokenTTL = 3600
    public var bcryptCost = 10
    public var maxFrameBytes = 65536
    public var maxBodyChars = 4000
    public var maxParticipants = 50
    /// Sends (and, separately, typing events) per second per user.
    public var rateLimit = 10.0
    public var rateBurst = 20.0
    /// Frames queued per connection before it is closed as a slow consumer.
    public var outboundQueue = 256
    /// Seconds between server pings.
    public var pingInterval = 30
    /// Messages returned at most by one `subscribe` with `afterSeq`.
    public var maxRecover = 500
    /// Seconds a graceful shutdown may take.
    public var shutdownTimeout = 5
    public var logLevel = "info"
    /// `postgres://user:pass@host:port/db`: PostgreSQL instead of SQLite (cluster mode).
    public var postgresURL: String?
    /// `redis://[user:pass@]host:port/db`: Redis pub/sub instead of in-process fan-out (cluster mode).
    public var redisURL: String?
    /// Seconds after which a crashed node's users count as offline.
    public var presenceTTL = 30
    /// Seconds a `restrict_sender` decision stops the sender from sending.
    public var restrictSeconds = 86400
    /// Prefix of this hub's Redis keys and channels.
    public var redisPrefix = "parley:"
    /// Moderation policy per category, `category=mask|block|hold`, comma-separated (unlisted categories are masked).
    public var moderationRules = ""
    /// Folder of extra word lists (`<lang>/profanity.txt`, `allow.txt`, `numbers.txt`) read at start.
    public var lexiconDir: String?

    /// The defaults.
    public init() {}

    /// Reads every setting under `parley.`; missing keys keep their defaults.
    public init(reader: ConfigReader) {
        let r = reader.scoped(to: "parley")
        host = r.string(forKey: "host", default: host)
        port = r.int(forKey: "port", default: port)
        dataDir = r.string(forKey: "dataDir", default: dataDir)
        jwtSecret = r.string(forKey: "jwtSecret", isSecret: true)
        jwtPublicKey = r.string(forKey: "jwtPublicKey")
        tokenTTL = r.int(forKey: "tokenTtl", default: tokenTTL)
        bcryptCost = r.int(forKey: "bcryptCost", default: bcryptCost)
        maxFrameBytes = r.int(forKey: "maxFrameBytes", default: maxFrameBytes)
        maxBodyChars = r.int(forKey: "maxBodyChars", default: maxBodyChars)
        maxParticipants = r.int(forKey: "maxParticipants", default: maxParticipants)
        rateLimit = r.double(forKey: "rateLimit", default: rateLimit)
        rateBurst = r.double(forKey: "rateBurst", default: rateBurst)
        outboundQueue = r.int(forKey: "outboundQueue", default: outboundQueue)
        pingInterval = r.int(forKey: "pingInterval", default: pingInterval)
        maxRecover = r.int(forKey: "maxRecover", default: maxRecover)
        shutdownTimeout = r.int(forKey: "shutdownTimeout", default: shutdownTimeout)
        logLevel = r.string(forKey: "logLevel", default: logLevel)
        postgresURL = r.string(forKey: "postgresUrl", isSecret: true)
        redisURL = r.string(forKey: "redisUrl", isSecret: true)
        redisPrefix = r.string(forKey: "redisPrefix", default: redisPrefix)
        presenceTTL = r.int(forKey: "presenceTtl", default: presenceTTL)
        restrictSeconds = r.int(forKey: "restrictSeconds", default: restrictSeconds)
        moderationRules = r.string(forKey: "moderationRules", default: moderationRules)
        lexiconDir = r.string(forKey: "lexiconDir")
    }

    /// `moderationRules` as a list of `category=rule` items.
    public var moderationRuleList: [String] {
        moderationRules.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Refuses settings that cannot work, with a message naming the setting.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw ConfigurationError(message: message) }
        }
        try check((0...65535).contains(port), "port must be 0…65535")
        try check(maxFrameBytes >= 1024 && maxFrameBytes <= 16 << 20, "max-frame-bytes must be 1024…16777216")
        try check(maxBodyChars >= 1 && maxBodyChars <= 100_000, "max-body-chars must be 1…100000")
        try check(maxParticipants >= 2 && maxParticipants <= 10_000, "max-participants must be 2…10000")
        try check(rateLimit > 0 && rateBurst >= 1, "rate-limit must be > 0 and rate-burst ≥ 1")
        try check(outboundQueue >= 8 && outboundQueue <= 1_000_000, "outbound-queue must be 8…1000000")
        try check(pingInterval >= 1, "ping-interval must be ≥ 1 second")
        try check(tokenTTL >= 2, "token-ttl must be ≥ 2 seconds")
        try check((4...16).contains(bcryptCost), "bcrypt-cost must be 4…16")
        try check(presenceTTL >= 3, "presence-ttl must be ≥ 3 seconds")
        try check(maxRecover >= 1 && maxRecover <= 10_000, "max-recover must be 1…10000")
        if let secret = jwtSecret { try check(secret.utf8.count >= 32, "jwt-secret must be at least 32 bytes") }
        do { _ = try ModerationConfiguration.parseRules(moderationRuleList) } catch {
            throw ConfigurationError(message: "moderation-rule: \(error)")
        }
    }

    /// The moderation pipeline these settings describe (word lists are read here, once).
    public func moderationPipeline() throws -> ModerationPipeline {
        do {
            return try ModerationPipeline(
                configuration: .init(rules: try ModerationConfiguration.parseRules(moderationRuleList), lexiconDirectory: lexiconDir))
        } catch let error as ModerationError {
            throw ConfigurationError(message: "\(error)")
        }
    }
}

/// A setting that cannot work.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
