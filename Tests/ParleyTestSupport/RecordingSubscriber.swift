import NIOCore
public import ParleyBroker
import Synchronization

/// A ``ParleyBroker/FanOutSubscriber`` that records the frames and resync requests it receives.
public final class RecordingSubscriber: FanOutSubscriber {
    let received = Mutex<[String]>([])
    let resyncs = Mutex<[[String]]>([])

    /// A subscriber that has received nothing.
    public init() {}

    /// Records the event's frame as text.
    public func receive(_ event: FanOutEvent, on channel: String) {
        self.received.withLock { $0.append(String(buffer: event.frame)) }
    }

    /// Records the channels.
    public func resync(_ channels: [String]) {
        self.resyncs.withLock { $0.append(channels) }
    }

    /// The frames received, as text, oldest first.
    public var frames: [String] { self.received.withLock { $0 } }
    /// How many events arrived.
    public var count: Int { self.received.withLock { $0.count } }
    /// The channel lists of every resync request, oldest first.
    public var resyncRequests: [[String]] { self.resyncs.withLock { $0 } }
}
