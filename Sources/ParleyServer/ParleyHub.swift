import Foundation
public import Logging
public import ParleyAccounts
public import ParleyBroker
public import ParleyChat
public import ParleyMarketplace
public import ParleyNotifications
public import ParleyRedis
public import ParleyReview
public import ParleyStorage
public import ServiceLifecycle
import UnixSignals

/// The composition root: one hub node's parts, wired once from configuration.
///
/// Transports (REST routes, WebSocket connections) get the domain services and call their public methods; the
/// long-lived parts (database pool, Redis broker, presence, connection registry) run as services of the
/// application, and migrations run before the server accepts connections.
public struct ParleyHub: Sendable {
    public let configuration: HubConfiguration
    public let accounts: AccountService
    public let chat: ChatService
    public let review: ReviewQueue
    public let presence: PresenceService
    public let listings: ListingService
    public let orders: OrderService
    public let reviews: ReviewService
    let orderEvents: OrderEventIntake
    /// The notification inbox (other domains call it to notify users).
    public let notifications: NotificationService
    /// This process's name in the cluster (presence marks, logs).
    public let node: String
    let store: Store
    /// Long-lived parts of the broker (the Redis connections), run with the application.
    let brokerServices: [any Service]
    /// Carries events between nodes (in process when there is one).
    let broker: any Broker
    let registry: ConnectionRegistry
    /// This node's open notification streams.
    let streams: StreamRegistry
    let logger: Logger

    /// Opens storage, loads or creates the JWT secret, loads the moderation word lists, and wires the services.
    /// Nothing listens and no migration runs until the application runs.
    public static func make(configuration: HubConfiguration, logger: Logger) async throws -> ParleyHub {
        try configuration.validate()
        let pipeline = try configuration.review.moderationPipeline()
        let dataDir = configuration.server.dataDir
        // Only the hub's user may read its database and secret.
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let database = try await configuration.storage.makeProvider(sqlitePath: dataDir + "/parley.sqlite", logger: logger)
        let store = Store(provider: database, logger: logger)
        let tokens = try await configuration.accounts.makeTokens(dataDir: dataDir)
        let node = "node-" + Store.newID().prefix(8)
        let broker: any Broker
        let presenceStore: any PresenceStore
        var brokerServices: [any Service] = []
        let ttl = Duration.seconds(configuration.chat.presenceTTL)
        if let url = configuration.redis.url {
            let redis = try RedisBroker(configuration: configuration.redis, url: url, node: node, logger: logger)
            broker = redis
            presenceStore = RedisPresenceStore(redis: redis, ttl: ttl)
            brokerServices.append(redis)
        } else {
            broker = InProcessBroker()
            presenceStore = InMemoryPresenceStore(ttl: ttl)
        }
        let fanOut = FanOut(broker: broker, logger: logger)
        let notifications = NotificationService(
            store: store, fanOut: fanOut, presence: presenceStore, configuration: configuration.notifications, logger: logger)
        let intake = ReviewIntake(store: store, logger: logger)
        let chat = ChatService(
            store: store, fanOut: fanOut, pipeline: pipeline, intake: intake, configuration: configuration.chat,
            messageListener: MessageNotifier(notifications: notifications), logger: logger)
        let market = configuration.marketplace
        let orders = OrderService(
            store: store, chat: chat, fanOut: fanOut, pipeline: pipeline, notifications: notifications, configuration: market,
            logger: logger)
        return ParleyHub(
            configuration: configuration,
            accounts: AccountService(
                store: store, tokens: tokens, bcryptCost: configuration.accounts.bcryptCost, limits: configuration.accounts),
            chat: chat,
            review: ReviewQueue(
                store: store, configuration: configuration.review,
                listener: DecisionListener(chat: chat, notifications: notifications), logger: logger),
            presence: PresenceService(
                store: presenceStore, chat: chat, node: node, configuration: configuration.chat, logger: logger),
            listings: ListingService(store: store, pipeline: pipeline, intake: intake, configuration: market, logger: logger),
            orders: orders,
            reviews: ReviewService(store: store, orders: orders, pipeline: pipeline, intake: intake, configuration: market),
            orderEvents: OrderEventIntake(store: store, orders: orders, serviceToken: market.serviceToken, logger: logger),
            notifications: notifications,
            node: node, store: store, brokerServices: brokerServices, broker: broker,
            registry: ConnectionRegistry(logger: logger, drainTimeout: .seconds(configuration.server.shutdownTimeout)),
            streams: StreamRegistry(maxPerUser: configuration.notifications.maxStreamsPerUser),
            logger: logger)
    }

    /// The store's database, run as a service of the application.
    var database: any DatabaseProvider { store.provider }

    /// Runs the hub until SIGTERM/SIGINT: sockets are closed with 1001 first, then the server stops.
    public func run() async throws {
        try await serviceGroup(signals: [.sigterm, .sigint]).run()
    }

    /// The service group of a node: the application, and the drainer that is shut down before it.
    func serviceGroup(signals: [UnixSignal]) -> ServiceGroup {
        var group = ServiceGroupConfiguration(
            services: [.init(service: application()), .init(service: ShutdownDrainer(registry: registry, streams: streams))],
            gracefulShutdownSignals: signals,
            logger: logger)
        // Clients that never answer a close handshake must not hold the process (FIELD-NOTES: 39 s seen).
        group.maximumGracefulShutdownDuration = .seconds(configuration.server.shutdownTimeout * 2)
        return ServiceGroup(configuration: group)
    }
}
