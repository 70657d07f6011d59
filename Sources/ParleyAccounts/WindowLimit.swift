import Foundation
public import ParleyProtocol
import Synchronization

/// At most `limit` events per key within a sliding `window` of seconds: registrations per address, failed logins per
/// account or address. A key at its limit is refused, with the seconds until its oldest event leaves the window.
final class WindowLimit: Sendable {
    let limit: Int
    let window: Double
    /// Event times per key, oldest first; at most `limit` are kept.
    let events = Mutex([String: [Double]]())
    let lastPrune = Mutex(0.0)
    let clock: @Sendable () -> Double

    init(limit: Int, window: Double, clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.limit = limit
        self.window = window
        self.clock = clock
    }

    /// Refuses a key at its limit.
    /// - Throws: `rate_limited` with `retryAfter`.
    func check(_ key: String, what: String) throws(ParleyError) {
        let now = clock()
        let wait: Double? = events.withLock { all in
            let recent = (all[key] ?? []).filter { now - $0 < window }
            all[key] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return window - (now - oldest)
        }
        if let wait {
            throw ParleyError(.rateLimited, "too many \(what); retry later", retryAfter: max(1, Int(wait.rounded(.up))))
        }
    }

    /// Records an event of a key.
    func record(_ key: String) {
        let now = clock()
        events.withLock { all in
            var recent = (all[key] ?? []).filter { now - $0 < window }
            recent.append(now)
            all[key] = Array(recent.suffix(limit))
            pruneIfDue(&all, now: now)
        }
    }

    /// Forgets a key's events (a successful login clears its account's failures).
    func reset(_ key: String) { events.withLock { _ = $0.removeValue(forKey: key) } }

    /// At most once a window, drops keys whose events all left it, so the map holds only recent keys.
    func pruneIfDue(_ all: inout [String: [Double]], now: Double) {
        let due = lastPrune.withLock { last -> Bool in
            guard now - last >= window else { return false }
            last = now
            return true
        }
        guard due else { return }
        all = all.filter { now - ($0.value.last ?? 0) < window }
    }
}
