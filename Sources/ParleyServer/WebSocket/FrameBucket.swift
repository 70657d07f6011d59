import Foundation

/// The per-socket limit on client frames of every type: a token bucket owned by one connection's reader, so it needs
/// no lock.
struct FrameBucket {
    let rate: Double
    let burst: Double
    var tokens: Double
    var updated: Double

    init(rate: Double, burst: Double, now: Double = ProcessInfo.processInfo.systemUptime) {
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = now
    }

    /// Takes one token; false when the socket is over its rate.
    mutating func take(now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
        tokens = min(burst, tokens + (now - updated) * rate)
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whole seconds until the next token.
    var retryAfter: Int { max(1, Int(((1 - tokens) / rate).rounded(.up))) }
}
