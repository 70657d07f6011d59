public import Configuration
public import ParleySettings

/// The transports' settings: where to listen, WebSocket limits, shutdown, logs.
public struct ServerConfiguration: Sendable {
    static let host = Setting.string("host", default: "127.0.0.1", "address to listen on")
    static let port = Setting.int("port", default: 8080, "port to listen on")
    static let dataDir = Setting.string(
        "dataDir", default: "./.parley", "SQLite database and the generated JWT secret")
    static let maxFrameBytes = Setting.int(
        "maxFrameBytes", default: 65536, "largest WebSocket frame; larger closes with 1009")
    static let maxRequestBytes = Setting.int(
        "maxRequestBytes", default: 128 * 1024,
        "largest REST request body in bytes (a 4,000-character body written as JSON escapes fits); larger is `too_large`")
    static let outboundQueue = Setting.int(
        "outboundQueue", default: 256, "frames queued per socket before it is closed as a slow consumer (1013)")
    static let outboundBytes = Setting.int(
        "outboundBytes", default: 8 << 20, "bytes queued per socket before it is closed as a slow consumer (1013)")
    static let maxSocketsPerUser = Setting.int(
        "maxSocketsPerUser", default: 100, "open sockets one user may hold on this node; more are refused (429 `rate_limited`)")
    static let maxSubscriptions = Setting.int(
        "maxSubscriptions", default: 1000, "channels one socket may subscribe to; more are refused (`bad_request`)")
    static let maxFramesPerSecond = Setting.double(
        "maxFramesPerSecond", default: 50, "client frames per second per socket, every type; more are answered `rate_limited`")
    static let frameBurst = Setting.double("frameBurst", default: 100, "burst of that per-socket frame limit")
    static let recoveryBuffer = Setting.int(
        "recoveryBuffer", default: 1024,
        "live events a socket holds per channel while a `subscribe` with `afterSeq` recovers; more close it with 1013")
    static let pingInterval = Setting.int(
        "pingInterval", default: 30, "seconds between server pings; a socket that does not answer is dropped")
    static let closeGrace = Setting.int(
        "closeGrace", default: 2,
        "seconds a socket the server closes (expiry, shutdown, slow consumer) may take to finish its close handshake")
    static let closeTimeout = Setting.int(
        "closeTimeout", default: 5, "seconds to wait for a client's answer to a WebSocket close frame")
    static let shutdownTimeout = Setting.int(
        "shutdownTimeout", default: 5, "seconds for closing sockets (1001) on SIGTERM/SIGINT")
    static let httpIdleTimeout = Setting.int(
        "httpIdleTimeout", default: 60, "seconds an HTTP keep-alive connection may sit between requests before it is closed")
    static let requestHeadTimeout = Setting.int(
        "requestHeadTimeout", default: 10,
        "seconds a new connection has to send its first request head (slow-loris); then it is closed")
    static let maxConnections = Setting.int(
        "maxConnections", default: 20_000, "open TCP connections (HTTP and WebSocket) on this node; more are closed at once")
    static let maxConnectionsPerIp = Setting.int(
        "maxConnectionsPerIp", default: 4096, "open TCP connections from one client address; more are closed at once")
    static let logLevel = Setting.string("logLevel", default: "info", "trace, debug, info, notice, warning, error")

    /// The declarations, in the order the README lists them.
    public static var settings: [SettingInfo] {
        [
            host.info, port.info, dataDir.info, maxFrameBytes.info, maxRequestBytes.info, outboundQueue.info, outboundBytes.info,
            maxSocketsPerUser.info, maxSubscriptions.info, maxFramesPerSecond.info, frameBurst.info,
            recoveryBuffer.info, pingInterval.info, closeGrace.info, closeTimeout.info, shutdownTimeout.info, httpIdleTimeout.info,
            requestHeadTimeout.info,
            maxConnections.info, maxConnectionsPerIp.info, logLevel.info,
        ]
    }

    public var host = Self.host.defaultValue
    public var port = Self.port.defaultValue
    /// Folder of the SQLite database and the generated JWT secret.
    public var dataDir = Self.dataDir.defaultValue
    public var maxFrameBytes = Self.maxFrameBytes.defaultValue
    public var maxRequestBytes = Self.maxRequestBytes.defaultValue
    /// Frames queued per connection before it is closed as a slow consumer.
    public var outboundQueue = Self.outboundQueue.defaultValue
    /// Bytes queued per connection before it is closed as a slow consumer.
    public var outboundBytes = Self.outboundBytes.defaultValue
    /// Open sockets per user on this node.
    public var maxSocketsPerUser = Self.maxSocketsPerUser.defaultValue
    /// Channels per socket.
    public var maxSubscriptions = Self.maxSubscriptions.defaultValue
    /// Client frames per second per socket, and their burst.
    public var maxFramesPerSecond = Self.maxFramesPerSecond.defaultValue
    public var frameBurst = Self.frameBurst.defaultValue
    /// Live events held per channel while a recovery runs.
    public var recoveryBuffer = Self.recoveryBuffer.defaultValue
    /// Seconds between server pings.
    public var pingInterval = Self.pingInterval.defaultValue
    /// Seconds a socket closed by the server may take to finish.
    public var closeGrace = Self.closeGrace.defaultValue
    /// Seconds to wait for a client's close answer.
    public var closeTimeout = Self.closeTimeout.defaultValue
    /// Seconds a graceful shutdown may take.
    public var shutdownTimeout = Self.shutdownTimeout.defaultValue
    /// Seconds an idle keep-alive connection stays open.
    public var httpIdleTimeout = Self.httpIdleTimeout.defaultValue
    /// Seconds a new connection has for its first request head.
    public var requestHeadTimeout = Self.requestHeadTimeout.defaultValue
    /// Open connections on this node, and from one address.
    public var maxConnections = Self.maxConnections.defaultValue
    public var maxConnectionsPerIP = Self.maxConnectionsPerIp.defaultValue
    public var logLevel = Self.logLevel.defaultValue

    /// The defaults.
    public init() {}

    /// Reads `parley.host`, `port`, `dataDir`, `maxFrameBytes`, `maxRequestBytes`, `outboundQueue`,
    /// `outboundBytes`, `maxSocketsPerUser`, `maxSubscriptions`, `maxFramesPerSecond`, `frameBurst`, `recoveryBuffer`, `pingInterval`, `closeGrace`, `closeTimeout`, `shutdownTimeout`, `httpIdleTimeout`, `requestHeadTimeout`, `maxConnections`,
    /// `maxConnectionsPerIp`, `logLevel`.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        host = Self.host.read(reader)
        port = Self.port.read(reader)
        dataDir = Self.dataDir.read(reader)
        maxFrameBytes = Self.maxFrameBytes.read(reader)
        maxRequestBytes = Self.maxRequestBytes.read(reader)
        outboundQueue = Self.outboundQueue.read(reader)
        outboundBytes = Self.outboundBytes.read(reader)
        maxSocketsPerUser = Self.maxSocketsPerUser.read(reader)
        maxSubscriptions = Self.maxSubscriptions.read(reader)
        maxFramesPerSecond = Self.maxFramesPerSecond.read(reader)
        frameBurst = Self.frameBurst.read(reader)
        recoveryBuffer = Self.recoveryBuffer.read(reader)
        pingInterval = Self.pingInterval.read(reader)
        closeGrace = Self.closeGrace.read(reader)
        closeTimeout = Self.closeTimeout.read(reader)
        shutdownTimeout = Self.shutdownTimeout.read(reader)
        httpIdleTimeout = Self.httpIdleTimeout.read(reader)
        requestHeadTimeout = Self.requestHeadTimeout.read(reader)
        maxConnections = Self.maxConnections.read(reader)
        maxConnectionsPerIP = Self.maxConnectionsPerIp.read(reader)
        logLevel = Self.logLevel.read(reader)
    }

    /// Refuses settings that cannot work, naming the flag.
    public func validate() throws {
        try SettingError.check((0...65535).contains(port), "port must be 0…65535")
        try SettingError.check(maxFrameBytes >= 1024 && maxFrameBytes <= 16 << 20, "max-frame-bytes must be 1024…16777216")
        try SettingError.check(
            maxRequestBytes >= 1024 && maxRequestBytes <= 64 << 20, "max-request-bytes must be 1024…67108864")
        try SettingError.check(outboundQueue >= 8 && outboundQueue <= 1_000_000, "outbound-queue must be 8…1000000")
        try SettingError.check(outboundBytes >= 64 << 10, "outbound-bytes must be ≥ 65536")
        try SettingError.check(maxSocketsPerUser >= 1, "max-sockets-per-user must be ≥ 1")
        try SettingError.check(maxSubscriptions >= 1, "max-subscriptions must be ≥ 1")
        try SettingError.check(maxFramesPerSecond > 0 && frameBurst >= 1, "max-frames-per-second must be > 0 and frame-burst ≥ 1")
        try SettingError.check(recoveryBuffer >= 1 && recoveryBuffer <= 1_000_000, "recovery-buffer must be 1…1000000")
        try SettingError.check(pingInterval >= 1, "ping-interval must be ≥ 1 second")
        try SettingError.check(closeGrace >= 1, "close-grace must be ≥ 1 second")
        try SettingError.check(closeTimeout >= 1, "close-timeout must be ≥ 1 second")
        try SettingError.check(shutdownTimeout >= 1, "shutdown-timeout must be ≥ 1 second")
        try SettingError.check(httpIdleTimeout >= 1, "http-idle-timeout must be ≥ 1 second")
        try SettingError.check(requestHeadTimeout >= 1, "request-head-timeout must be ≥ 1 second")
        try SettingError.check(maxConnections >= 1 && maxConnectionsPerIP >= 1, "max-connections and max-connections-per-ip must be ≥ 1")
    }
}
