import HummingbirdBcrypt
import NIOPosix
public import ParleyProtocol
import Synchronization

/// The threads bcrypt runs on: a pool of its own, so a login flood cannot stall the storage threads, with a bound on
/// the hashes waiting (beyond it a login or registration is `unavailable`, retryable).
final class BcryptPool: Sendable {
    static let shared = BcryptPool(threads: 2, maxWaiting: 64)

    let pool: NIOThreadPool
    let maxWaiting: Int
    let waiting = Atomic<Int>(0)

    init(threads: Int, maxWaiting: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        self.maxWaiting = maxWaiting
    }

    /// Runs `work` on the pool.
    /// - Throws: `unavailable` when `maxWaiting` hashes are already waiting or running.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        guard waiting.add(1, ordering: .relaxed).newValue <= maxWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            throw ParleyError(.unavailable, "too many logins at once; retry", retryAfter: 1)
        }
        defer { waiting.subtract(1, ordering: .relaxed) }
        return try await pool.runIfActive { work() }
    }

    func hash(_ password: String, cost: UInt8) async throws -> String { try await run { Bcrypt.hash(password, cost: cost) } }
    func verify(_ password: String, hash: String) async throws -> Bool { try await run { Bcrypt.verify(password, hash: hash) } }
}
