import Foundation

/// Runs blocking work (waiting for a child process, sleeping) on a thread of its own.
///
/// Swift concurrency runs every test's tasks on as many threads as the machine has cores (two here). A test that
/// blocks one of them for seconds, as `initdb` or a scorer run does, starves the others: their database leases and
/// timeouts then fire although nothing is wrong. Blocking work goes through here instead.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
