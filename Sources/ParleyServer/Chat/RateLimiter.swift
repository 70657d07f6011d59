import Foundation
import ParleyProtocol
import Synchronization

/// A token bucket per key (user id): `rate` tokens a second, at most `burst` saved up.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let rate: Double
    let burst: Double
    let buckets = Mutex([String: Bucket]())
    let clock: @Sendable () -> Double

    init(rate: Double, burst: Double, clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.rate = rate
        self.burst = burst
        self.clock = clock
    }

    /// Takes one token, or throws `rate_limited` saying when to retry.
    func take(_ key: String) throws(ParleyError) {
        let now = clock()
        let wait: Double? = buckets.withLock { map in
            var b = map[key] ?? Bucket(tokens: burst, updated: now)
            b.tokens = min(burst, b.tokens + (now - b.updated) * rate)
            b.updated = now
            defer { map[key] = b }
            if b.tokens >= 1 {
                b.tokens -= 1
                return nil
            }
            return (1 - b.tokens) / rate
        }
        if let wait {
            throw ParleyError(.rateLimited, "too many requests; retry later", retryAfter: max(1, Int(wait.rounded(.up))))
        }
        if Int(now) % 60 == 0 { prune(now: now) }
    }

    /// Forgets full buckets, so the map holds only recently active users.
    func prune(now: Double) {
        buckets.withLock { map in
            guard map.count > 1024 else { return }
            map = map.filter { (now - $0.value.updated) * rate + $0.value.tokens < burst }
        }
    }
}
