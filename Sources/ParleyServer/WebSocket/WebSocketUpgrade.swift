import Foundation
import NIOHTTP1
import ParleyAccounts
import ParleyProtocol

/// Decides an upgrade request of `/v1/ws`: a valid token (header or `access_token`) is accepted, selecting the
/// `parley.v1` subprotocol when offered; anything else is refused with the error the client gets (401, 404, 503).
struct WebSocketUpgrade: Sendable {
    let accounts: AccountService
    let registry: ConnectionRegistry
    /// Sockets one user may hold on this node.
    let maxSocketsPerUser: Int

    func accept(_ head: HTTPRequestHead) async -> Result<WebSocketUpgradeChannel.Accepted, ParleyError> {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        guard parts.first == "/v1/ws" else { return .failure(.notFound("no WebSocket endpoint at this path")) }
        guard !registry.isDraining else { return .failure(ParleyError(.unavailable, "server is shutting down; reconnect")) }
        let identity: Identity
        do {
            let token = try BearerToken.parse(
                authorization: head.headers.first(name: "authorization"), query: parts.count == 2 ? String(parts[1]) : nil)
            identity = try await accounts.authenticate(token: token)
        } catch let error as ParleyError {
            return .failure(error)
        } catch {
            return .failure(ParleyError(.unavailable, "cannot verify the token now; retry"))
        }
        guard registry.sockets(of: identity.userId) < maxSocketsPerUser else {
            return .failure(ParleyError(.rateLimited, "at most \(maxSocketsPerUser) open sockets per user; close one first", retryAfter: 1))
        }
        var headers = HTTPHeaders()
        let offered = head.headers[canonicalForm: "sec-websocket-protocol"].map { String($0).trimmingCharacters(in: .whitespaces) }
        if offered.contains("parley.v1") { headers.add(name: "Sec-WebSocket-Protocol", value: "parley.v1") }
        return .success(.init(identity: identity, headers: headers))
    }
}
