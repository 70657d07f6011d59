import Foundation
import ParleyTestSupport
import SQLKit
import Testing

@testable import ParleyStorage

/// Transient database errors are `unavailable` (the client retries), and what is logged of a driver error never
/// carries the query's values.
@Suite("Storage: driver errors")
struct DriverErrorTests {
    static let postgresEnabled = TestEnvironment.postgres.shouldRun
    static let postgresDisabled = Comment(rawValue: TestEnvironment.postgres.disabledReason)

    @Test(.enabled(if: postgresEnabled, postgresDisabled)) func aStatementOverTheTimeoutIsUnavailable() async throws {
        try await StoreKind.postgres.withProvider({ $0.statementTimeout = 1 }) { provider in
            await #expect {
                try await provider.withConnection { db in try await db.raw("SELECT pg_sleep(3)").run() }
            } throws: { ($0 as? StorageError)?.code == .unavailable }
            // the connection is still good for the next statement
            let one = try await provider.withConnection { db in try await db.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self) }
            #expect(one == 1)
        }
    }

    @Test(.enabled(if: postgresEnabled, postgresDisabled)) func aDeadlockIsUnavailable() async throws {
        try await StoreKind.postgres.withProvider { provider in
            try await provider.withConnection { db in
                try await db.raw("CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL)").run()
                try await db.raw("INSERT INTO pair VALUES (1, 0), (2, 0)").run()
            }
            let (firstHolds, firstHoldsNow) = AsyncStream.makeStream(of: Void.self)
            let (secondHolds, secondHoldsNow) = AsyncStream.makeStream(of: Void.self)
            // Each transaction locks one row, waits until the other has locked the other row, then wants it too.
            async let first: Void = provider.withTransaction { db in
                try await db.raw("UPDATE pair SET n = n + 1 WHERE id = 1").run()
                firstHoldsNow.yield()
                for await _ in secondHolds { break }
                try await db.raw("UPDATE pair SET n = n + 1 WHERE id = 2").run()
            }
            async let second: Void = provider.withTransaction { db in
                for await _ in firstHolds { break }
                try await db.raw("UPDATE pair SET n = n + 1 WHERE id = 2").run()
                secondHoldsNow.yield()
                try await db.raw("UPDATE pair SET n = n + 1 WHERE id = 1").run()
            }
            var failures: [any Error] = []
            do { try await first } catch { failures.append(error) }
            do { try await second } catch { failures.append(error) }
            #expect(failures.count == 1, "PostgreSQL breaks the deadlock by failing one of the two")
            #expect((failures.first as? StorageError)?.code == .unavailable)
        }
    }

    @Test func aBusySQLiteDatabaseIsUnavailable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/db.sqlite"
        let logger = TestEnvironment.logger("busy")
        // Two providers on one file stand for two processes; the first holds the write lock past the busy timeout.
        let holder = try await SQLiteProvider(path: path, logger: logger)
        let other = try await SQLiteProvider(path: path, logger: logger)
        try await holder.whileRunning {
            try await other.whileRunning {
                try await holder.withConnection { db in try await db.raw("CREATE TABLE t (n INT)").run() }
                let (held, heldNow) = AsyncStream.makeStream(of: Void.self)
                let (release, releaseNow) = AsyncStream.makeStream(of: Void.self)
                async let holding: Void = holder.withTransaction { db in
                    try await db.raw("INSERT INTO t VALUES (1)").run()
                    heldNow.yield()
                    for await _ in release { break }
                }
                for await _ in held { break }
                await #expect {
                    try await other.withTransaction { db in try await db.raw("INSERT INTO t VALUES (2)").run() }
                } throws: { ($0 as? StorageError)?.code == .unavailable }
                releaseNow.yield()
                try await holding
                let rows = try await other.withConnection { db in try await db.raw("SELECT n FROM t").all().count }
                #expect(rows == 1, "the refused transaction left nothing behind")
            }
        }
    }

    @Test(.enabled(if: postgresEnabled, postgresDisabled)) func aLoggedDriverErrorCarriesNoValues() async throws {
        try await StoreKind.postgres.withProvider { provider in
            let secret = "call me on 0745 882190, petra@example.com"
            let error = await #expect(throws: (any Error).self) {
                try await provider.withConnection { db in try await db.raw("SELECT \(bind: secret)::int AS n").run() }
            }
            let logged = DriverErrors.logDescription(try #require(error))
            #expect(logged.contains("22P02"), "\(logged)")
            #expect(!logged.contains("0745") && !logged.contains("petra"), "\(logged)")
        }
    }
}
