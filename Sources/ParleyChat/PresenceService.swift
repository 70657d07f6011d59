public import Logging
public import ParleyAccounts
public import ParleyBroker
public import ParleyProtocol
import ParleyStorage
public import ServiceLifecycle
import Synchronization

/// Tracks this node's connected users, keeps their presence marks fresh, and tells each of their conversations
/// when they come online or go offline (`presence {conversationId, userId, state}`).
public final class PresenceService: Service {
    let store: any PresenceStore
    let chat: ChatService
    let node: String
    let heartbeatInterval: Duration
    let logger: Logger
    /// Local socket count per user.
    let local = Mutex([String: Int]())
    /// Presence changes wait here and are applied in order, off the connection's path.
    let jobs: AsyncStream<Job>
    let jobQueue: AsyncStream<Job>.Continuation

    enum Job: Sendable {
        case online(String)
        case offline(String)
    }

    /// - Parameters:
    ///   - store: Who is online across the cluster (in memory for one node, Redis for several).
    ///   - chat: Whose conversations presence events go to.
    ///   - node: This node's name in the cluster.
    ///   - configuration: The presence TTL (a heartbeat every third of it) and the change queue's size.
    ///   - logger: Where failed updates are logged.
    public init(store: any PresenceStore, chat: ChatService, node: String, configuration: ChatConfiguration, logger: Logger) {
        self.store = store
        self.chat = chat
        self.node = node
        self.heartbeatInterval = .seconds(max(1, configuration.presenceTTL / 3))
        self.logger = logger
        (self.jobs, self.jobQueue) = AsyncStream.makeStream(
            of: Job.self, bufferingPolicy: .bufferingOldest(configuration.presenceQueue))
    }

    /// A socket of the user opened on this node. Never waits on the presence store.
    public func socketOpened(userId: String) {
        let first = local.withLock { counts -> Bool in
            counts[userId, default: 0] += 1
            return counts[userId] == 1
        }
        if first { enqueue(.online(userId)) }
    }

    /// A socket of the user closed on this node. Never waits on the presence store.
    public func socketClosed(userId: String) {
        let last = local.withLock { counts -> Bool in
            let n = (counts[userId] ?? 1) - 1
            counts[userId] = n > 0 ? n : nil
            return n <= 0
        }
        if last { enqueue(.offline(userId)) }
    }

    func enqueue(_ job: Job) {
        if case .dropped = jobQueue.yield(job) {
            logger.error("presence queue full; change not recorded", metadata: ["parley.presence.job": "\(job)"])
        }
    }

    /// Records the change in the presence store and announces it when the user's state changed cluster-wide.
    func apply(_ job: Job) async {
        let (userId, state): (String, PresenceStatus) =
            switch job {
            case .online(let userId): (userId, .online)
            case .offline(let userId): (userId, .offline)
            }
        do {
            let changed =
                state == .online
                ? try await store.connected(userId: userId, node: node, now: .now())
                : try await store.disconnected(userId: userId, node: node, now: .now())
            if changed { await announce(userId: userId, state: state) }
        } catch {
            logger.warning("presence update failed", metadata: ["parley.user": "\(userId)", "error": "\(error)"])
        }
    }

    /// Tells every conversation of the user about the change.
    func announce(userId: String, state: PresenceStatus) async {
        do {
            try await chat.announcePresence(userId: userId, state: state)
        } catch {
            logger.warning(
                "presence change not announced: conversations unreadable",
                metadata: ["parley.user": "\(userId)", "parley.presence.state": "\(state)", "error": "\(error)"])
        }
    }

    /// The participants' presence in a conversation the caller may read.
    public func presence(conversationId: String, caller: Identity) async throws -> [PresenceState] {
        try await store.states(try await chat.participants(of: conversationId, caller: caller), now: .now())
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await job in self.jobs.cancelOnGracefulShutdown() { await self.apply(job) }
            }
            group.addTask { await repeatUntilShutdown(every: self.heartbeatInterval) { await self.heartbeat() } }
            // apart from the heartbeat, so that a long sweep never makes this node's own marks late
            group.addTask { await repeatUntilShutdown(every: self.heartbeatInterval) { await self.announceExpired() } }
        }
    }

    /// Refreshes the marks of this node's users. A user whose mark had lapsed meanwhile (a late heartbeat, after
    /// which another node may have announced them offline) is announced online again.
    func heartbeat() async {
        let users = local.withLock { Array($0.keys) }
        guard !users.isEmpty else { return }
        do {
            let cameBack = try await store.heartbeat(userIds: users, node: node, now: .now())
            for user in cameBack where local.withLock({ $0[user] != nil }) {
                await announce(userId: user, state: .online)
            }
        } catch {
            logger.warning("presence heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    /// Tells the conversations of users whose node stopped refreshing their marks (it crashed) that they went
    /// offline. The store hands each expiry to one node only; a user who came back meanwhile is not announced.
    func announceExpired() async {
        do {
            let gone = try await store.expired(now: .now(), limit: 1000)
            guard !gone.isEmpty else { return }
            logger.info("users of a lost node went offline", metadata: ["parley.users": "\(gone.count)"])
            for user in gone {
                guard try await store.states([user], now: .now()).first?.state == .offline else { continue }
                await announce(userId: user, state: .offline)
            }
        } catch {
            logger.warning("presence expiry sweep failed", metadata: ["error": "\(error)"])
        }
    }
}
