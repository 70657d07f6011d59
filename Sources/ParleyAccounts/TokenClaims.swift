import Foundation
import JWTKit

/// The claims of a Parley token: `sub`, `role`, `exp` (plus `iat`; external tokens carry `iss` and `aud`, may carry
/// `nbf`, and may add `email`, `name`).
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String?
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?
    var email: String?
    var name: String?
    var iss: IssuerClaim?
    var aud: AudienceClaim?
    var nbf: NotBeforeClaim?

    init(
        sub: SubjectClaim, role: String?, exp: ExpirationClaim, iat: IssuedAtClaim? = nil, email: String? = nil,
        name: String? = nil, iss: IssuerClaim? = nil, aud: AudienceClaim? = nil, nbf: NotBeforeClaim? = nil
    ) {
        (self.sub, self.role, self.exp, self.iat, self.email, self.name) = (sub, role, exp, iat, email, name)
        (self.iss, self.aud, self.nbf) = (iss, aud, nbf)
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf?.verifyNotBefore()
    }
}
