/// Reconnect delays: exponential from ``initial`` doubling up to ``maximum``, each scaled by a random factor in
/// `0.5...1` (jitter) so that nodes restarted together do not reconnect in lockstep.
public struct RedisBackoff: Sendable, Hashable {
    /// The delay before the first retry, before jitter.
    public var initial: Duration
    /// The largest delay, before jitter.
    public var maximum: Duration

    /// - Parameters:
    ///   - initial: The delay before the first retry (default 50 ms).
    ///   - maximum: The cap (default 2 s).
    public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(2)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before retry number `attempt` (0-based).
    ///
    /// - Parameters:
    ///   - attempt: How many retries came before this one.
    ///   - jitter: A factor in `0...1`; the delay is scaled by `0.5 + jitter / 2`.
    public func delay(attempt: Int, jitter: Double = Double.random(in: 0...1)) -> Duration {
        var delay = self.initial
        for _ in 0..<min(attempt, 32) where delay < self.maximum { delay *= 2 }
        delay = min(delay, self.maximum)
        return delay * (0.5 + min(max(jitter, 0), 1) / 2)
    }
}
