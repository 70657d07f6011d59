import Foundation
import HTTPTypes
import JWTKit
import ParleyAccounts
import ParleyProtocol
import ParleyServer
import ParleyTestSupport
import Testing

@testable import ParleyAccounts

/// Who may do what: every REST endpoint and every WebSocket channel and frame, for every kind of caller, against a
/// real hub (on the store the test command selects: both, over its two passes). A route the hub serves without a row
/// here fails the test.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Actor: String, CaseIterable, CustomStringConvertible {
        case anonymous, buyer, seller, outsider, admin, external
        var description: String { rawValue }
    }

    /// The callers and the fixtures they act on.
    struct World {
        var tokens: [Actor: String] = [:]
        var ids: [Actor: String] = [:]
        var conversationId = ""
        var flagId = ""
        var listingId = ""
        /// Deleted by its seller in the matrix: 404 for everyone after.
        var doomedListingId = ""
        /// Pending, of the buyer's, on the seller's listing.
        var orderId = ""
    }

    /// One REST route: method, path template (as the router declares it), the concrete request, and the answers.
    struct Row {
        var method: HTTPRequest.Method
        var template: String
        var path: (World) -> String
        var body: (World, Actor) -> [String: Any]? = { _, _ in nil }
        var expected: [Actor: Int]
    }

    static func everyone(_ status: Int) -> [Actor: Int] { Dictionary(uniqueKeysWithValues: Actor.allCases.map { ($0, status) }) }
    static func signedIn(_ status: Int) -> [Actor: Int] { everyone(status).merging([.anonymous: 401]) { $1 } }

    static var rows: [Row] {
        [
            Row(method: .get, template: "healthz", path: { _ in "/healthz" }, expected: everyone(200)),
            Row(method: .get, template: "readyz", path: { _ in "/readyz" }, expected: everyone(200)),
            Row(method: .get, template: "openapi.yaml", path: { _ in "/v1/openapi.yaml" }, expected: everyone(200)),
            Row(
                method: .get, template: "schemas/{name}", path: { _ in "/v1/schemas/message.schema.json" }, expected: everyone(200)),
            Row(
                method: .post, template: "auth/register", path: { _ in "/v1/auth/register" },
                body: { _, actor in
                    ["email": "\(actor)-\(UUID().uuidString.prefix(6))@example.com", "password": "password123", "displayName": "N", "role": "buyer"]
                }, expected: everyone(201)),
            Row(
                method: .post, template: "auth/login", path: { _ in "/v1/auth/login" },
                body: { _, _ in ["email": "matrix-buyer@example.com", "password": "password123"] }, expected: everyone(200)),
            Row(method: .get, template: "me", path: { _ in "/v1/me" }, expected: signedIn(200)),
            Row(
                method: .post, template: "conversations", path: { _ in "/v1/conversations" },
                body: { world, actor in ["participantIds": [world.ids[actor == .buyer ? .seller : .buyer]!]] },
                expected: signedIn(201)),
            Row(method: .get, template: "conversations", path: { _ in "/v1/conversations" }, expected: signedIn(200)),
            Row(
                method: .get, template: "conversations/{id}", path: { "/v1/conversations/\($0.conversationId)" },
                expected: readers),
            Row(
                method: .get, template: "conversations/{id}/messages", path: { "/v1/conversations/\($0.conversationId)/messages" },
                expected: readers),
            Row(
                method: .post, template: "conversations/{id}/messages", path: { "/v1/conversations/\($0.conversationId)/messages" },
                body: { _, actor in ["body": "hello from \(actor)", "clientMsgId": "matrix-\(actor)"] },
                expected: writers(201)),
            Row(
                method: .post, template: "conversations/{id}/read", path: { "/v1/conversations/\($0.conversationId)/read" },
                body: { _, _ in ["seq": 0] }, expected: writers(200)),
            Row(
                method: .get, template: "conversations/{id}/presence", path: { "/v1/conversations/\($0.conversationId)/presence" },
                expected: readers),
            Row(method: .get, template: "moderation/flags", path: { _ in "/v1/moderation/flags" }, expected: admins(200)),
            Row(method: .get, template: "moderation/flags/{id}", path: { "/v1/moderation/flags/\($0.flagId)" }, expected: admins(200)),
            Row(
                method: .post, template: "moderation/flags/{id}/decision", path: { "/v1/moderation/flags/\($0.flagId)/decision" },
                body: { _, _ in ["decision": "uphold"] }, expected: admins(200)),
            Row(
                method: .post, template: "listings", path: { _ in "/v1/listings" }, body: { _, _ in listingBody },
                expected: signedIn(403).merging([.seller: 201]) { $1 }),
            Row(method: .get, template: "listings", path: { _ in "/v1/listings" }, expected: signedIn(200)),
            Row(method: .get, template: "listings/{id}", path: { "/v1/listings/\($0.listingId)" }, expected: signedIn(200)),
            Row(
                method: .patch, template: "listings/{id}", path: { "/v1/listings/\($0.listingId)" }, body: { _, _ in ["city": "Köln"] },
                expected: signedIn(403).merging([.seller: 200, .admin: 200]) { $1 }),
            // the seller deletes it (204), so those after see no listing at all
            Row(
                method: .delete, template: "listings/{id}", path: { "/v1/listings/\($0.doomedListingId)" },
                expected: [.anonymous: 401, .buyer: 403, .seller: 204, .outsider: 404, .admin: 404, .external: 404]),
            Row(
                method: .get, template: "listings/{id}/reviews", path: { "/v1/listings/\($0.listingId)/reviews" },
                expected: signedIn(200)),
            // buyers order (the outsider and the external user are buyers too); sellers and admins do not
            Row(
                method: .post, template: "orders", path: { _ in "/v1/orders" }, body: { world, _ in ["listingId": world.listingId] },
                expected: signedIn(201).merging([.seller: 403, .admin: 403]) { $1 }),
            Row(method: .get, template: "orders", path: { _ in "/v1/orders" }, expected: signedIn(200)),
            Row(method: .get, template: "orders/{id}", path: { "/v1/orders/\($0.orderId)" }, expected: orderParties(200)),
            Row(method: .get, template: "orders/{id}/ledger", path: { "/v1/orders/\($0.orderId)/ledger" }, expected: orderParties(200)),
            // the buyer pays (200); after that, paid → paid exists for nobody (409); strangers see no order (404)
            Row(
                method: .post, template: "orders/{id}/transitions", path: { "/v1/orders/\($0.orderId)/transitions" },
                body: { _, _ in ["to": "paid"] }, expected: orderParties(409).merging([.buyer: 200]) { $1 }),
            // not completed: 409 for the buyer; only the buyer reviews (403)
            Row(
                method: .post, template: "orders/{id}/review", path: { "/v1/orders/\($0.orderId)/review" },
                body: { _, _ in ["rating": 5, "comment": "great"] },
                expected: orderParties(403).merging([.buyer: 409]) { $1 }),
            // for marketplace backends with the service token: no user's token is one
            Row(
                method: .post, template: "events/order-status", path: { _ in "/v1/events/order-status" },
                body: { world, _ in
                    ["orderId": "ext-1", "status": "paid", "buyerId": world.ids[.buyer]!, "sellerId": world.ids[.seller]!]
                }, expected: everyone(401)),
            // a plain GET of the WebSocket endpoint: the token is checked first, then the missing upgrade is refused
            Row(method: .get, template: "ws", path: { _ in "/v1/ws" }, expected: signedIn(400)),
            // the notification inbox: everyone signed in has one, and sees only their own
            Row(method: .get, template: "notifications", path: { _ in "/v1/notifications" }, expected: signedIn(200)),
            Row(
                method: .get, template: "notifications/unread-count", path: { _ in "/v1/notifications/unread-count" },
                expected: signedIn(200)),
            Row(method: .post, template: "notifications/read-all", path: { _ in "/v1/notifications/read-all" }, expected: signedIn(200)),
            Row(
                method: .post, template: "notifications/{id}/read", path: { _ in "/v1/notifications/\(UUID().uuidString.lowercased())/read" },
                expected: signedIn(404)),
            // a stream that opens never ends: a bad cursor shows the route is authenticated before it is read
            Row(
                method: .get, template: "notifications/stream", path: { _ in "/v1/notifications/stream?lastEventId=x" },
                expected: signedIn(400)),
        ]
    }

    /// Participants and admins read a conversation; others are forbidden.
    static let readers: [Actor: Int] = [.anonymous: 401, .buyer: 200, .seller: 200, .outsider: 403, .admin: 200, .external: 403]
    /// Only participants write; an admin reads but does not write.
    static func writers(_ status: Int) -> [Actor: Int] {
        [.anonymous: 401, .buyer: status, .seller: status, .outsider: 403, .admin: 403, .external: 403]
    }
    static func admins(_ status: Int) -> [Actor: Int] { signedIn(403).merging([.admin: status]) { $1 } }
    /// An order's buyer, seller and admins see it; anyone else gets 404, as if it did not exist.
    static func orderParties(_ status: Int) -> [Actor: Int] {
        [.anonymous: 401, .buyer: status, .seller: status, .outsider: 404, .admin: status, .external: 404]
    }
    static var listingBody: [String: Any] {
        [
            "title": "Face painting", "description": "Two hours of face painting for kids' parties.", "category": "kids-parties",
            "city": "Berlin", "price": ["amount": 12_000, "currency": "EUR"], "pricingModel": "fixed",
        ]
    }

    /// The routes the hub's controllers declare, read from their source: `router.get("…")`, `group.post("…")`.
    static func declaredRoutes() throws -> Set<String> {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/ParleyServer/HTTP")
        let pattern = try Regex(#"(?:router|group)\.(get|post|put|patch|delete)\("([^"]*)"\)"#)
        var routes = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in source.matches(of: pattern) {
                let method = String(match.output[1].substring ?? "").uppercased()
                routes.insert("\(method) \(match.output[2].substring ?? "")")
            }
        }
        return routes
    }

    @Test func everyRouteHasARow() throws {
        let declared = try Self.declaredRoutes()
        #expect(declared.count >= 16, "the route scan found the controllers")
        let covered = Set(Self.rows.map { "\($0.method.rawValue) \($0.template)" })
        #expect(declared.subtracting(covered).isEmpty, "routes without a row: \(declared.subtracting(covered).sorted())")
        #expect(covered.subtracting(declared).isEmpty, "rows without a route: \(covered.subtracting(declared).sorted())")
        for row in Self.rows { #expect(Set(row.expected.keys) == Set(Actor.allCases), "\(row.template) names every caller") }
    }

    /// An identity service's key and a token of its user.
    static func externalIdentity() async throws -> (pemPath: String, token: String) {
        let key = ES256PrivateKey()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-idp-\(UUID().uuidString).pem").path
        try key.publicKey.pemRepresentation.write(toFile: path, atomically: true, encoding: .utf8)
        let claims = TokenClaims(
            sub: "mkt-matrix", role: "buyer", exp: .init(value: Date().addingTimeInterval(600)), iss: "https://id.market.example",
            aud: "parley")
        return (path, try await JWTKeyCollection().add(ecdsa: key).sign(claims))
    }

    static func world(_ hub: TestHub, externalToken: String) async throws -> World {
        var world = World()
        let buyer = try await hub.post(
            "/v1/auth/register",
            ["email": "matrix-buyer@example.com", "password": "password123", "displayName": "B", "role": "buyer"])
        world.tokens[.buyer] = buyer.body["token"]?.string
        world.ids[.buyer] = buyer.body["user"]?["id"]?.string
        for actor in [Actor.seller, .outsider] {
            let account = try await hub.register(actor == .seller ? "seller" : "buyer")
            (world.tokens[actor], world.ids[actor]) = (account.token, account.id)
        }
        _ = try await hub.parley.accounts.createAccount(
            email: "matrix-admin@example.com", password: "password123", displayName: "A", role: .admin)
        let admin = try await hub.post("/v1/auth/login", ["email": "matrix-admin@example.com", "password": "password123"])
        world.tokens[.admin] = admin.body["token"]?.string
        world.ids[.admin] = admin.body["user"]?["id"]?.string
        world.tokens[.external] = externalToken
        world.ids[.external] = try await hub.get("/v1/me", token: externalToken).body["id"]?.string
        world.conversationId = try await hub.conversation(
            .init(id: world.ids[.buyer]!, token: world.tokens[.buyer]!), with: [.init(id: world.ids[.seller]!, token: world.tokens[.seller]!)])
        // a flagged message gives the moderation rows a flag
        _ = try await hub.post(
            "/v1/conversations/\(world.conversationId)/messages", ["body": "call me on 0745 882 190", "clientMsgId": "flagged"],
            token: world.tokens[.buyer])
        let flags = try await hub.get("/v1/moderation/flags", token: world.tokens[.admin])
        world.flagId = try #require(flags.body["items"]?.array.first?["id"]?.string)
        for keyPath in [\World.listingId, \World.doomedListingId] {
            let listing = try await hub.post("/v1/listings", listingBody, token: world.tokens[.seller])
            world[keyPath: keyPath] = try #require(listing.body["id"]?.string, "listing: \(listing.body)")
        }
        let order = try await hub.post("/v1/orders", ["listingId": world.listingId], token: world.tokens[.buyer])
        world.orderId = try #require(order.body["id"]?.string, "order: \(order.body)")
        return world
    }

    static func run(_ body: @Sendable (TestHub, World) async throws -> Void) async throws {
        let identity = try await externalIdentity()
        defer { try? FileManager.default.removeItem(atPath: identity.pemPath) }
        try await TestHub.run { config in
            config.accounts.jwtPublicKey = identity.pemPath
            config.accounts.jwtIssuer = "https://id.market.example"
            config.accounts.jwtAudience = "parley"
        } _: { hub in
            try await body(hub, try await world(hub, externalToken: identity.token))
        }
    }

    @Test func everyRESTRouteAnswersEveryCallerAsTheMatrixSays() async throws {
        try await Self.run { hub, world in
            for row in Self.rows {
                for actor in Actor.allCases {
                    let body = row.body(world, actor).map { json($0) }
                    let reply = try await hub.request(row.method, row.path(world), token: world.tokens[actor], body: body)
                    #expect(reply.status == row.expected[actor], "\(row.method) \(row.template) as \(actor): \(reply.body)")
                }
            }
        }
    }

    @Test func everyChannelAndFrameAnswersEveryCallerAsTheMatrixSays() async throws {
        try await Self.run { hub, world in
            let cid = world.conversationId
            // (frame, answer per caller): "ack" or an error code; anonymous callers cannot open a socket at all
            let frames: [(String, [String: Any], [Actor: String])] = [
                (
                    "subscribe conversation", ["type": "subscribe", "channel": "conversation:\(cid)"],
                    [.buyer: "ack", .seller: "ack", .outsider: "forbidden", .admin: "ack", .external: "forbidden"]
                ),
                (
                    "subscribe the buyer's user channel", ["type": "subscribe", "channel": "user:\(world.ids[.buyer]!)"],
                    [.buyer: "ack", .seller: "forbidden", .outsider: "forbidden", .admin: "forbidden", .external: "forbidden"]
                ),
                (
                    "message.send", ["type": "message.send", "conversationId": cid, "body": "hi", "clientMsgId": "ws-matrix"],
                    [.buyer: "ack", .seller: "ack", .outsider: "forbidden", .admin: "forbidden", .external: "forbidden"]
                ),
                (
                    "typing", ["type": "typing", "conversationId": cid, "state": "start"],
                    [.buyer: "ack", .seller: "ack", .outsider: "forbidden", .admin: "forbidden", .external: "forbidden"]
                ),
                (
                    "read", ["type": "read", "conversationId": cid, "seq": 0],
                    [.buyer: "ack", .seller: "ack", .outsider: "forbidden", .admin: "forbidden", .external: "forbidden"]
                ),
                (
                    "subscribe order", ["type": "subscribe", "channel": "order:\(world.orderId)"],
                    [.buyer: "ack", .seller: "ack", .outsider: "not_found", .admin: "ack", .external: "not_found"]
                ),
                (
                    "ping", ["type": "ping"],
                    [.buyer: "pong", .seller: "pong", .outsider: "pong", .admin: "pong", .external: "pong"]
                ),
            ]
            await #expect(throws: (any Error).self, "no socket without a token") { try await TestSocket.connect(port: hub.port, token: nil) }
            for actor in Actor.allCases where actor != .anonymous {
                let socket = try await TestSocket.connect(port: hub.port, token: world.tokens[actor]).0
                for (i, (name, frame, expected)) in frames.enumerated() {
                    var frame = frame
                    frame["id"] = "m\(i)"
                    socket.send(frame)
                    let (answer, _) = try await socket.expect(oneOf: ["ack", "error", "pong"], id: "m\(i)")
                    let got = answer["type"]?.string == "error" ? answer["code"]?.string : answer["type"]?.string
                    #expect(got == expected[actor], "\(name) as \(actor): \(answer)")
                }
                socket.close()
            }
        }
    }
}
