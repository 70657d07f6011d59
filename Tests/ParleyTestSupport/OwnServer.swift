import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL or Redis server owned by one test, so the test may stop and restart it without disturbing others.
/// Uses the binaries scripts/test installs; `available` is false when they are missing.
public final class OwnServer: @unchecked Sendable {
    /// Which server.
    public enum Kind: Sendable { case postgres, redis }

    /// A server that could not be set up, started or stopped.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed.
        public var description: String
    }

    /// Which server this is.
    public let kind: Kind
    /// Its loopback port, kept across restarts.
    public let port: Int
    /// Its data directory.
    public let dir: String

    static var pgBin: String? {
        if let bin = ProcessInfo.processInfo.environment["PARLEY_TEST_PG_BIN"] { return bin }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?.sorted() ?? []
        return versions.last.map { "\(root)/\($0)/bin" }
    }

    /// The `redis-server` on `PATH`, if any.
    static var redisServer: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return path.split(separator: ":").map { "\($0)/redis-server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the server's binaries are installed.
    public static func available(_ kind: Kind) -> Bool {
        switch kind {
        case .postgres: pgBin.map { FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") } ?? false
        case .redis: redisServer != nil
        }
    }

    /// The URL to connect to it.
    public var url: String {
        switch kind {
        case .postgres: "postgres://postgres@127.0.0.1:\(port)/postgres"
        case .redis: "redis://127.0.0.1:\(port)/0"
        }
    }

    init(_ kind: Kind) {
        self.kind = kind
        self.port = freePort()
        self.dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-own-\(UUID().uuidString.prefix(8))").path
    }

    /// Runs `body` with a server of its own, started on a free port, and removes the server afterwards (also when
    /// `body` throws).
    ///
    /// - Parameters:
    ///   - kind: Which server.
    ///   - body: The test; it may stop and start the server.
    public static func with<T: Sendable>(_ kind: Kind, _ body: (OwnServer) async throws -> T) async throws -> T {
        let server = OwnServer(kind)
        do {
            try await offThePool {
                try FileManager.default.createDirectory(atPath: server.dir, withIntermediateDirectories: true)
                if kind == .postgres {
                    try Self.run("/bin/chown", ["postgres:postgres", server.dir])
                    try Self.run(
                        "/usr/sbin/runuser", ["-u", "postgres", "--", Self.pgBin! + "/initdb", "-D", server.dir, "--auth=trust", "-U", "postgres"])
                }
                try server.startBlocking()
            }
            let value = try await body(server)
            await server.destroy()
            return value
        } catch {
            await server.destroy()
            throw error
        }
    }

    /// Starts the server (again) on its port.
    public func start() async throws {
        try await offThePool { try self.startBlocking() }
    }

    /// Stops the server at once (PostgreSQL `immediate`, Redis SIGKILL), as a crash would.
    public func stop() async throws {
        try await offThePool { try self.stopBlocking() }
    }

    func destroy() async {
        _ = try? await offThePool {
            try? self.stopBlocking()
            try? FileManager.default.removeItem(atPath: self.dir)
        }
    }

    func startBlocking() throws {
        switch kind {
        case .postgres:
            try Self.run(
                "/usr/sbin/runuser",
                [
                    "-u", "postgres", "--", Self.pgBin! + "/pg_ctl", "-D", dir, "-l", dir + "/log", "-w", "-t", "30", "start", "-o",
                    "-p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -k \(dir)",
                ])
        case .redis:
            guard let server = Self.redisServer else { throw Failure(description: "redis-server is not on PATH") }
            try Self.run(
                server,
                [
                    "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes",
                    "--pidfile", dir + "/redis.pid",
                ])
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: dir + "/redis.pid") { usleep(20_000) }
        }
    }

    func stopBlocking() throws {
        switch kind {
        case .postgres:
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", Self.pgBin! + "/pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop"])
        case .redis:
            if let pid = try? String(contentsOfFile: dir + "/redis.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                let n = Int32(pid)
            {
                kill(n, SIGKILL)
                try? FileManager.default.removeItem(atPath: dir + "/redis.pid")
                usleep(100_000)
            }
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Glibc module does not import.
    private static let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later is needed: posix_spawn_file_actions_addclosefrom_np is missing")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs a command to completion with posix_spawn and waitpid (no run loop, no pipes a daemon could hold open).
    @discardableResult
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // The daemon must not inherit this process's sockets (NIO does not mark them close-on-exec): a restarted
        // Redis or PostgreSQL holding a copy of the hub's listener and connections keeps them from ever closing,
        // and the hub's graceful shutdown then waits for them forever.
        guard Self.closeFrom(&actions, 3) == 0 else { throw Failure(description: "posix_spawn_file_actions_addclosefrom_np failed") }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw Failure(description: "spawning \(path) failed (errno \(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw Failure(description: "\(path) \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        return ""
    }
}
