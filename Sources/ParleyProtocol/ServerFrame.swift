import Foundation
public import NIOCore
import NIOFoundationCompat

/// The one encoder of protocol v1: server frames over WebSocket, and JSON bodies over REST.
///
/// A frame is `{"type": …, "id": …?, …fields of its body}`. An event is encoded once and its buffer shared by every
/// recipient.
public enum ServerFrame {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    /// Encodes a server event (`message.new`, `typing`, `presence`, …); its type comes from the body.
    public static func event(_ body: some ServerEventBody) -> ByteBuffer {
        encode(body.frameType, id: nil, body)
    }

    /// An `ack` answering the client frame `id`, with the fields of `body`.
    public static func ack(id: String?, _ body: some Encodable) -> ByteBuffer {
        encode(.ack, id: id, body)
    }

    /// An `ack` with no fields beyond `type` and `id`.
    public static func ack(id: String?) -> ByteBuffer {
        encode(.ack, id: id, Empty())
    }

    /// A `pong` answering a `ping`.
    public static func pong(id: String?) -> ByteBuffer {
        encode(.pong, id: id, Empty())
    }

    /// An `error` frame answering the client frame `id`.
    public static func error(id: String?, _ error: ParleyError) -> ByteBuffer {
        encode(.error, id: id, ErrorBody(code: error.code, message: error.message, retryable: error.code.isRetryable))
    }

    /// Encodes a value as plain JSON (REST bodies).
    public static func json(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(data: try encoder.encode(value))
    }

    static func encode(_ type: FrameType, id: String?, _ body: some Encodable) -> ByteBuffer {
        do {
            return ByteBuffer(data: try encoder.encode(Frame(type: type, id: id, body: body)))
        } catch {
            // The bodies are this module's own types, which always encode; reaching this is a programming error.
            assertionFailure("a server frame failed to encode: \(error)")
            return ByteBuffer(string: #"{"type":"error","code":"internal","message":"encoding failed","retryable":false}"#)
        }
    }

    struct Empty: Encodable {}

    struct ErrorBody: Encodable {
        var code: ErrorCode
        var message: String
        var retryable: Bool
    }

    struct Frame<Body: Encodable>: Encodable {
        var type: FrameType
        var id: String?
        var body: Body

        enum Keys: String, CodingKey { case type, id }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(type, forKey: .type)
            try c.encodeIfPresent(id, forKey: .id)
            try body.encode(to: encoder)
        }
    }
}
