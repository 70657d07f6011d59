import Configuration
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ParleyBroker
import ParleyProtocol
import ParleyStorage
import ServiceLifecycle
import UnixSignals

/// The parts of a running hub, built once from configuration.
public struct Hub: Sendable {
    public let config: HubConfiguration
    public let store: Store
    public let auth: AuthService
    public let chat: ChatService
    let registry: ConnectionRegistry
    let logger: Logger

    /// Opens storage (running migrations), loads or creates the JWT secret, and wires the services.
    public static func make(config: HubConfiguration, moderator: any TextModerator = PassthroughModerator(), logger: Logger)
        async throws -> Hub
    {
        try config.validate()
        try FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)
        let provider = try await SQLiteProvider(path: config.dataDir + "/parley.sqlite", logger: logger)
        try await Migrations.run(on: provider, logger: logger)
        let store = Store(provider: provider, logger: logger)
        let secret = try config.jwtSecret ?? JWTSecretFile.loadOrCreate(dataDir: config.dataDir)
        let publicKey = try config.jwtPublicKey.map { try String(contentsOfFile: $0, encoding: .utf8) }
        let tokens = try await TokenService(secret: secret, publicKeyPEM: publicKey, ttl: config.tokenTTL)
        let hub = LocalHub(broker: InProcessBroker(), logger: logger)
        return Hub(
            config: config, store: store,
            auth: AuthService(store: store, tokens: tokens, bcryptCost: config.bcryptCost),
            chat: ChatService(store: store, hub: hub, moderator: moderator, config: config, logger: logger),
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
        addWebSocketRoute(to: authed)

        var app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: router,
                configuration: .init(
                    maxFrameSize: config.maxFrameBytes, autoPing: .enabled(timePeriod: .seconds(config.pingInterval)),
                    closeTimeout: .seconds(5), validateUTF8: true)),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "parley"),
            logger: logger)
        app.addServices(StoreCloser(store: store), registry)
        return app
    }

    func addWebSocketRoute(to group: RouterGroup<ParleyRequestContext>) {
        let session = WebSocketSession(chat: chat, auth: auth, registry: registry, config: config)
        group.ws("ws") { request, context in
            if registry.isDraining { throw ParleyError(.unavailable, "server is shutting down") }
            _ = try context.caller()
            var headers: HTTPFields = [:]
            let offered = request.headers[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if offered.contains("parley.v1") { headers[.secWebSocketProtocol] = "parley.v1" }
            return .upgrade(headers)
        } onUpgrade: { inbound, outbound, context in
            let requestContext = context.requestContext
            guard let identity = requestContext.identity else {
                try await outbound.close(.policyViolation, reason: "not authenticated")
                return
            }
            try await session.run(
                identity: identity, channel: requestContext.channel, inbound: inbound, outbound: outbound,
                logger: context.logger)
        }
    }

    /// Runs the hub until SIGTERM/SIGINT: sockets are closed with 1001 first, then the server stops.
    public func run() async throws {
        try await serviceGroup(signals: [.sigterm, .sigint]).run()
    }

    /// The service group of a node: the application, and the drainer that is shut down before it.
    func serviceGroup(signals: [UnixSignal]) -> ServiceGroup {
        ServiceGroup(
            configuration: .init(
                services: [.init(service: application()), .init(service: ShutdownDrainer(registry: registry))],
                gracefulShutdownSignals: signals,
                logger: logger))
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
