import Synchronization

/// Runs `operation` but gives up after `limit`: the caller gets a ``DeadlineExceeded`` error and goes on, while the
/// operation is cancelled and left to finish in the background. For calls into a peer that may never answer (a Redis
/// presence lookup while the broker is shut down), where waiting would hold up the notification queue and the node's
/// shutdown behind it.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let once = Once()
        let settle: @Sendable (Result<T, any Error>) -> Void = { result in
            if once.claim() { continuation.resume(with: result) }
        }
        let work = Task {
            do { settle(.success(try await operation())) } catch { settle(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            work.cancel()
            settle(.failure(DeadlineExceeded()))
        }
    }
}

/// True for the first caller of ``claim()`` only.
private final class Once: Sendable {
    private let claimed = Atomic<Bool>(false)
    func claim() -> Bool { !claimed.exchange(true, ordering: .acquiringAndReleasing) }
}

/// ``withDeadline(_:_:)`` gave up.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var description: String { "no answer in time" }
}
