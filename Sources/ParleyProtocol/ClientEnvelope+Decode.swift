import Foundation

extension ClientEnvelope {
    /// Decodes one text frame. Every failure is a `bad_request` naming what is wrong.
    public static func decode(_ text: String) -> Result<ClientEnvelope, ClientFrameError> {
        decode(data: Data(text.utf8))
    }

    static func decode(data: Data) -> Result<ClientEnvelope, ClientFrameError> {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: data)
        } catch {
            return .failure(.init(id: nil, error: .badRequest("frame is not valid JSON: \(error)")))
        }
        guard case .object(let object) = root else {
            return .failure(.init(id: nil, error: .badRequest("frame must be a JSON object")))
        }
        let fields = JSONFields(object)
        var id: String?
        do {
            id = try fields.optionalString("id")
            let type = try fields.string("type")
            return .success(ClientEnvelope(id: id, frame: try frame(type: type, fields: fields)))
        } catch {
            return .failure(.init(id: id, error: error))
        }
    }

    static func frame(type: String, fields: JSONFields) throws(ParleyError) -> ClientFrame {
        switch type {
        case "subscribe":
            let after = try fields.optionalInteger("afterSeq")
            if let after, after < 0 { throw .badRequest("field 'afterSeq' must not be negative") }
            return .subscribe(channel: try fields.string("channel"), afterSeq: after)
        case "unsubscribe":
            return .unsubscribe(channel: try fields.string("channel"))
        case "message.send":
            return .messageSend(
                conversationId: try fields.string("conversationId"),
                body: try fields.string("body"),
                clientMsgId: try fields.string("clientMsgId"))
        case "typing":
            let raw = try fields.string("state")
            guard let state = TypingState(rawValue: raw) else {
                throw .badRequest("field 'state' must be \"start\" or \"stop\"")
            }
            return .typing(conversationId: try fields.string("conversationId"), state: state)
        case "read":
            return .read(conversationId: try fields.string("conversationId"), seq: try fields.integer("seq"))
        case "ping":
            return .ping
        case "auth.refresh":
            return .authRefresh(token: try fields.string("token"))
        default:
            throw .badRequest("unknown frame type '\(type.prefix(64))'")
        }
    }
}
