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
            name: "Stall 42", iss: "https://id.market.example", aud: "parley")
        let token = try await keys.sign(claims)
        let forged = try await Self.identityService("ES256").keys.sign(claims)
        try await Accounts.withService(publicKeyPEM: pem) { accounts, store in
            let identity = try await accounts.authenticate(token: token)
            #expect(identity.userId == "ext:mkt-user-42", "external subjects live in their own namespace")
            #expect(identity.role == .seller)
            let user = try await accounts.user(id: "ext:mkt-user-42")
            #expect(user.displayName == "Stall 42")
            #expect(user.email == "seller42@marketplace.example")
            #expect(try await accounts.authenticate(token: token).userId == "ext:mkt-user-42", "a second sight provisions nothing")
            await #expect { try await accounts.authenticate(token: forged) } throws: { Accounts.is($0, .unauthorized) }
        }
        // Without the key configured, the same token is refused.
        try await Accounts.withService { accounts, _ in
            await #expect { try await accounts.authenticate(token: token) } throws: { Accounts.is($0, .unauthorized) }
        }
    }

    @Test func externalTokensMustNameTheIssuerAndAudienceAndMayNotGrantAdmin() async throws {
        let (keys, pem) = try await Self.identityService("ES256")
        let good = TokenClaims(
            sub: "mkt-7", role: "buyer", exp: .init(value: Date().addingTimeInterval(300)), iss: "https://id.market.example",
            aud: .init(value: ["shop", "parley"]))
        var wrongIssuer = good
        wrongIssuer.iss = "https://evil.example"
        var noIssuer = good
        noIssuer.iss = nil
        var wrongAudience = good
        wrongAudience.aud = "someone-else"
        var noAudience = good
        noAudience.aud = nil
        var notYet = good
        notYet.nbf = .init(value: Date().addingTimeInterval(120))
        var admin = good
        admin.role = "admin"
        try await Accounts.withService(publicKeyPEM: pem) { accounts, store in
            #expect(try await accounts.authenticate(token: try await keys.sign(good)).userId == "ext:mkt-7")
            for claims in [wrongIssuer, noIssuer, wrongAudience, noAudience, notYet, admin] {
                let token = try await keys.sign(claims)
                await #expect { try await accounts.authenticate(token: token) } throws: { Accounts.is($0, .unauthorized) }
            }
            // a subject equal to a local user's id is still another user
            let local = try await store.createUser(email: "local@example.com", passwordHash: nil, displayName: "L", role: .buyer)
            var impostor = good
            impostor.sub = .init(value: local.id)
            #expect(try await accounts.authenticate(token: try await keys.sign(impostor)).userId == "ext:\(local.id)")
            // an e-mail taken by a local account does not lock the external user out
            var sameEmail = good
            sameEmail.sub = "mkt-8"
            sameEmail.email = "LOCAL@example.com"
            #expect(try await accounts.authenticate(token: try await keys.sign(sameEmail)).userId == "ext:mkt-8")
            #expect(try await accounts.user(id: local.id).email == "local@example.com")
        }
        // the operator may let external tokens grant admin
        let rules = ExternalTokenRules(issuer: "https://id.market.example", audience: "parley", allowsAdmins: true)
        try await Accounts.withService(publicKeyPEM: pem, rules: rules) { accounts, _ in
            let token = try await keys.sign(admin)
            let identity = try await accounts.authenticate(token: token)
            #expect(identity.isAdmin)
        }
        // and a key without rules is refused
        await #expect { try await TokenService(secret: Accounts.secret, publicKeyPEM: pem, ttl: 60) } throws: {
            "\($0)".contains("jwt-issuer")
        }
    }

    @Test func anAdminClaimCountsOnlyWhileTheDatabaseSaysAdmin() async throws {
        try await Accounts.withService { accounts, store in
            let buyer = try await store.createUser(email: "b@example.com", passwordHash: nil, displayName: "B", role: .buyer)
            let claimsAdmin = try await accounts.tokens.issue(userId: buyer.id, role: .admin)
            let identity = try await accounts.authenticate(token: claimsAdmin.token)
            #expect(identity.role == .buyer && !identity.isAdmin, "the database says buyer")
            let ghost = try await accounts.tokens.issue(userId: "deleted-user", role: .admin)
            await #expect { try await accounts.authenticate(token: ghost.token) } throws: { Accounts.is($0, .unauthorized) }
        }
    }

    @Test func aKeyThatIsNeitherES256NorEd25519IsRefusedByItsFlag() async throws {
        await #expect {
            try await TokenService(secret: Accounts.secret, publicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", ttl: 60)
        } throws: { "\($0)".hasPrefix("jwt-public-key ") }
    }
}
