import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationEssentialsCompat
import ParleyAccounts
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport

@testable import ParleyServer

/// A real hub on a free loopback port with its own temporary data dir, plus REST helpers.
struct TestHub {
    let client: any TestClientProtocol
    /// The node under test.
    let parley: ParleyHub
    var port: Int { client.port! }

    struct Reply {
        var status: Int
        var body: JSONValue
        var headers: HTTPFields
    }

    /// Runs `body` against a fresh hub with test defaults.
    static func run(_ body: @Sendable (TestHub) async throws -> Void) async throws {
        try await run(configure: { _ in }, body)
    }

    /// Runs `body` against a fresh hub with settings changed by `configure`.
    static func run(
        configure: (inout HubConfiguration) -> Void,
        _ body: @Sendable (TestHub) async throws -> Void
    ) async throws {
        var config = HubConfiguration()
        config.server.port = 0
        config.accounts.bcryptCost = 4
        config.server.dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString)").path
        config.accounts.jwtSecret = "test-secret-that-is-at-least-32-bytes-long!"
        config.storage = TestEnvironment.storage
        config.accounts.registrationsPerHour = 10_000  // every test registers from 127.0.0.1
        var drop: (@Sendable () async -> Void)?
        if TestEnvironment.store == "postgres" {
            let database = try await TestPostgres.freshDatabase()
            config.storage.postgresURL = database.url
            drop = database.drop
        }
        configure(&config)
        defer { try? FileManager.default.removeItem(atPath: config.server.dataDir) }
        var logger = Logger(label: "parley-test")
        logger.logLevel = .warning
        let hub = try await ParleyHub.make(configuration: config, logger: logger)
        do {
            // The application runs the node's services (the database among them) and migrates before listening.
            try await hub.application().test(.live) { client in
                try await body(TestHub(client: client, parley: hub))
            }
        } catch {
            await drop?()
            throw error
        }
        await drop?()
    }

    func request(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await request(method, path, headers: headers, body: body)
    }

    func request(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields, body: String?) async throws -> Reply {
        try await client.execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            let data = Data(buffer: response.body)
            let value = data.isEmpty ? JSONValue.null : (try? JSONValue.parse(data)) ?? .string(String(decoding: data, as: UTF8.self))
            return Reply(status: Int(response.status.code), body: value, headers: response.headers)
        }
    }

    func post(_ path: String, _ object: [String: Any], token: String? = nil) async throws -> Reply {
        try await request(.post, path, token: token, body: json(object))
    }

    func get(_ path: String, token: String? = nil) async throws -> Reply {
        try await request(.get, path, token: token)
    }

    /// A registered user: id and token.
    struct Account {
        var id: String
        var token: String
    }

    func register(_ role: String = "buyer", name: String = "Tester") async throws -> Account {
        let reply = try await post(
            "/v1/auth/register",
            ["email": "u\(UUID().uuidString.prefix(8))@example.com", "password": "password123", "displayName": name, "role": role])
        guard reply.status == 201, let id = reply.body["user"]?["id"]?.string, let token = reply.body["token"]?.string else {
            throw TestTimeout(what: "registration, got \(reply.status) \(reply.body)")
        }
        return Account(id: id, token: token)
    }

    /// A conversation between the first account and the others; returns its id.
    func conversation(_ owner: Account, with others: [Account]) async throws -> String {
        let reply = try await post("/v1/conversations", ["participantIds": others.map(\.id)], token: owner.token)
        guard reply.status == 201, let id = reply.body["id"]?.string else {
            throw TestTimeout(what: "conversation, got \(reply.status) \(reply.body)")
        }
        return id
    }

    func socket(_ account: Account) async throws -> TestSocket {
        try await TestSocket.connect(port: port, token: account.token).0
    }

    /// A socket of `account` subscribed to the conversation (the subscribe is acked).
    func subscribedSocket(_ account: Account, to conversationId: String) async throws -> TestSocket {
        let socket = try await socket(account)
        socket.send(["type": "subscribe", "id": "sub", "channel": "conversation:\(conversationId)"])
        _ = try await socket.expect("ack", id: "sub")
        return socket
    }
}
