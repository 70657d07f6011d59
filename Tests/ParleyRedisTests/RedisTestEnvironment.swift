import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyBroker
import ParleyRedis
import Synchronization
import Testing

/// Reads the test Redis from `PARLEY_TEST_REDIS_URL`. Absent locally: suites are disabled with a message naming
/// the variable. Absent with `CI=true`: suites run and fail, naming the variable.
enum RedisTestEnvironment {
    static let variable = "PARLEY_TEST_REDIS_URL"
    static let url = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    /// Whether Redis-backed tests should run (they fail in CI when the URL is missing).
    static let shouldRun = url != nil || isCI
    static let disabledMessage: Comment =
        "\(variable) is not set: start a redis-server and export \(variable)=redis://127.0.0.1:PORT"

    struct MissingURL: Error, CustomStringConvertible {
        var description: String { "\(RedisTestEnvironment.variable) must be set when CI=true" }
    }

    static func requireURL() throws -> String {
        guard let url else { throw MissingURL() }
        return url
    }

    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }

    /// A channel name unique to this test run.
    static func uniqueChannel(_ base: String) -> String {
        "test:\(base):\(UUID().uuidString.prefix(8))"
    }

    /// Whether a `redis-server` binary is on PATH (for the restart test, which spawns its own server).
    static let redisServerPath: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/redis-server"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()
}

/// Collects deliveries from a broker's delivery handler.
final class DeliveryCollector: Sendable {
    let events = Mutex<[(channel: String, event: HubEvent)]>([])

    func attach(to broker: any Broker) {
        broker.setDeliveryHandler { channel, event in
            self.events.withLock { $0.append((channel, event)) }
        }
    }

    var count: Int { self.events.withLock { $0.count } }

    func frames(on channel: String) -> [String] {
        self.events.withLock { $0.filter { $0.channel == channel }.map { String(buffer: $0.event.frame) } }
    }

    /// Waits until at least `count` events arrived, or the timeout passes.
    @discardableResult
    func wait(for count: Int, timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while self.count < count {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}

/// A redis-server this test process owns: spawned on a free loopback port, killed and restarted at will.
final class SpawnedRedis: @unchecked Sendable {
    let port: Int
    private var process: Process?

    init() throws {
        self.port = try Self.freePort()
        try self.start()
    }

    var url: String { "redis://127.0.0.1:\(self.port)" }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RedisTestEnvironment.redisServerPath ?? "/usr/bin/redis-server")
        process.arguments = [
            "--port", "\(self.port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Waits until the server answers PING.
    func waitUntilReady(timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        let configuration = RedisConfiguration(host: "127.0.0.1", port: self.port)
        while true {
            do {
                let connection = try await RedisConnection.connect(configuration: configuration)
                defer { connection.close() }
                if try await connection.command(["PING"]) == .simpleString("PONG") { return }
            } catch {
                if ContinuousClock.now > deadline { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Kills the server (SIGKILL) and waits for it to exit.
    func kill() {
        guard let process = self.process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { self.kill() }

    static func freePort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return channel.localAddress!.port!
    }
}
