import NIOCore
import ParleyBroker
import ParleyProtocol
import Synchronization

/// One open `GET /v1/notifications/stream`: the fan-out subscriber of its user's channel, with a bounded queue.
///
/// Fan-out never waits on a stream: ``receive(_:on:)`` queues the shared frame of a `notification` event (other
/// events of the `user:` channel are not for streams) and a stream whose queue is full is ended, so a slow reader
/// costs at most `streamQueue` events; it reconnects with `Last-Event-ID` and gets the rest replayed.
final class NotificationStream: FanOutSubscriber {
    /// What the response writer does next.
    enum Item: Sendable {
        /// A `notification` event frame, as published.
        case event(ByteBuffer)
        /// Time for a heartbeat comment.
        case heartbeat
        /// The broker lost and regained the channel: replay from the store what may have been missed.
        case resync
    }

    /// Every `notification` frame holds these bytes (members may come in any order). No other frame does: a
    /// quote inside a string value is escaped, and no frame nests an object with a `type` member.
    static let notificationMarker = Array(#""type":"notification""#.utf8)

    let userId: String
    let items: AsyncStream<Item>
    let queue: AsyncStream<Item>.Continuation
    /// Set when the queue overflowed and the stream was ended (logged by the writer).
    let overflowed = Atomic<Bool>(false)

    /// - Parameters:
    ///   - userId: Whose notifications it carries.
    ///   - capacity: Items queued at most before the stream is ended.
    init(userId: String, capacity: Int) {
        self.userId = userId
        (self.items, self.queue) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    func receive(_ event: FanOutEvent, on channel: String) {
        guard event.frame.readableBytesView.firstRange(of: Self.notificationMarker) != nil else { return }
        push(.event(event.frame))
    }

    func resync(_ channels: [String]) { push(.resync) }

    /// Queues an item; a full queue ends the stream.
    func push(_ item: Item) {
        if case .dropped = queue.yield(item) {
            overflowed.store(true, ordering: .relaxed)
            queue.finish()
        }
    }

    /// Ends the stream (shutdown): the writer finishes the response after what is queued.
    func close() { queue.finish() }
}
