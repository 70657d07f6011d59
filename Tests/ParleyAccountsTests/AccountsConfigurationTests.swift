import Foundation
import ParleyProtocol
import ParleySettings
import Testing

@testable import ParleyAccounts

@Suite("Accounts: settings")
struct AccountsConfigurationTests {
    @Test func theSettingsKeepTheirNames() {
        let byKey = Dictionary(uniqueKeysWithValues: AccountsConfiguration.settings.map { ($0.key, $0) })
        #expect(byKey["jwt.secret"]?.flag == nil, "a secret is never a flag")
        #expect(byKey["jwt.secret"]?.variable == "PARLEY_JWT_SECRET")
        #expect(byKey["jwt.secret"]?.isSecret == true)
        #expect(byKey["jwt.publicKey"]?.flag == "--jwt-public-key")
        #expect(byKey["token.ttl"]?.flag == "--token-ttl")
        #expect(byKey["token.ttl"]?.variable == "PARLEY_TOKEN_TTL")
        #expect(byKey["token.ttl"]?.defaultText == "`3600`")
        #expect(byKey["bcrypt.cost"]?.flag == "--bcrypt-cost")
        #expect(byKey["bcrypt.cost"]?.defaultText == "`10`")
        #expect(byKey["jwt.issuer"]?.flag == "--jwt-issuer")
        #expect(byKey["jwt.audience"]?.variable == "PARLEY_JWT_AUDIENCE")
        #expect(byKey["jwt.externalAdmins"]?.flag == "--jwt-external-admins")
        #expect(byKey["jwt.externalAdmins"]?.defaultText == "`off`")
        #expect(byKey["registrationsPerHour"]?.flag == "--registrations-per-hour")
        #expect(byKey["loginFailures"]?.flag == "--login-failures")
        #expect(byKey["loginFailures"]?.defaultText == "`10`")
        #expect(byKey["loginFailuresPerIp"]?.variable == "PARLEY_LOGIN_FAILURES_PER_IP")
        #expect(byKey.count == 10)
    }

    @Test func valuesThatCannotWorkAreRefusedByFlag() throws {
        try AccountsConfiguration().validate()
        var configuration = AccountsConfiguration()
        configuration.tokenTTL = 1
        #expect { try configuration.validate() } throws: { "\($0)" == "token-ttl must be ≥ 2 seconds" }
        configuration = AccountsConfiguration()
        for cost in [3, 17] {
            configuration.bcryptCost = cost
            #expect { try configuration.validate() } throws: { ($0 as? SettingError)?.message == "bcrypt-cost must be 4…16" }
        }
        configuration = AccountsConfiguration()
        configuration.jwtSecret = String(repeating: "x", count: 31)
        #expect { try configuration.validate() } throws: { "\($0)" == "jwt-secret must be at least 32 bytes" }
        configuration.jwtSecret = String(repeating: "x", count: 32)
        try configuration.validate()
    }

    @Test func theGeneratedSecretIsKeptInTheDataDirAndReused() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-jwt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let configuration = AccountsConfiguration()
        let first = try await configuration.makeTokens(dataDir: dataDir + "/data")
        let path = dataDir + "/data/jwt-secret"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let token = try await first.issue(userId: "u1", role: .buyer).token
        let second = try await configuration.makeTokens(dataDir: dataDir + "/data")
        #expect(try await second.verify(token).0.userId == "u1", "the second start signs with the same secret")

        let folder = try FileManager.default.attributesOfItem(atPath: dataDir + "/data")
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)

        // a file that exists but is not text is reported, never replaced
        let garbage = Data([0xFF, 0xFE, 0x00, 0xC3])
        try garbage.write(to: URL(fileURLWithPath: path))
        await #expect { try await configuration.makeTokens(dataDir: dataDir + "/data") } throws: {
            "\($0)".contains("cannot be read") && "\($0)".contains("never replaced")
        }
        #expect(FileManager.default.contents(atPath: path) == garbage)

        try "too short".write(toFile: path, atomically: true, encoding: .utf8)
        await #expect { try await configuration.makeTokens(dataDir: dataDir + "/data") } throws: {
            "\($0)".contains("shorter than 32 bytes")
        }
        var withKey = AccountsConfiguration()
        withKey.jwtSecret = String(repeating: "k", count: 32)
        withKey.jwtPublicKey = dataDir + "/missing.pem"
        await #expect { try await withKey.makeTokens(dataDir: dataDir) } throws: { "\($0)".contains("jwt-issuer") }
        withKey.jwtIssuer = "https://id.market.example"
        withKey.jwtAudience = "parley"
        withKey.jwtExternalAdmins = "maybe"
        await #expect { try await withKey.makeTokens(dataDir: dataDir) } throws: { "\($0)".hasPrefix("jwt-external-admins") }
        withKey.jwtExternalAdmins = "on"
        await #expect { try await withKey.makeTokens(dataDir: dataDir) } throws: { "\($0)".hasPrefix("jwt-public-key") }
    }
}
