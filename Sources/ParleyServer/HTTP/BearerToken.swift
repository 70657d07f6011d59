import Foundation
import Hummingbird
import ParleyProtocol

/// The bearer token of a request: one parser for REST and the WebSocket upgrade.
enum BearerToken {
    static func from(_ request: Request) throws -> String {
        try parse(authorization: request.headers[.authorization], query: request.uri.query)
    }

    /// The token from `Authorization: Bearer …`, or from `?access_token=` (browsers cannot set headers on WebSockets).
    /// Shared by REST and the WebSocket upgrade, which sees only the raw request head.
    /// - Parameters:
    ///   - authorization: The `Authorization` header, if any.
    ///   - query: The raw (percent-encoded) query string, if any.
    static func parse(authorization: String?, query: String?) throws(ParleyError) -> String {
        if let header = authorization {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw .unauthorized("Authorization header must be 'Bearer <token>'")
            }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        for pair in (query ?? "").split(separator: "&") where pair.hasPrefix("access_token=") {
            if let token = String(pair.dropFirst("access_token=".count)).removingPercentEncoding, !token.isEmpty {
                return token
            }
        }
        throw .unauthorized("missing bearer token")
    }
}
