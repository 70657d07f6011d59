import Foundation
import ParleyAccounts
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

/// A real SQLite store in a temporary folder, running for the test's duration.
enum Accounts {
    static let secret = String(repeating: "s3cret-", count: 6)

    /// A migrated store of the database `PARLEY_TEST_STORE` names, fresh for each test.
    @discardableResult
    static func withStore<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        try await StoreKind.current.withStore({ _ in }, body)
    }

    /// An account service over a fresh store, with the cheapest bcrypt cost.
    @discardableResult
    static func withService<T: Sendable>(
        publicKeyPEM: String? = nil, rules: ExternalTokenRules = .init(issuer: "https://id.market.example", audience: "parley"),
        _ body: (AccountService, Store) async throws -> T
    ) async throws -> T {
        try await withStore { store in
            let tokens = try await TokenService(
                secret: secret, publicKeyPEM: publicKeyPEM, ttl: 3600, externalRules: publicKeyPEM == nil ? nil : rules)
            return try await body(AccountService(store: store, tokens: tokens, bcryptCost: 4), store)
        }
    }

    /// Whether `error` is a `ParleyError` with this code.
    static func `is`(_ error: any Error, _ code: ErrorCode) -> Bool { (error as? ParleyError)?.code == code }
}
