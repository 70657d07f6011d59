import Foundation
import Hummingbird
import ParleyProtocol

extension Request {
    /// Reads the body as a JSON object, with errors that name what is wrong.
    mutating func jsonFields(context: ParleyRequestContext) async throws -> JSONFields {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
            throw ParleyError.badRequest("body is not valid JSON")
        }
        guard case .object(let object) = value else { throw ParleyError.badRequest("body must be a JSON object") }
        return JSONFields(object)
    }
}
