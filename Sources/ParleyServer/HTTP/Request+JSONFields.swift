import Foundation
import Hummingbird
import ParleyProtocol

extension Request {
    /// Reads the body as a JSON object, with errors that name what is wrong.
    mutating func jsonFields(context: ParleyRequestContext) async throws -> JSONFields {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: buffer.readableBytesView)
        } catch {
            throw ParleyError.badRequest("body is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else { throw ParleyError.badRequest("body must be a JSON object") }
        return JSONFields(object)
    }
}
