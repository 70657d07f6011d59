import Configuration
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import NIOHTTP1
import Logging
import ParleyBroker
import ParleyModeration
import ParleyProtocol
import ParleyRedis
import ParleyStorage
import ServiceLifecycle
import UnixSignals

/// The parts of a running hub, built once from configuration.
public struct Hub: Sendable {
    public let config: HubConfiguration
    public let store: Store
    public let auth: AuthService
    public let chat: ChatService
    public let presence: PresenceService
    /// This process's name in the cluster (presence marks, logs).
    public let node: String
    /// Long-lived parts of the broker (the Redis connections), run with the application.
    let brokerServices: [any Service]
    let registry: ConnectionRegistry
    let logger: Logger

    /// Opens storage (running migrations), loads or creates the JWT secret, and wires the services.
    public static func make(config: HubConfiguration, moderator: (any TextModerator)? = nil, logger: Logger)
        async throws -> Hub
    {
        try config.validate()
        let moderator = try moderator ?? PipelineModerator(pipeline: config.moderationPipeline())
        try FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)
        let provider: any DatabaseProvider =
            if let url = config.postgresURL {
                try PostgresProvider(url: url, logger: logger)
            } else {
                try await SQLiteProvider(path: config.dataDir + "/parley.sqlite", logger: logger)
            }
        try await Migrations.run(on: provider, logger: logger)
        let store = Store(provider: provider, logger: logger)
        let secret = try config.jwtSecret ?? JWTSecretFile.loadOrCreate(dataDir: config.dataDir)
        let publicKey = try config.jwtPublicKey.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let tokens = try await TokenService(secret: secret, publicKeyPEM: publicKey, ttl: config.tokenTTL)
        let node = "node-" + Store.newID().prefix(8)
        let broker: any Broker
        let presenceStore: any PresenceStore
        var services: [any Service] = []
        if let url = config.redisURL {
            let redis = try RedisBroker(url: url, prefix: config.redisPrefix, logger: logger)
            broker = redis
            presenceStore = RedisPresenceStore(redis: redis, ttl: .seconds(config.presenceTTL))
            services.append(redis)
        } else {
            broker = InProcessBroker()
            presenceStore = InMemoryPresenceStore(ttl: .seconds(config.presenceTTL))
        }
        let hub = LocalHub(broker: broker, node: node, logger: logger)
        let chat = ChatService(store: store, hub: hub, moderator: moderator, config: config, logger: logger)
        return Hub(
            config: config, store: store,
            auth: AuthService(store: store, tokens: tokens, bcryptCost: config.bcryptCost),
            chat: chat,
            presence: PresenceService(
                store: presenceStore, chat: chat, node: node, heartbeatInterval: .seconds(max(1, config.presenceTTL / 3)),
                logger: logger),
            node: node, brokerServices: services,
            registry: ConnectionRegistry(logger: logger, drainTimeout: .seconds(config.shutdownTimeout)),
            logger: logger)
    }

    /// The HTTP + WebSocket application.
    public func application() -> some ApplicationProtocol {
        let router = Router(context: ParleyRequestContext.self)
        router.middlewares.add(ErrorMiddleware())
        router.get("healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            do {
                _ = try await store.provider.withConnection { db in try await db.raw("SELECT 1 AS one").first() }
                return try JSONResponse.make(["status": "ready"])
            } catch {
                return try JSONResponse.make(["status": "not_ready", "reason": "database unreachable"], status: .serviceUnavailable)
            }
        }
        let v1 = router.group("v1")
        AuthController(auth: auth).addPublicRoutes(to: v1)
        let authed = v1.group().add(middleware: AuthMiddleware(auth: auth))
        AuthController(auth: auth).addRoutes(to: authed)
        ConversationController(chat: chat).addRoutes(to: authed)
        ModerationController(chat: chat, restrictSeconds: config.restrictSeconds).addRoutes(to: authed)
        authed.get("conversations/{id}/presence") { _, context in
            let items = try await presence.presence(conversationId: try context.parameters.require("id"), caller: try context.caller())
            return try JSONResponse.make(["items": items])
        }
        addWebSocketRoute(to: authed)

        let session = WebSocketSession(chat: chat, auth: auth, registry: registry, presence: presence, config: config)
        let (auth, registry) = (self.auth, self.registry)
        var app = Application(
            router: router,
            server: HTTPServerBuilder { responder in
                ParleyServerChannel(
                    responder: responder, maxFrameBytes: config.maxFrameBytes, pingInterval: .seconds(config.pingInterval),
                    accept: { head in await Self.acceptUpgrade(head, auth: auth, registry: registry) },
                    session: { identity, inbound, outbound, channel, logger in
                        try await session.run(identity: identity, channel: channel, inbound: inbound, outbound: outbound, logger: logger)
                    })
            },
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "parley"),
            logger: logger)
        app.addServices(StoreCloser(store: store), registry, presence)
        app.addServices(brokerServices)
        app.addServices(chat.hub)
        return app
    }

    /// `GET /v1/ws` without an upgrade (an upgrade with a valid token never reaches the router).
    func addWebSocketRoute(to group: RouterGroup<ParleyRequestContext>) {
        group.get("ws") { _, context -> Response in
            _ = try context.caller()
            throw ParleyError.badRequest("GET /v1/ws must be a WebSocket upgrade request")
        }
    }

    /// Accepts an upgrade of `/v1/ws` with a valid token (header or `access_token`), selecting `parley.v1` when
    /// offered; anything else is refused with the error the client gets (401, 404, 503).
    static func acceptUpgrade(_ head: HTTPRequestHead, auth: AuthService, registry: ConnectionRegistry) async
        -> Result<ParleyServerChannel.Accepted, ParleyError>
    {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        guard parts.first == "/v1/ws" else { return .failure(.notFound("no WebSocket endpoint at this path")) }
        guard !registry.isDraining else { return .failure(ParleyError(.unavailable, "server is shutting down; reconnect")) }
        let identity: Identity
        do {
            let token = try AuthMiddleware.bearerToken(
                authorization: head.headers.first(name: "authorization"), query: parts.count == 2 ? String(parts[1]) : nil)
            identity = try await auth.authenticate(token: token)
        } catch let error as ParleyError {
            return .failure(error)
        } catch {
            return .failure(ParleyError(.unavailable, "cannot verify the token now; retry"))
        }
        var headers = HTTPHeaders()
        let offered = head.headers[canonicalForm: "sec-websocket-protocol"].map { String($0).trimmingCharacters(in: .whitespaces) }
        if offered.contains("parley.v1") { headers.add(name: "Sec-WebSocket-Protocol", value: "parley.v1") }
        return .success(.init(identity: identity, headers: headers))
    }

    /// Runs the hub until SIGTERM/SIGINT: sockets are closed with 1001 first, then the server stops.
    public func run() async throws {
        try await serviceGroup(signals: [.sigterm, .sigint]).run()
    }

    /// The service group of a node: the application, and the drainer that is shut down before it.
    func serviceGroup(signals: [UnixSignal]) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application()), .init(service: ShutdownDrainer(registry: registry))],
            gracefulShutdownSignals: signals,
            logger: logger)
        // Clients that never answer a close handshake must not hold the process (FIELD-NOTES: 39 s seen).
        configuration.maximumGracefulShutdownDuration = .seconds(config.shutdownTimeout * 2)
        return ServiceGroup(configuration: configuration)
    }
}

/// Closes the database after the server has stopped.
struct StoreCloser: Service {
    let store: Store
    func run() async throws {
        try? await gracefulShutdown()
        try await store.provider.shutdown()
    }
}

extension Hub {
    /// Creates an account of any role; the command line's way to make an admin.
    public func createAccount(email: String, password: String, displayName: String, role: Role) async throws -> User {
        do {
            return try await auth.createAccount(email: email, password: password, displayName: displayName, role: role)
        } catch let error as StorageError {
            throw ParleyError(.conflict, error.message)
        }
    }
}
