public import Configuration
public import ParleySettings

/// The limits of chat: sizes, rates, recovery, presence.
public struct ChatConfiguration: Sendable {
    /// `maxBodyChars` (`--max-body-chars`, `PARLEY_MAX_BODY_CHARS`).
    public static let maxBodyChars = Setting.int(
        "maxBodyChars", default: 4000, "longest message body in characters (`too_large`)")
    /// `maxBodyBytes` (`--max-body-bytes`, `PARLEY_MAX_BODY_BYTES`).
    public static let maxBodyBytes = Setting.int(
        "maxBodyBytes", default: 32 * 1024,
        "longest message body in bytes of UTF-8 (`too_large`); subjects and ids may take 4 bytes per character")
    /// `maxParticipants` (`--max-participants`, `PARLEY_MAX_PARTICIPANTS`).
    public static let maxParticipants = Setting.int(
        "maxParticipants", default: 50, "most participants in a conversation")
    /// `maxSubjectChars` (`--max-subject-chars`, `PARLEY_MAX_SUBJECT_CHARS`).
    public static let maxSubjectChars = Setting.int(
        "maxSubjectChars", default: 200, "longest conversation subject in characters")
    /// `maxIdChars` (`--max-id-chars`, `PARLEY_MAX_ID_CHARS`).
    public static let maxIdChars = Setting.int(
        "maxIdChars", default: 128, "longest id a client chooses (`clientMsgId`, `orderId`) in characters")
    /// `rateLimit` (`--rate-limit`, `PARLEY_RATE_LIMIT`).
    public static let rateLimit = Setting.double(
        "rateLimit", default: 10, "sends per second per user (REST and WebSocket share it); typing has its own bucket")
    /// `rateBurst` (`--rate-burst`, `PARLEY_RATE_BURST`).
    public static let rateBurst = Setting.double("rateBurst", default: 20, "burst of that token bucket")
    /// `conversationsPerHour` (`--conversations-per-hour`, `PARLEY_CONVERSATIONS_PER_HOUR`).
    public static let conversationsPerHour = Setting.int(
        "conversationsPerHour", default: 200, "conversations one user may create per hour (`rate_limited`)")
    /// `maxRecover` (`--max-recover`, `PARLEY_MAX_RECOVER`).
    public static let maxRecover = Setting.int(
        "maxRecover", default: 500,
        "most messages one `subscribe` with `afterSeq` returns (`hasMore` says there are more)")
    /// `maxRecoverBytes` (`--max-recover-bytes`, `PARLEY_MAX_RECOVER_BYTES`).
    public static let maxRecoverBytes = Setting.int(
        "maxRecoverBytes", default: 1 << 20,
        "most bytes of messages one `subscribe` with `afterSeq` returns (`hasMore` says there are more)")
    /// `presenceTtl` (`--presence-ttl`, `PARLEY_PRESENCE_TTL`).
    public static let presenceTtl = Setting.int(
        "presenceTtl", default: 30, "seconds until a crashed node's users count as offline")
    /// `presenceQueue` (`--presence-queue`, `PARLEY_PRESENCE_QUEUE`).
    public static let presenceQueue = Setting.int(
        "presenceQueue", default: 100_000,
        "presence changes waiting to be recorded; beyond it changes are dropped with a log line")

    /// The declarations, in the order the README lists them.
    public static var settings: [SettingInfo] {
        [
            maxBodyChars.info, maxBodyBytes.info, maxParticipants.info, maxSubjectChars.info, maxIdChars.info, rateLimit.info, rateBurst.info,
            conversationsPerHour.info,
            maxRecover.info, maxRecoverBytes.info, presenceTtl.info, presenceQueue.info,
        ]
    }

    public var maxBodyChars = Self.maxBodyChars.defaultValue
    public var maxBodyBytes = Self.maxBodyBytes.defaultValue
    public var maxParticipants = Self.maxParticipants.defaultValue
    public var maxSubjectChars = Self.maxSubjectChars.defaultValue
    public var maxIdChars = Self.maxIdChars.defaultValue
    /// Sends (and, separately, typing events) per second per user.
    public var rateLimit = Self.rateLimit.defaultValue
    public var rateBurst = Self.rateBurst.defaultValue
    /// Conversations a user may create per hour (a bucket of that size, refilled evenly).
    public var conversationsPerHour = Self.conversationsPerHour.defaultValue
    /// Messages returned at most by one `subscribe` with `afterSeq`.
    public var maxRecover = Self.maxRecover.defaultValue
    /// Bytes of messages returned at most by one `subscribe` with `afterSeq` (estimated generously).
    public var maxRecoverBytes = Self.maxRecoverBytes.defaultValue
    /// Seconds after which a crashed node's users count as offline.
    public var presenceTTL = Self.presenceTtl.defaultValue
    public var presenceQueue = Self.presenceQueue.defaultValue

    /// The defaults.
    public init() {}

    /// Reads `parley.maxBodyChars`, `maxBodyBytes`, `maxParticipants`, `maxSubjectChars`, `maxIdChars`, `rateLimit`,
    /// `rateBurst`, `conversationsPerHour`,
    /// `maxRecover`, `presenceTtl`, `presenceQueue`.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        maxBodyChars = Self.maxBodyChars.read(reader)
        maxBodyBytes = Self.maxBodyBytes.read(reader)
        maxParticipants = Self.maxParticipants.read(reader)
        maxSubjectChars = Self.maxSubjectChars.read(reader)
        maxIdChars = Self.maxIdChars.read(reader)
        rateLimit = Self.rateLimit.read(reader)
        rateBurst = Self.rateBurst.read(reader)
        conversationsPerHour = Self.conversationsPerHour.read(reader)
        maxRecover = Self.maxRecover.read(reader)
        maxRecoverBytes = Self.maxRecoverBytes.read(reader)
        presenceTTL = Self.presenceTtl.read(reader)
        presenceQueue = Self.presenceQueue.read(reader)
    }

    /// Refuses settings that cannot work, naming the flag.
    public func validate() throws {
        try SettingError.check(maxBodyChars >= 1 && maxBodyChars <= 100_000, "max-body-chars must be 1…100000")
        try SettingError.check(maxBodyBytes >= 4 && maxBodyBytes <= 1 << 20, "max-body-bytes must be 4…1048576")
        try SettingError.check(maxParticipants >= 2 && maxParticipants <= 10_000, "max-participants must be 2…10000")
        try SettingError.check(maxSubjectChars >= 1 && maxSubjectChars <= 10_000, "max-subject-chars must be 1…10000")
        try SettingError.check(maxIdChars >= 1 && maxIdChars <= 1024, "max-id-chars must be 1…1024")
        try SettingError.check(rateLimit > 0 && rateBurst >= 1, "rate-limit must be > 0 and rate-burst ≥ 1")
        try SettingError.check(conversationsPerHour >= 1, "conversations-per-hour must be ≥ 1")
        try SettingError.check(maxRecoverBytes >= 4096, "max-recover-bytes must be ≥ 4096")
        try SettingError.check(maxRecover >= 1 && maxRecover <= 10_000, "max-recover must be 1…10000")
        try SettingError.check(presenceTTL >= 3, "presence-ttl must be ≥ 3 seconds")
        try SettingError.check(presenceQueue >= 16, "presence-queue must be ≥ 16")
    }
}
