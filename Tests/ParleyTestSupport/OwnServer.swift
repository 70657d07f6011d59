import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL or Redis server owned by one test, so the test may stop and restart it without disturbing others.
/// Uses the binaries scripts/test installs; `available` is false when they are missing.
final class OwnServer: @unchecked Sendable {
    enum Kind { case postgres, redis }

    let kind: Kind
    let port: Int
    let dir: String

    static var pgBin: String? {
        if let bin = ProcessInfo.processInfo.environment["PARLEY_TEST_PG_BIN"] { return bin }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?.sorted() ?? []
        return versions.last.map { "\(root)/\($0)/bin" }
    }

    static func available(_ kind: Kind) -> Bool {
        switch kind {
        case .postgres: pgBin.map { FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") } ?? false
        case .redis: FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")
        }
    }

    var url: String {
        switch kind {
        case .postgres: "postgres://postgres@127.0.0.1:\(port)/postgres"
        case .redis: "redis://127.0.0.1:\(port)/0"
        }
    }

    init(_ kind: Kind) throws {
        self.kind = kind
        self.port = freePort()
        self.dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-own-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if kind == .postgres {
            try Self.run("/bin/chown", ["postgres:postgres", dir])
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", Self.pgBin! + "/initdb", "-D", dir, "--auth=trust", "-U", "postgres"])
        }
        try start()
    }

    func start() throws {
        switch kind {
        case .postgres:
            try Self.run(
                "/usr/sbin/runuser",
                [
                    "-u", "postgres", "--", Self.pgBin! + "/pg_ctl", "-D", dir, "-l", dir + "/log", "-w", "-t", "30", "start", "-o",
                    "-p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -k \(dir)",
                ])
        case .redis:
            try Self.run(
                "/usr/bin/redis-server",
                ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", dir + "/redis.pid"])
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: dir + "/redis.pid") { usleep(20_000) }
        }
    }

    func stop() throws {
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

    func destroy() {
        try? stop()
        try? FileManager.default.removeItem(atPath: dir)
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
        guard Self.closeFrom(&actions, 3) == 0 else { throw TestTimeout(what: "posix_spawn_file_actions_addclosefrom_np") }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw TestTimeout(what: "spawning \(path) (errno \(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw TestTimeout(what: "\(path) \(arguments.joined(separator: " ")) to succeed (status \(status))")
        }
        return ""
    }
}
