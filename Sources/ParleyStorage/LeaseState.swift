import NIOCore
import Synchronization

/// One lease attempt of ``PostgresProvider``: resumes its caller exactly once, with the result or with `unavailable`
/// when no connection came before the deadline. The deadline is an event-loop timer that is cancelled as soon as a
/// connection is leased (or the attempt ends), so a finished query leaves nothing scheduled behind.
final class LeaseState<T: Sendable>: Sendable {
    struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var deadline: Scheduled<Void>?
        var leased = false
        var abandoned = false
    }

    let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<T, any Error>) { state.withLock { $0.continuation = continuation } }

    /// Arms the deadline (unless the attempt already got a connection or ended).
    func arm(_ schedule: () -> Scheduled<Void>) {
        let deadline = schedule()
        let armed = state.withLock { s -> Bool in
            guard !s.leased, !s.abandoned, s.continuation != nil else { return false }
            s.deadline = deadline
            return true
        }
        if !armed { deadline.cancel() }
    }

    /// Called with the connection in hand; false when the caller already gave up. Disarms the deadline.
    func markLeased() -> Bool {
        let (ok, deadline) = state.withLock { s -> (Bool, Scheduled<Void>?) in
            if s.abandoned { return (false, nil) }
            s.leased = true
            defer { s.deadline = nil }
            return (true, s.deadline)
        }
        deadline?.cancel()
        return ok
    }

    /// Gives up when no connection came in time; true when the caller was resumed with `unavailable`.
    func abandonIfWaiting() -> Bool {
        let continuation = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard !s.leased, !s.abandoned else { return nil }
            s.abandoned = true
            s.deadline = nil
            defer { s.continuation = nil }
            return s.continuation
        }
        continuation?.resume(throwing: StorageError(.unavailable, "no database connection in time"))
        return continuation != nil
    }

    /// Resumes the caller (unless it gave up) and disarms the deadline.
    func finish(_ result: Result<T, any Error>) {
        let (continuation, deadline) = state.withLock { s -> (CheckedContinuation<T, any Error>?, Scheduled<Void>?) in
            defer {
                s.continuation = nil
                s.deadline = nil
            }
            return (s.continuation, s.deadline)
        }
        deadline?.cancel()
        continuation?.resume(with: result)
    }
}
