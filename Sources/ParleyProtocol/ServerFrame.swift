import Foundation
import NIOCore
import NIOFoundationCompat

/// Encodes server frames to the bytes sent on the wire. An event is encoded once and its buffer shared by every recipient.
public enum ServerFrame {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    /// Encodes a frame: `{"type": type, ...fields of body}`.
    public static func encode(type: String, id: String? = nil, _ body: some Encodable) -> ByteBuffer {
        let frame = Frame(type: type, id: id, body: body)
        do {
            return ByteBuffer(data: try encoder.encode(frame))
        } catch {
            // Our own types always encode; this is a programming error worth seeing in logs, not a crash.
            return ByteBuffer(string: #"{"type":"error","code":"internal","message":"encoding failed","retryable":false}"#)
        }
    }

    /// Encodes a frame with no fields beyond `type` and `id`.
    public static func encode(type: String, id: String? = nil) -> ByteBuffer {
        encode(type: type, id: id, Empty())
    }

    /// An `error` frame.
    public static func error(id: String?, _ error: ParleyError) -> ByteBuffer {
        encode(type: "error", id: id, ErrorBody(code: error.code.rawValue, message: error.message, retryable: error.code.isRetryable))
    }

    /// Encodes a value as plain JSON (REST bodies).
    public static func json(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(data: try encoder.encode(value))
    }

    struct Empty: Encodable {}

    struct ErrorBody: Encodable {
        var code: String
        var message: String
        var retryable: Bool
    }

    struct Frame<Body: Encodable>: Encodable {
        var type: String
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

/// Bodies of the server events of protocol v1.
public enum ServerEvent {
    public struct MessageNew: Encodable, Sendable {
        public var conversationId: String
        public var message: Message
        public init(message: Message) {
            self.conversationId = message.conversationId
            self.message = message
        }
    }

    public struct Typing: Encodable, Sendable {
        public var conversationId: String
        public var userId: String
        public var state: TypingState
        public init(conversationId: String, userId: String, state: TypingState) {
            self.conversationId = conversationId
            self.userId = userId
            self.state = state
        }
    }

    public struct Read: Codable, Sendable {
        public var conversationId: String
        public var userId: String
        public var seq: Int64
        public init(conversationId: String, userId: String, seq: Int64) {
            self.conversationId = conversationId
            self.userId = userId
            self.seq = seq
        }
    }

    public struct ConversationNew: Encodable, Sendable {
        public var conversation: Conversation
        public init(conversation: Conversation) { self.conversation = conversation }
    }
}
