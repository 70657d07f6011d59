public import Configuration
import Foundation
public import ParleySettings

/// Tokens and passwords: the JWT secret and the accepted external key, token lifetime, bcrypt cost.
///
/// Keys read (under `parley.`): `jwt.secret`, `jwt.publicKey`, `jwt.issuer`, `jwt.audience`, `jwt.externalAdmins`,
/// `registrationsPerHour`, `loginFailures`, `loginFailuresPerIp`, `token.ttl`, `bcrypt.cost`.
public struct AccountsConfiguration: Sendable {
    static let jwtSecretSetting = Setting.optionalString(
        "jwt.secret", defaultText: "generated into the data dir", isSecret: true, hasFlag: false,
        "HS256 signing secret, ≥ 32 bytes")
    static let jwtPublicKeySetting = Setting.optionalString(
        "jwt.publicKey", defaultText: "none",
        "PEM ES256/Ed25519 key of the marketplace's identity service; its tokens are accepted too")
    static let jwtIssuerSetting = Setting.optionalString(
        "jwt.issuer", defaultText: "none", "the `iss` external tokens must carry (required with jwt-public-key)")
    static let jwtAudienceSetting = Setting.optionalString(
        "jwt.audience", defaultText: "none", "the `aud` external tokens must include (required with jwt-public-key)")
    static let jwtExternalAdminsSetting = Setting.string(
        "jwt.externalAdmins", default: "off", "`on`: an external token's `role: admin` is honoured; `off`: refused")
    static let registrationsPerHourSetting = Setting.int(
        "registrationsPerHour", default: 100, "registrations per client address per hour (429 `rate_limited`)")
    static let loginFailuresSetting = Setting.int(
        "loginFailures", default: 10, "failed logins per account in 15 minutes before its logins wait (429 `rate_limited`)")
    static let loginFailuresPerIpSetting = Setting.int(
        "loginFailuresPerIp", default: 100, "failed logins per client address in 15 minutes before its logins wait (429)")
    static let tokenTTLSetting = Setting.int("token.ttl", default: 3600, "lifetime of issued tokens, seconds")
    static let bcryptCostSetting = Setting.int("bcrypt.cost", default: 10, "bcrypt cost of new passwords")

    /// HS256 secret (≥ 32 bytes); generated into the data dir when unset.
    public var jwtSecret: String?
    /// PEM file of an ES256 or EdDSA public key whose tokens are accepted too.
    public var jwtPublicKey: String?
    /// The `iss` and `aud` external tokens must carry.
    public var jwtIssuer: String?
    public var jwtAudience: String?
    /// `on` or `off`: whether external tokens may grant the admin role.
    public var jwtExternalAdmins = "off"
    /// Registrations per client address per hour.
    public var registrationsPerHour = 100
    /// Failed logins per account, and per client address, within 15 minutes before further logins are refused.
    public var loginFailures = 10
    public var loginFailuresPerIp = 100
    /// Lifetime of issued tokens, in seconds.
    public var tokenTTL = 3600
    /// The bcrypt cost of new passwords.
    public var bcryptCost = 10

    /// The defaults.
    public init() {}

    /// Reads the accounts settings; missing keys keep their defaults.
    ///
    /// Keys read: `jwt.secret` (secret), `jwt.publicKey`, `jwt.issuer`, `jwt.audience`, `jwt.externalAdmins`,
    /// `registrationsPerHour`, `loginFailures`, `loginFailuresPerIp`, `token.ttl`, `bcrypt.cost`.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        jwtSecret = Self.jwtSecretSetting.read(reader)
        jwtPublicKey = Self.jwtPublicKeySetting.read(reader)
        jwtIssuer = Self.jwtIssuerSetting.read(reader)
        jwtAudience = Self.jwtAudienceSetting.read(reader)
        jwtExternalAdmins = Self.jwtExternalAdminsSetting.read(reader)
        registrationsPerHour = Self.registrationsPerHourSetting.read(reader)
        loginFailures = Self.loginFailuresSetting.read(reader)
        loginFailuresPerIp = Self.loginFailuresPerIpSetting.read(reader)
        tokenTTL = Self.tokenTTLSetting.read(reader)
        bcryptCost = Self.bcryptCostSetting.read(reader)
    }

    /// The declarations of the accounts settings, for help texts and the README.
    public static var settings: [SettingInfo] {
        [
            jwtSecretSetting.info, jwtPublicKeySetting.info, jwtIssuerSetting.info, jwtAudienceSetting.info,
            jwtExternalAdminsSetting.info, registrationsPerHourSetting.info, loginFailuresSetting.info,
            loginFailuresPerIpSetting.info, tokenTTLSetting.info, bcryptCostSetting.info,
        ]
    }

    /// Refuses settings that cannot work, naming the flag (or variable).
    /// - Throws: ``SettingError``.
    public func validate() throws {
        try SettingError.check(tokenTTL >= 2, "token-ttl must be ≥ 2 seconds")
        try SettingError.check(registrationsPerHour >= 1, "registrations-per-hour must be ≥ 1")
        try SettingError.check(loginFailures >= 1 && loginFailuresPerIp >= 1, "login-failures and login-failures-per-ip must be ≥ 1")
        try SettingError.check((4...16).contains(bcryptCost), "bcrypt-cost must be 4…16")
        if let jwtSecret { try SettingError.check(jwtSecret.utf8.count >= 32, "jwt-secret must be at least 32 bytes") }
        try SettingError.check(["on", "off"].contains(jwtExternalAdmins), "jwt-external-admins must be on or off")
        if jwtPublicKey != nil {
            try SettingError.check(
                !(jwtIssuer ?? "").isEmpty && !(jwtAudience ?? "").isEmpty,
                "jwt-issuer and jwt-audience are required with jwt-public-key")
        }
    }

    /// The token service these settings describe: the configured secret, or the one generated into
    /// `<dataDir>/jwt-secret` on first start (the folder is created when missing), and the external public key
    /// read from its file.
    /// - Parameter dataDir: The hub's data folder.
    /// - Throws: ``SettingError`` for an unreadable or unusable key or secret file.
    public func makeTokens(dataDir: String) async throws -> TokenService {
        try validate()  // jwt-kit traps on a secret shorter than 32 bytes
        let secret: String
        if let jwtSecret {
            secret = jwtSecret
        } else {
            try FileManager.default.createDirectory(
                atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            secret = try JWTSecretFile.loadOrCreate(dataDir: dataDir)
        }
        let publicKey = try jwtPublicKey.map { path in
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw SettingError("jwt-public-key: cannot read \(path)")
            }
        }
        let rules = jwtIssuer.flatMap { issuer in
            jwtAudience.map { ExternalTokenRules(issuer: issuer, audience: $0, allowsAdmins: jwtExternalAdmins == "on") }
        }
        return try await TokenService(secret: secret, publicKeyPEM: publicKey, ttl: tokenTTL, externalRules: rules)
    }
}
