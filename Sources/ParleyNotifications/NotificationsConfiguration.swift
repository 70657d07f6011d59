public import Configuration
public import ParleySettings

/// The limits of the notification inbox and its streams.
public struct NotificationsConfiguration: Sendable {
    /// `maxStreamsPerUser` (`--max-streams-per-user`, `PARLEY_MAX_STREAMS_PER_USER`).
    public static let maxStreamsPerUser = Setting.int(
        "maxStreamsPerUser", default: 5,
        "open notification streams (SSE) one user may hold on this node; more are refused (429 `rate_limited`)")
    /// `streamHeartbeat` (`--stream-heartbeat`, `PARLEY_STREAM_HEARTBEAT`).
    public static let streamHeartbeat = Setting.int(
        "streamHeartbeat", default: 15, "seconds between comment heartbeats (`: …`) on a notification stream")
    /// `streamQueue` (`--stream-queue`, `PARLEY_STREAM_QUEUE`).
    public static let streamQueue = Setting.int(
        "streamQueue", default: 256, "notifications queued per stream for a slow reader before its stream is closed")
    /// `notificationQueue` (`--notification-queue`, `PARLEY_NOTIFICATION_QUEUE`).
    public static let notificationQueue = Setting.int(
        "notificationQueue", default: 10_000,
        "new messages waiting to be checked for offline recipients' notifications; beyond it they are dropped with a log line")

    /// The declarations, in the order the README lists them.
    public static var settings: [SettingInfo] {
        [maxStreamsPerUser.info, streamHeartbeat.info, streamQueue.info, notificationQueue.info]
    }

    /// Open streams per user on this node.
    public var maxStreamsPerUser = Self.maxStreamsPerUser.defaultValue
    /// Seconds between heartbeats on a stream.
    public var streamHeartbeat = Self.streamHeartbeat.defaultValue
    /// Notifications queued per stream before it is closed as a slow reader.
    public var streamQueue = Self.streamQueue.defaultValue
    /// Message notifications waiting to be made.
    public var notificationQueue = Self.notificationQueue.defaultValue

    /// The defaults.
    public init() {}

    /// Reads `parley.maxStreamsPerUser`, `streamHeartbeat`, `streamQueue`, `notificationQueue`.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        maxStreamsPerUser = Self.maxStreamsPerUser.read(reader)
        streamHeartbeat = Self.streamHeartbeat.read(reader)
        streamQueue = Self.streamQueue.read(reader)
        notificationQueue = Self.notificationQueue.read(reader)
    }

    /// Refuses settings that cannot work, naming the flag.
    public func validate() throws {
        try SettingError.check(maxStreamsPerUser >= 1, "max-streams-per-user must be ≥ 1")
        try SettingError.check(streamHeartbeat >= 1 && streamHeartbeat <= 3600, "stream-heartbeat must be 1…3600 seconds")
        try SettingError.check(streamQueue >= 1 && streamQueue <= 100_000, "stream-queue must be 1…100000")
        try SettingError.check(notificationQueue >= 16, "notification-queue must be ≥ 16")
    }
}
