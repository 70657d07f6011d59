import ParleyBroker
import Synchronization

/// An ``InProcessBroker`` whose subscribe and unsubscribe calls can be held until the test lets them through, or
/// made to fail, so that FanOut's ordering is observable without Redis.
final class GatedBroker: Broker {
    struct Refusal: Error {}

    struct State {
        var calls: [String] = []
        var held: [CheckedContinuation<Void, Never>] = []
        var isGated = false
        var failSubscribes = false
        var failUnsubscribes = false
    }

    let inner = InProcessBroker()
    let state = Mutex(State())

    /// The broker calls so far, in order: `subscribe` or `unsubscribe`.
    var calls: [String] { self.state.withLock { $0.calls } }
    /// How many calls are held at the gate.
    var heldCount: Int { self.state.withLock { $0.held.count } }

    /// Holds every later call until ``release()``.
    func close() { self.state.withLock { $0.isGated = true } }

    /// Stops holding later calls.
    func open() { self.state.withLock { $0.isGated = false } }

    /// Lets the oldest held call through.
    func release() {
        let next = self.state.withLock { $0.held.isEmpty ? nil : $0.held.removeFirst() }
        next?.resume()
    }

    func fail(subscribes: Bool = false, unsubscribes: Bool = false) {
        self.state.withLock {
            $0.failSubscribes = subscribes
            $0.failUnsubscribes = unsubscribes
        }
    }

    func pass(_ call: String) async throws {
        await withCheckedContinuation { continuation in
            let held = self.state.withLock { state in
                state.calls.append(call)
                if state.isGated { state.held.append(continuation) }
                return state.isGated
            }
            if !held { continuation.resume() }
        }
        let refused = self.state.withLock { call == "subscribe" ? $0.failSubscribes : $0.failUnsubscribes }
        if refused { throw Refusal() }
    }

    func setDeliveryHandler(_ deliver: @escaping @Sendable (String, FanOutEvent) -> Void) { self.inner.setDeliveryHandler(deliver) }
    func setResubscribedHandler(_ handler: @escaping @Sendable ([String]) -> Void) { self.inner.setResubscribedHandler(handler) }
    func publish(_ event: FanOutEvent, to channel: String) async throws { try await self.inner.publish(event, to: channel) }

    func subscribe(_ channels: [String]) async throws {
        try await self.pass("subscribe")
        try await self.inner.subscribe(channels)
    }

    func unsubscribe(_ channels: [String]) async throws {
        try await self.pass("unsubscribe")
        try await self.inner.unsubscribe(channels)
    }
}
