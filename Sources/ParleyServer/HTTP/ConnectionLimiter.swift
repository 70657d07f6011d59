import NIOConcurrencyHelpers
import NIOCore

/// Counts this node's open TCP connections, in all and per client address, and refuses one over either cap.
final class ConnectionLimiter: Sendable {
    private struct Counts {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    private let counts = NIOLockedValueBox(Counts())
    let maxTotal: Int
    let maxPerAddress: Int

    init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = maxTotal
        self.maxPerAddress = maxPerAddress
    }

    /// Counts a new connection from `address` if both caps allow it; it is uncounted when `channel` closes.
    /// - Returns: false (and nothing counted) when a cap is reached.
    func admit(_ channel: any Channel) -> Bool {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let admitted = counts.withLockedValue { counts in
            guard counts.total < maxTotal, counts.perAddress[address, default: 0] < maxPerAddress else { return false }
            counts.total += 1
            counts.perAddress[address, default: 0] += 1
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { _ in self.release(address) }
        }
        return admitted
    }

    private func release(_ address: String) {
        counts.withLockedValue { counts in
            counts.total -= 1
            let left = counts.perAddress[address, default: 1] - 1
            counts.perAddress[address] = left > 0 ? left : nil
        }
    }

    /// Open connections now (for tests and logs).
    var open: Int { counts.withLockedValue { $0.total } }
}
