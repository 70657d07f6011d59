import Logging
import NIOCore
import NIOWebSocket
import ParleyAccounts
import ParleyBroker
import ParleyProtocol
import Synchronization

/// What the writer of a connection sends next.
enum Outbound: Sendable {
    case frame(ByteBuffer)
    case close(code: UInt16, reason: String)
}
