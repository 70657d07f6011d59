import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyStorage

/// The provider as a service: it serves while it runs, bounds the wait for a connection, leaves no timers behind.
@Suite("Storage: providers")
struct DatabaseProviderTests {
    static let postgresEnabled = TestEnvironment.postgres.shouldRun
    static let postgresDisabled = Comment(rawValue: TestEnvironment.postgres.disabledReason)

    @Test(arguments: StoreKind.enabled) func aProviderServesOnlyWhileItRuns(kind: StoreKind) async throws {
        let store = try await kind.withStore { store in
            #expect(await store.isReachable())
            return store
        }
        #expect(await store.isReachable() == false, "whileRunning stopped the provider and closed its connections")
    }

    @Test(.enabled(if: postgresEnabled, postgresDisabled)) func aQueryWaitsForAConnectionNoLongerThanTheWaitTimeout() async throws {
        try await StoreKind.postgres.withProvider({
            $0.poolSize = 1
            $0.waitTimeout = 1
        }) { provider in
            // The pool's one connection is opened first: on a loaded machine that alone may take longer than 1 s.
            var opened = false
            for _ in 0..<60 where !opened { opened = (try? await provider.withConnection { _ in true }) == true }
            try #require(opened, "the pool opened its connection")
            let (leased, leasedNow) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseNow) = AsyncStream.makeStream(of: Void.self)
            async let holder: Int = provider.withConnection { _ in
                leasedNow.yield()
                for await _ in release { break }
                return 1
            }
            for await _ in leased { break }
            await #expect { try await provider.withConnection { _ in 2 } } throws: {
                ($0 as? StorageError)?.code == .unavailable
            }
            releaseNow.yield()
            let held = try await holder
            #expect(held == 1, "a query that has its connection is not cut by the deadline")
            let after = try await provider.withConnection { _ in 3 }
            #expect(after == 3, "the pool still serves")
        }
    }

    @Test(.enabled(if: postgresEnabled, postgresDisabled)) func finishedQueriesLeaveNoDeadlineBehind() async throws {
        try await StoreKind.postgres.withProvider({ $0.waitTimeout = 60 }) { provider in
            let postgres = try #require(provider as? PostgresProvider)
            let sum = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<200 { group.addTask { try await postgres.withConnection { _ in i } } }
                return try await group.reduce(0, +)
            }
            #expect(sum == 199 * 200 / 2)
            #expect(try await postgres.pendingDeadlineCount() == 0, "every query's deadline was cancelled")
        }
    }

    @Test func aMalformedPostgresURLIsRefused() async throws {
        var configuration = StorageConfiguration()
        configuration.postgresURL = "mysql://localhost/x"
        #expect { try configuration.validate() } throws: {
            "\($0)" == "postgres-url must look like postgres://user:pass@host:port/db"
        }
        await #expect { try await configuration.makeProvider(sqlitePath: ":memory:", logger: TestEnvironment.logger("x")) } throws: {
            ($0 as? StorageError)?.code == .invalid
        }
    }
}
