import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

extension PostgresProvider {
    /// Runs the connection pool until graceful shutdown or cancellation, then closes it.
    ///
    /// After a PostgreSQL restart postgres-nio's `run()` was seen not to return on cancellation, and a node must
    /// still be able to shut down: the pool runs in a task of its own, and this waits for it to stop at most two
    /// seconds before returning (logging a warning and leaving that task to end when it can).
    public func run() async throws {
        let client = self.client
        let pool = Task { await client.run() }
        try? await gracefulShutdown()
        pool.cancel()
        if await !Self.finished(pool, within: stopGrace, on: deadlineLoop) {
            logger.warning("the PostgreSQL pool did not stop in time; not waiting for it", metadata: ["parley.db": "postgres"])
        }
    }

    /// Whether `task` finishes within `limit`; returns at the latest when `limit` has passed.
    static func finished(_ task: Task<Void, Never>, within limit: TimeAmount, on loop: any EventLoop) async -> Bool {
        let outcome = FirstOutcome()
        return await withCheckedContinuation { continuation in
            outcome.install(continuation)
            let timer = loop.scheduleTask(in: limit) { outcome.resume(false) }
            Task {
                await task.value
                timer.cancel()
                outcome.resume(true)
            }
        }
    }
}

/// Resumes a waiter once, with whichever outcome comes first.
final class FirstOutcome: Sendable {
    let waiter = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func install(_ continuation: CheckedContinuation<Bool, Never>) { waiter.withLock { $0 = continuation } }

    func resume(_ value: Bool) {
        waiter.withLock { slot -> CheckedContinuation<Bool, Never>? in
            defer { slot = nil }
            return slot
        }?.resume(returning: value)
    }
}
