import Foundation
import JWTKit
import ParleyTestSupport
import Testing

@testable import ParleyAccounts
@testable import ParleyServer

/// Tokens from the marketplace's own identity service, verified with its public key.
@Suite("External identity tokens")
struct ExternalTokenTests {
    @Test(arguments: ["ES256", "EdDSA"])
    func tokensSignedByTheConfiguredKeyAreAccepted(algorithm: String) async throws {
        let keys = JWTKeyCollection()
        let pem: String
        if algorithm == "ES256" {
            let key = ES256PrivateKey()
            pem = key.publicKey.pemRepresentation
            await keys.add(ecdsa: key)
        } else {
            let key = try EdDSA.PrivateKey(curve: .ed25519)
            pem = try key.publicKey.pemRepresentation
            await keys.add(eddsa: key)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("idp-\(UUID().uuidString).pem").path
        try pem.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let claims = TokenClaims(
            sub: .init(value: "mkt-user-42"), role: "seller", exp: .init(value: Date().addingTimeInterval(600)), iat: nil,
            email: "seller42@marketplace.example", name: "Stall 42", iss: "https://id.market.example", aud: "parley")
        let token = try await keys.sign(claims)
        let forged = try await JWTKeyCollection().add(ecdsa: ES256PrivateKey()).sign(claims)

        try await TestHub.run { config in
            config.accounts.jwtPublicKey = path
            config.accounts.jwtIssuer = "https://id.market.example"
            config.accounts.jwtAudience = "parley"
        } _: { hub in
            let me = try await hub.get("/v1/me", token: token)
            #expect(me.status == 200)
            #expect(me.body["id"]?.string == "ext:mkt-user-42")
            #expect(me.body["role"]?.string == "seller")
            #expect(me.body["displayName"]?.string == "Stall 42")
            let rejected = try await hub.get("/v1/me", token: forged)
            #expect(rejected.status == 401)
            let (socket, welcome) = try await TestSocket.connect(port: hub.port, token: token)
            #expect(welcome["userId"]?.string == "ext:mkt-user-42")
            socket.close()
        }
    }
}
