import Foundation
import JWTKit
import ParleyProtocol
import ParleyStorage
import Testing

@testable import ParleyAccounts

@Suite("Accounts: tokens")
struct TokenTests {
    @Test func expiredAndForgedTokensAreRefused() async throws {
        try await Accounts.withService { accounts, store in
            let user = try await store.createUser(email: "a@example.com", passwordHash: nil, displayName: "A", role: .buyer)
            let tokens = try await TokenService(secret: Accounts.secret, publicKeyPEM: nil, ttl: 3600)
            let valid = try await tokens.issue(userId: user.id, role: .buyer)
            #expect(try await accounts.authenticate(token: valid.token).expiresAt == valid.expiresAt)
            let expired = try await tokens.issue(userId: user.id, role: .buyer, ttl: -10)
            let otherSecret = try await TokenService(secret: String(repeating: "x", count: 40), publicKeyPEM: nil, ttl: 3600)
            let forged = try await otherSecret.issue(userId: user.id, role: .admin)
            var parts = valid.token.split(separator: ".").map(String.init)
            parts[1] = Data(#"{"sub":"\#(user.id)","role":"admin","exp":9999999999}"#.utf8).base64EncodedString()
                .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
            let tampered = parts.joined(separator: ".")
            for token in [expired.token, forged.token, tampered, "", "a.b.c", String(repeating: "a", count: 9000)] {
                await #expect { try await accounts.authenticate(token: token) } throws: { Accounts.is($0, .unauthorized) }
            }
        }
    }

    /// The signing keys of a marketplace identity service, and the PEM of its public key.
    static func identityService(_ algorithm: String) async throws -> (keys: JWTKeyCollection, pem: String) {
        switch algorithm {
        case "ES256":
            let key = ES256PrivateKey()
            return (await JWTKeyCollection().add(ecdsa: key), key.publicKey.pemRepresentation)
        default:
            let key = try EdDSA.PrivateKey(curve: .ed25519)
            return (await JWTKeyCollection().add(eddsa: key), key.publicKey.pemRepresentation)
        }
    }

    @Test(arguments: ["ES256", "EdDSA"]) func externalTokensAreAcceptedAndTheirUsersProvisioned(algorithm: String) async throws {
        let (keys, pem) = try await Self.identityService(algorithm)
        let expiry = ExpirationClaim(value: Date().addingTimeInterval(300))
        let claims = TokenClaims(
            sub: SubjectClaim(value: "mkt-user-42"), role: "seller", exp: expiry, email: "Seller42@Marketplace.example",
            name: "Stall 42")
        let token = try await keys.sign(claims)
        let forged = try await Self.identityService("ES256").keys.sign(claims)
        try await Accounts.withService(publicKeyPEM: pem) { accounts, store in
            let identity = try await accounts.authenticate(token: token)
            #expect(identity.userId == "mkt-user-42")
            #expect(identity.role == .seller)
            let user = try await accounts.user(id: "mkt-user-42")
            #expect(user.displayName == "Stall 42")
            #expect(user.email == "seller42@marketplace.example")
            #expect(try await accounts.authenticate(token: token).userId == "mkt-user-42", "a second sight provisions nothing")
            await #expect { try await accounts.authenticate(token: forged) } throws: { Accounts.is($0, .unauthorized) }
        }
        // Without the key configured, the same token is refused.
        try await Accounts.withService { accounts, _ in
            await #expect { try await accounts.authenticate(token: token) } throws: { Accounts.is($0, .unauthorized) }
        }
    }

    @Test func aKeyThatIsNeitherES256NorEd25519IsRefusedByItsFlag() async throws {
        await #expect {
            try await TokenService(secret: Accounts.secret, publicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", ttl: 60)
        } throws: { "\($0)".hasPrefix("jwt-public-key ") }
    }
}
