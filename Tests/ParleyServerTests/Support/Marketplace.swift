import Foundation
import ParleyAccounts
import ParleyProtocol
import ParleyTestSupport

@testable import ParleyServer

/// Marketplace fixtures on a test hub: a seller's listing, a buyer's order of it, an admin, order walks.
extension TestHub {
    static func listingBody(
        title: String = "Balloon arches", description: String = "Arches and garlands for any party.", category: String = "decor",
        city: String = "Berlin", amount: Int = 12_345, currency: String = "EUR"
    ) -> [String: Any] {
        [
            "title": title, "description": description, "category": category, "city": city,
            "price": ["amount": amount, "currency": currency], "pricingModel": "fixed",
        ]
    }

    /// A listing of `seller`; returns its id.
    func listing(_ seller: Account, _ body: [String: Any] = TestHub.listingBody()) async throws -> String {
        let reply = try await post("/v1/listings", body, token: seller.token)
        guard reply.status == 201, let id = reply.body["id"]?.string else { throw TestTimeout(what: "listing, got \(reply.status) \(reply.body)") }
        return id
    }

    /// An order of `buyer` for the listing; returns the order as JSON.
    func order(_ buyer: Account, listingId: String, quantity: Int = 1) async throws -> JSONValue {
        let reply = try await post("/v1/orders", ["listingId": listingId, "quantity": quantity], token: buyer.token)
        guard reply.status == 201 else { throw TestTimeout(what: "order, got \(reply.status) \(reply.body)") }
        return reply.body
    }

    /// Asks for a transition; returns the reply.
    func move(_ orderId: String, to status: String, by account: Account) async throws -> Reply {
        try await post("/v1/orders/\(orderId)/transitions", ["to": status], token: account.token)
    }

    /// An admin account (admins are made by the operator, not registered).
    func admin() async throws -> Account {
        let email = "admin-\(UUID().uuidString.prefix(8))@example.com"
        _ = try await parley.accounts.createAccount(email: email, password: "password123", displayName: "Admin", role: .admin)
        let login = try await post("/v1/auth/login", ["email": email, "password": "password123"])
        guard let id = login.body["user"]?["id"]?.string, let token = login.body["token"]?.string else {
            throw TestTimeout(what: "admin login, got \(login.body)")
        }
        return Account(id: id, token: token)
    }

    /// A socket of `account` subscribed to `order:<id>`.
    func orderSocket(_ account: Account, orderId: String) async throws -> TestSocket {
        let socket = try await socket(account)
        socket.send(["type": "subscribe", "id": "sub-order", "channel": "order:\(orderId)"])
        _ = try await socket.expect("ack", id: "sub-order")
        return socket
    }
}
