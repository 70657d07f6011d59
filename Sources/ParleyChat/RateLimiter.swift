import Foundation
import ParleyProtocol
import Synchronization

/// A token bucket per key (user id): `rate` tokens a second, at most `burst` saved up.
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    struct State {
        var buckets: [String: Bucket] = [:]
        var lastPrune: Double = 0
    }

    let rate: Double
    let burst: Double
    let state = Mutex(State())
    let clock: @Sendable () -> Double

    init(rate: Double, burst: Double, clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.rate = rate
        self.burst = burst
        self.clock = clock
    }

    /// Takes one token, or throws `rate_limited` saying when to retry.
    func take(_ key: String) throws(ParleyError) {
        let now = clock()
        let wait: Double? = state.withLock { s in
            if now - s.lastPrune >= 60 { prune(&s, now: now) }
            var b = s.buckets[key] ?? Bucket(tokens: burst, updated: now)
            b.tokens = min(burst, b.tokens + (now - b.updated) * rate)
            b.updated = now
            defer { s.buckets[key] = b }
            if b.tokens >= 1 {
                b.tokens -= 1
                return nil
            }
            return (1 - b.tokens) / rate
        }
        if let wait {
            throw ParleyError(.rateLimited, "too many requests; retry later", retryAfter: max(1, Int(wait.rounded(.up))))
        }
    }

    /// At most once a minute, forgets buckets that have refilled, so the map holds only recently active users.
    func prune(_ s: inout State, now: Double) {
        s.lastPrune = now
        guard s.buckets.count > 1024 else { return }
        s.buckets = s.buckets.filter { (now - $0.value.updated) * rate + $0.value.tokens < burst }
    }
}
