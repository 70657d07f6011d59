import Foundation
import HTTPTypes
import ParleyAccounts
import ParleyProtocol
import ParleyServer
import ParleyTestSupport
import Testing

/// Registration and login are throttled per client address and per account, so a flood neither fills the database
/// nor guesses passwords.
@Suite("Registration and login throttles")
struct AuthThrottleTests {
    static func registration(_ email: String) -> [String: Any] {
        ["email": email, "password": "password123", "displayName": "T", "role": "buyer"]
    }

    @Test func registrationsArePerAddressAndHour() async throws {
        try await TestHub.run {
            $0.accounts.registrationsPerHour = 2
        } _: { hub in
            for i in 0..<2 {
                #expect(try await hub.post("/v1/auth/register", Self.registration("r\(i)@example.com")).status == 201)
            }
            let third = try await hub.post("/v1/auth/register", Self.registration("r2@example.com"))
            #expect(third.status == 429)
            #expect(third.body["error"]?["code"]?.string == "rate_limited")
            #expect((Int(third.headers[.retryAfter] ?? "") ?? 0) > 3000, "the hour's oldest registration leaves in about an hour")
            #expect(try await hub.post("/v1/auth/login", ["email": "r2@example.com", "password": "password123"]).status == 401)
        }
    }

    @Test func failedLoginsOfAnAccountMakeItsLoginsWait() async throws {
        try await TestHub.run {
            $0.accounts.loginFailures = 3
        } _: { hub in
            _ = try await hub.post("/v1/auth/register", Self.registration("victim@example.com"))
            _ = try await hub.post("/v1/auth/register", Self.registration("other@example.com"))
            for _ in 0..<3 {
                #expect(try await hub.post("/v1/auth/login", ["email": "victim@example.com", "password": "guess-guess"]).status == 401)
            }
            // now even the right password waits: the attacker learns nothing more
            let locked = try await hub.post("/v1/auth/login", ["email": "Victim@example.com", "password": "password123"])
            #expect(locked.status == 429)
            #expect((Int(locked.headers[.retryAfter] ?? "") ?? 0) > 800)
            // another account is not affected, and a success clears that account's failures
            #expect(try await hub.post("/v1/auth/login", ["email": "other@example.com", "password": "password123"]).status == 200)
            for _ in 0..<2 {
                #expect(try await hub.post("/v1/auth/login", ["email": "other@example.com", "password": "nope-nope"]).status == 401)
            }
            #expect(try await hub.post("/v1/auth/login", ["email": "other@example.com", "password": "password123"]).status == 200)
            #expect(try await hub.post("/v1/auth/login", ["email": "other@example.com", "password": "nope-nope"]).status == 401)
        }
    }

    @Test func failedLoginsFromAnAddressMakeItsLoginsWait() async throws {
        try await TestHub.run {
            $0.accounts.loginFailuresPerIp = 4
        } _: { hub in
            _ = try await hub.post("/v1/auth/register", Self.registration("real@example.com"))
            // credential stuffing: one guess each for many accounts
            for i in 0..<4 {
                #expect(try await hub.post("/v1/auth/login", ["email": "u\(i)@example.com", "password": "password123"]).status == 401)
            }
            let next = try await hub.post("/v1/auth/login", ["email": "real@example.com", "password": "password123"])
            #expect(next.status == 429)
            #expect(next.body["error"]?["code"]?.string == "rate_limited")
        }
    }
}
