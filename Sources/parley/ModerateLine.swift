import Foundation
import ParleyModeration
import ParleyProtocol

/// One input line of `parley moderate` → one output line.
///
/// Input `{"id": …, "text": "…"}`; output `{"id", "text", "action", "flagged", "findings": [{"category", "start",
/// "end"}]}`, or `{"id", "error"}` for a line that cannot be read (with its id when it could be read).
enum ModerateLine {
    struct Output: Encodable {
        var id: JSONValue
        var text: String
        var action: String
        var flagged: Bool
        var findings: [Finding]
    }

    struct Finding: Encodable {
        var category: String
        var start: Int
        var end: Int
    }

    struct Failure: Encodable {
        var id: JSONValue
        var error: String
    }

    static let decoder = JSONDecoder()
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static func process(_ line: String, _ pipeline: ModerationPipeline) -> String {
        guard let value = try? decoder.decode(JSONValue.self, from: Data(line.utf8)) else {
            return encode(Failure(id: .null, error: "malformed JSON"))
        }
        guard case .object(let fields) = value else { return encode(Failure(id: .null, error: "expected a JSON object")) }
        let id = fields["id"] ?? .null
        guard case .string(let text)? = fields["text"] else {
            return encode(Failure(id: id, error: #"missing or non-string "text""#))
        }
        let verdict = pipeline.moderate(text)
        return encode(
            Output(
                id: id, text: verdict.text, action: verdict.action.rawValue, flagged: verdict.flagged,
                findings: verdict.findings.map { Finding(category: $0.category.rawValue, start: $0.start, end: $0.end) }))
    }

    static func encode(_ value: some Encodable) -> String {
        guard let data = try? encoder.encode(value) else { return #"{"id":null,"error":"could not encode the result"}"# }
        return String(decoding: data, as: UTF8.self)
    }
}
