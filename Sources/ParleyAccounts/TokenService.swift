import Foundation
import JWTKit
public import ParleyProtocol
import ParleySettings

/// Issues HS256 tokens and verifies them, and tokens of an external identity service when a public key is configured.
public final class TokenService: Sendable {
    let own = JWTKeyCollection()
    let external: JWTKeyCollection?
    let externalRules: ExternalTokenRules?
    let ttl: Int

    /// - Parameters:
    ///   - secret: The HS256 secret, at least 32 bytes (jwt-kit traps on shorter HMAC keys).
    ///   - publicKeyPEM: An ES256 or EdDSA (Ed25519) public key in PEM form, or nil.
    ///   - ttl: Lifetime of issued tokens in seconds.
    ///   - externalRules: The issuer and audience external tokens must name, and whether they may grant admin;
    ///     required with a public key.
    /// - Throws: ``SettingError`` naming `jwt-public-key` when the key is neither, or `jwt-issuer` when the rules
    ///   are missing.
    public init(secret: String, publicKeyPEM: String?, ttl: Int, externalRules: ExternalTokenRules? = nil) async throws {
        self.ttl = ttl
        self.externalRules = externalRules
        await own.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        if let pem = publicKeyPEM {
            let keys = JWTKeyCollection()
            if let key = try? ES256PublicKey(pem: pem) {
                await keys.add(ecdsa: key)
            } else if let key = try? EdDSA.PublicKey(pem: pem) {
                await keys.add(eddsa: key)
            } else {
                throw SettingError("jwt-public-key is neither an ES256 nor an Ed25519 public key in PEM form")
            }
            guard externalRules != nil else { throw SettingError("jwt-issuer and jwt-audience are required with jwt-public-key") }
            external = keys
        } else {
            external = nil
        }
    }

    /// A signed token for a user, and its expiry in milliseconds since the epoch.
    /// - Parameter ttl: Lifetime in seconds; the configured one when nil.
    public func issue(userId: String, role: Role, ttl: Int? = nil) async throws -> (token: String, expiresAt: Int64) {
        // Whole seconds: some JWT libraries refuse fractional NumericDates.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let exp = now.addingTimeInterval(TimeInterval(ttl ?? self.ttl))
        let claims = TokenClaims(
            sub: .init(value: userId), role: role.rawValue, exp: .init(value: exp), iat: .init(value: now))
        let token = try await own.sign(claims)
        return (token, Int64(exp.timeIntervalSince1970 * 1000))
    }

    /// Verifies a token. Any failure (bad signature, expired, malformed) is `unauthorized`.
    func verify(_ token: String) async throws(ParleyError) -> (Identity, TokenClaims, external: Bool) {
        guard token.utf8.count <= 8192 else { throw .unauthorized("token is too long") }
        if let claims = try? await own.verify(token, as: TokenClaims.self) {
            return (Self.identity(claims), claims, false)
        }
        if let external, let rules = externalRules, let claims = try? await external.verify(token, as: TokenClaims.self) {
            guard claims.iss?.value == rules.issuer else { throw .unauthorized("token has the wrong issuer") }
            guard claims.aud?.value.contains(rules.audience) == true else { throw .unauthorized("token has the wrong audience") }
            guard claims.role != Role.admin.rawValue || rules.allowsAdmins else {
                throw .unauthorized("external tokens may not grant the admin role here (see jwt-external-admins)")
            }
            var identity = Self.identity(claims)
            identity.userId = ExternalTokenRules.subjectPrefix + identity.userId
            return (identity, claims, true)
        }
        throw .unauthorized("token is invalid or expired")
    }

    static func identity(_ claims: TokenClaims) -> Identity {
        Identity(
            userId: claims.sub.value, role: claims.role.flatMap(Role.init(rawValue:)) ?? .buyer,
            expiresAt: Int64(claims.exp.value.timeIntervalSince1970 * 1000))
    }
}
