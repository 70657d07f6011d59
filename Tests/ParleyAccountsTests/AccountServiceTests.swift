import Foundation
import ParleyAccounts
import ParleyProtocol
import ParleyStorage
import Testing

@Suite("Accounts: registration and login")
struct AccountServiceTests {
    @Test func aRegisteredUserLogsInAndTheirTokensAuthenticate() async throws {
        try await Accounts.withService { accounts, _ in
            let registered = try await accounts.register(
                email: " Ana@Example.COM ", password: "password123", displayName: " Ana ", role: .seller)
            #expect(registered.user.email == "ana@example.com")
            #expect(registered.user.displayName == "Ana")
            #expect(registered.user.role == .seller)
            let identity = try await accounts.authenticate(token: registered.token)
            #expect(identity == Identity(userId: registered.user.id, role: .seller, expiresAt: identity.expiresAt))
            #expect(identity.isAdmin == false)
            let again = try await accounts.login(email: "ANA@example.com", password: "password123")
            #expect(again.user == registered.user)
            #expect(try await accounts.authenticate(token: again.token).userId == registered.user.id)
            #expect(try await accounts.user(id: registered.user.id) == registered.user)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(again)) as? [String: Any]
            #expect(json.map { Set($0.keys) } == ["user", "token"])
        }
    }

    @Test func aWrongPasswordAndAnUnknownEmailLookTheSame() async throws {
        try await Accounts.withService { accounts, _ in
            _ = try await accounts.register(email: "a@example.com", password: "password123", displayName: "A", role: .buyer)
            var messages: [String] = []
            for (email, password) in [("a@example.com", "password124"), ("nobody@example.com", "password123")] {
                await #expect {
                    try await accounts.login(email: email, password: password)
                } throws: { error in
                    messages.append((error as? ParleyError)?.message ?? "")
                    return Accounts.is(error, .unauthorized)
                }
            }
            #expect(messages.count == 2 && messages[0] == messages[1], "nothing says which part was wrong")
        }
    }

    @Test func aTakenEmailIsAConflict() async throws {
        try await Accounts.withService { accounts, _ in
            _ = try await accounts.register(email: "a@example.com", password: "password123", displayName: "A", role: .buyer)
            await #expect {
                try await accounts.register(email: "A@example.com", password: "password456", displayName: "B", role: .seller)
            } throws: { ($0 as? StorageError)?.code == .conflict }
            await #expect {
                try await accounts.createAccount(email: "a@example.com", password: "password456", displayName: "B", role: .admin)
            } throws: { Accounts.is($0, .conflict) }
        }
    }

    @Test(arguments: [
        ("not-an-email", "password123", "A", Role.buyer, ErrorCode.badRequest),
        ("a@b", "password123", "A", .buyer, .badRequest),
        ("a b@example.com", "password123", "A", .buyer, .badRequest),
        ("@example.com", "password123", "A", .buyer, .badRequest),
        ("a@example.com", "short", "A", .buyer, .badRequest),
        ("a@example.com", String(repeating: "p", count: 73), "A", .buyer, .badRequest),
        ("a@example.com", "password123", "  ", .buyer, .badRequest),
        ("a@example.com", "password123", "A", .admin, .forbidden),
    ])
    func badRegistrationsAreRefused(email: String, password: String, name: String, role: Role, code: ErrorCode) async throws {
        try await Accounts.withService { accounts, store in
            await #expect { try await accounts.register(email: email, password: password, displayName: name, role: role) } throws: {
                Accounts.is($0, code)
            }
            let stored = try await store.credentials(email: "a@example.com")
            #expect(stored == nil, "nothing was stored")
        }
    }

    @Test func anUnknownUserIsNotFound() async throws {
        try await Accounts.withService { accounts, _ in
            await #expect { try await accounts.user(id: "nobody") } throws: {
                Accounts.is($0, .notFound) && ($0 as? ParleyError)?.message == "user not found"
            }
        }
    }

    @Test func anOperatorCreatesAnAdminWithOnlyAStore() async throws {
        try await Accounts.withStore { store in
            let directory = AccountDirectory(store: store, bcryptCost: 4)
            let admin = try await directory.createAccount(
                email: "Mod@Example.com", password: "password123", displayName: "Mod", role: .admin)
            #expect(admin.role == .admin)
            #expect(admin.email == "mod@example.com")
            await #expect { try await directory.createAccount(email: "x", password: "password123", displayName: "X", role: .admin) } throws: {
                Accounts.is($0, .badRequest)
            }
            let tokens = try await TokenService(secret: Accounts.secret, publicKeyPEM: nil, ttl: 60)
            let accounts = AccountService(store: store, tokens: tokens, bcryptCost: 4)
            let signedIn = try await accounts.login(email: "mod@example.com", password: "password123")
            #expect(try await accounts.authenticate(token: signedIn.token).isAdmin)
        }
    }
}
