import Logging
import ParleyProtocol
import ParleyStorage
public import ServiceLifecycle

/// Completes orders left in `delivered` for `autoCompleteAfter` seconds (moved by `system`). Every node runs one;
/// an order two nodes complete at once is completed once (the transition is conditional).
public struct AutoCompleter: Service {
    let orders: OrderService
    let after: Duration
    let logger: Logger

    /// - Parameters:
    ///   - orders: The service that moves orders.
    ///   - afterSeconds: How long an order stays delivered before it completes by itself.
    public init(orders: OrderService, afterSeconds: Int) {
        self.orders = orders
        self.after = .seconds(afterSeconds)
        self.logger = orders.logger
    }

    /// How often the node looks: a quarter of the delay, between 0.25 s and 60 s.
    var interval: Duration { min(max(after / 4, .milliseconds(250)), .seconds(60)) }

    public func run() async throws {
        // Stops at graceful shutdown: the sleep is cancelled, and so is the loop.
        try? await cancelWhenGracefulShutdown {
            // Nothing to do before this node (or another) has migrated the schema; once it has, no need to ask again.
            var migrated = false
            while !Task.isCancelled {
                do {
                    if !migrated { migrated = await orders.store.isMigrated() }
                    if migrated { try await sweep() }
                } catch {
                    logger.error("auto-completion sweep failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Completes what is due now.
    func sweep() async throws {
        let cutoff = Timestamp(milliseconds: Timestamp.now().milliseconds - after.components.seconds * 1000)
        for id in try await orders.store.orders(in: .delivered, since: cutoff, limit: 100) {
            guard let order = try await orders.store.order(id: id), order.status == .delivered else { continue }
            do {
                _ = try await orders.move(order, to: .completed, by: OrderTransition.system)
            } catch let error as ParleyError where error.code == .conflict {
                continue  // the buyer (or another node) moved it first
            }
        }
    }
}
