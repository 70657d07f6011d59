import Logging
import Synchronization

/// Local subscriptions, and the node's broker subscription that follows them.
///
/// Each channel's broker subscription changes strictly one at a time, without a task of its own: the caller that
/// finds no change under way becomes the channel's driver and calls the broker inline, in its own task, until the
/// confirmed state matches the desired one (a subscription while the channel has a local subscriber). Callers
/// arriving meanwhile wait for it. So a subscribe racing the last unsubscribe never leaves the node unsubscribed
/// while it has a local subscriber, and no subscriber returns before the broker confirmed the channel.
extension FanOut {
    /// What a caller does after updating the channel's entry.
    enum Start {
        /// Nothing to change, or another caller is changing it and resumed this one.
        case done
        /// This caller drives the broker subscription.
        case drive
        /// Another caller is driving; this one waits for it.
        case wait
    }

    /// The driver's next step for a channel.
    enum Step {
        /// The broker state matches; these waiters are resumed.
        case settled([Waiter])
        case subscribe
        case unsubscribe
    }

    /// Adds a local subscriber to a channel and returns once the node's broker subscription to it is confirmed
    /// (the first local subscriber starts it; later ones wait for it), so nothing published after this returns is
    /// missed. On failure the subscriber is removed again and the broker's error is thrown.
    ///
    /// - Parameters:
    ///   - subscriber: The local recipient.
    ///   - channel: The channel name.
    public func subscribe(_ subscriber: any FanOutSubscriber, to channel: String) async throws {
        let id = ObjectIdentifier(subscriber)
        let drive = try await self.start(on: channel, as: id) { entry in
            entry.subscribers[id] = subscriber
            return entry.busy ? .wait : entry.confirmed ? .done : .drive
        }
        if drive, let error = await self.reconcile(channel, driver: id) { throw error }
    }

    /// Removes a local subscriber; when it was the last, unsubscribes the node at the broker and returns once that
    /// is done. A failed broker unsubscribe is logged.
    ///
    /// - Parameters:
    ///   - subscriber: The local recipient.
    ///   - channel: The channel name.
    public func unsubscribe(_ subscriber: any FanOutSubscriber, from channel: String) async {
        let drive =
            (try? await self.start(on: channel, as: nil) { entry in
                guard entry.subscribers.removeValue(forKey: ObjectIdentifier(subscriber)) != nil, !entry.desired else {
                    return .done
                }
                return entry.busy ? .wait : .drive
            }) ?? false
        if drive { _ = await self.reconcile(channel, driver: nil) }
    }

    /// Applies `update` to the channel's entry; returns true when the caller must drive, after waiting if
    /// another caller is driving. Throws the broker's error when the subscription this caller waited for failed.
    func start(on channel: String, as subscriber: ObjectIdentifier?, _ update: (inout Entry) -> Start) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let start = self.channels.withLock { map in
                var entry = map[channel] ?? Entry()
                let start = update(&entry)
                switch start {
                case .drive: entry.busy = true
                case .wait: entry.waiters.append((subscriber, continuation))
                case .done: break
                }
                map[channel] = entry.subscribers.isEmpty && !entry.busy && !entry.confirmed ? nil : entry
                return start
            }
            switch start {
            case .drive: continuation.resume(returning: true)
            case .done: continuation.resume(returning: false)
            case .wait: break
            }
        }
    }

    /// Calls the broker until the channel's confirmed subscription matches the desired one, resuming waiters as
    /// their change completes. Returns the error of a failed subscribe when it removed `driver`.
    func reconcile(_ channel: String, driver: ObjectIdentifier?) async -> (any Error)? {
        var failure: (any Error)?
        while true {
            let step = self.channels.withLock { map -> Step in
                guard var entry = map[channel] else { return .settled([]) }
                if entry.desired != entry.confirmed { return entry.desired ? .subscribe : .unsubscribe }
                // Settled: waiters are resumed and the drive ends under one lock, so a later caller drives anew.
                defer { map[channel] = entry.desired ? entry : nil }
                entry.busy = false
                defer { entry.waiters = [] }
                return .settled(entry.waiters)
            }
            switch step {
            case .settled(let waiters):
                for waiter in waiters { waiter.continuation.resume(returning: false) }
                return failure
            case .subscribe:
                do {
                    try await self.broker.subscribe([channel])
                    let joined = self.take(channel) { $0.confirmed = true }
                    for waiter in joined { waiter.continuation.resume(returning: false) }
                } catch {
                    // A failed subscribe leaves the node unsubscribed: every subscriber of the channel was waiting for it.
                    var removed: Set<ObjectIdentifier> = []
                    let failed = self.take(channel) { entry in
                        removed = Set(entry.subscribers.keys)
                        entry.subscribers = [:]
                    }
                    for waiter in failed { waiter.continuation.resume(throwing: error) }
                    if let driver, removed.contains(driver) { failure = error }
                }
            case .unsubscribe:
                do {
                    try await self.broker.unsubscribe([channel])
                } catch {
                    self.logger.warning("broker unsubscribe failed", metadata: ["parley.channel": "\(channel)", "error": "\(error)"])
                }
                self.channels.withLock { $0[channel]?.confirmed = false }
            }
        }
    }

    /// Updates the channel's entry (under way: it stays in the map) and removes its subscribers' waiters.
    func take(_ channel: String, _ update: (inout Entry) -> Void) -> [Waiter] {
        self.channels.withLock { map in
            guard var entry = map[channel] else { return [] }
            update(&entry)
            let taken = entry.waiters.filter { $0.subscriber != nil }
            entry.waiters.removeAll { $0.subscriber != nil }
            map[channel] = entry
            return taken
        }
    }
}
