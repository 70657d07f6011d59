import Foundation
import JWTKit

/// The claims of a Parley token: `sub`, `role`, `exp` (plus `iat`; external tokens may add `email`, `name`).
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String?
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?
    var email: String?
    var name: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
