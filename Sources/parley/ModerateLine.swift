import Foundation
import ParleyModeration
import ParleyProtocol

/// One input line of `parley moderate` → one output line.
///
/// Input `{"id": …, "text": "…"}`; output `{"id", "text", "action", "flagged", "findings": [{"category", "start",
/// "end"}]}`, or `{"id", "error"}` for a line that cannot be read (with its id when it could be read).
enum ModerateLine {
    /// An input line's `id`, written back exactly: whole numbers beyond 2^53 stay whole.
    enum LineID: Codable {
        case integer(Int64)
        case other(JSONValue)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let integer = try? container.decode(Int64.self) {
                self = .integer(integer)
            } else {
                self = .other(try container.decode(JSONValue.self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .integer(let integer):
                var container = encoder.singleValueContainer()
                try container.encode(integer)
            case .other(let value): try value.encode(to: encoder)
            }
        }
    }

    /// The fields of an input line that matter; anything else is ignored.
    struct Input: Decodable {
        var id: LineID?
        var text: JSONValue?
    }

    struct Output: Encodable {
        var id: LineID
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
        var id: LineID
        var error: String
    }

    static let decoder = JSONDecoder()
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static func process(_ line: String, _ pipeline: ModerationPipeline) -> String {
        let input: Input
        do {
            input = try decoder.decode(Input.self, from: Data(line.utf8))
        } catch DecodingError.typeMismatch {
            return encode(Failure(id: .other(.null), error: "expected a JSON object"))
        } catch {
            return encode(Failure(id: .other(.null), error: "malformed JSON"))
        }
        let id = input.id ?? .other(.null)
        guard case .string(let text)? = input.text else {
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
