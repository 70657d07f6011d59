import NIOCore
public import ParleyBroker
import Synchronization

/// Records what a broker delivers to its node, through the broker's delivery handler.
public final class DeliveryRecorder: Sendable {
    let events = Mutex<[(channel: String, event: FanOutEvent)]>([])

    /// Installs the recorder as `broker`'s delivery handler.
    ///
    /// - Parameter broker: The broker under test.
    public init(attachedTo broker: any Broker) {
        broker.setDeliveryHandler { channel, event in
            self.events.withLock { $0.append((channel, event)) }
        }
    }

    /// Every delivery so far, oldest first.
    public var all: [(channel: String, event: FanOutEvent)] { self.events.withLock { $0 } }

    /// How many events arrived.
    public var count: Int { self.events.withLock { $0.count } }

    /// The frames delivered on a channel, as text, in arrival order.
    ///
    /// - Parameter channel: The channel name.
    public func frames(on channel: String) -> [String] {
        self.events.withLock { $0.filter { $0.channel == channel }.map { String(buffer: $0.event.frame) } }
    }

    /// Waits until at least `count` events arrived; false when `timeout` passes first.
    ///
    /// - Parameters:
    ///   - count: How many deliveries to wait for.
    ///   - timeout: How long to wait.
    @discardableResult
    public func wait(for count: Int, timeout: Duration = .seconds(5)) async throws -> Bool {
        try await eventually(timeout: timeout) { self.count >= count }
    }
}
