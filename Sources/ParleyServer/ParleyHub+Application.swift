public import Hummingbird
import HummingbirdCore
import NIOHTTP1
import ParleyBroker
import ParleyMarketplace
import ParleyProtocol
import ParleyStorage

extension ParleyHub {
    /// The HTTP + WebSocket application, with the node's long-lived services; migrations run before it listens.
    public func application() -> some ApplicationProtocol {
        let router = Router(context: ParleyRequestContext.self)
        // The limit first, so the error middleware's answer names it too.
        router.middlewares.add(RequestLimitMiddleware(maxRequestBytes: configuration.server.maxRequestBytes))
        router.middlewares.add(ErrorMiddleware())
        let store = self.store
        let broker = self.broker
        HealthController(notReadyBecause: {
            if await !store.isReachable() { return "database unreachable" }
            if await !broker.isReachable() { return "broker (Redis) unreachable" }
            return nil
        }).addRoutes(to: router)
        let v1 = router.group("v1")
        AuthController(accounts: accounts).addPublicRoutes(to: v1)
        ProtocolDocumentController().addRoutes(to: v1)
        let authed = v1.group().add(middleware: AuthMiddleware(accounts: accounts))
        AuthController(accounts: accounts).addRoutes(to: authed)
        ConversationController(chat: chat).addRoutes(to: authed)
        PresenceController(presence: presence).addRoutes(to: authed)
        ModerationController(review: review).addRoutes(to: authed)
        ListingController(listings: listings).addRoutes(to: authed)
        OrderController(orders: orders, reviews: reviews).addRoutes(to: authed)
        // Pushed by marketplace backends with the service token, not a user's JWT.
        EventPushController(intake: orderEvents).addRoutes(to: v1)
        NotificationController(notifications: notifications).addRoutes(to: authed)
        NotificationStreamRoute(notifications: notifications, streams: streams).addRoutes(to: authed)
        WebSocketRoute().addRoutes(to: authed)

        let loop = ConnectionLoop(
            chat: chat, orders: orders, accounts: accounts, registry: registry, presence: presence, configuration: configuration.server)
        let upgrade = WebSocketUpgrade(accounts: accounts, registry: registry, maxSocketsPerUser: configuration.server.maxSocketsPerUser)
        let server = configuration.server
        let limiter = ConnectionLimiter(maxTotal: server.maxConnections, maxPerAddress: server.maxConnectionsPerIP)
        var app = Application(
            router: MethodCheckingRouter(router: router),
            server: HTTPServerBuilder { responder in
                WebSocketUpgradeChannel(
                    responder: responder, limiter: limiter, configuration: server,
                    accept: { head in await upgrade.accept(head) },
                    run: { identity, inbound, outbound, channel, logger in
                        try await loop.run(identity: identity, channel: channel, inbound: inbound, outbound: outbound, logger: logger)
                    })
            },
            configuration: .init(address: .hostname(server.host, port: server.port), serverName: "parley"),
            logger: logger)
        // Shut down in reverse order: the database last.
        app.addServices(
            database, registry, presence, notifications,
            AutoCompleter(orders: orders, afterSeconds: configuration.marketplace.autoCompleteAfter))
        app.addServices(brokerServices)
        let (database, logger) = (self.database, self.logger)
        app.beforeServerStarts { try await Migrations.run(on: database, logger: logger) }
        return app
    }
}
