public import ParleyBroker
import ParleyProtocol

/// The behaviours every ``ParleyBroker/PresenceStore`` must have, written once and run against each implementation
/// (see ``BrokerConformance`` for the pattern). Checks use their own user ids and a logical clock around now.
public enum PresenceStoreConformance {
    /// Gives `body` a fresh store whose marks live for `ttl`, and cleans up after.
    public typealias Harness =
        @Sendable (
            _ ttl: Duration, _ body: @Sendable (any PresenceStore) async throws -> Void
        ) async throws -> Void

    /// One named behaviour.
    public struct Check: Sendable, CustomStringConvertible {
        /// What the store must do.
        public let description: String
        let body: @Sendable (any PresenceStore, Timestamp) async throws -> Void

        /// Runs the check on a store from `harness`; throws ``ConformanceFailure`` when it does not hold.
        ///
        /// - Parameter harness: Makes and cleans up the store.
        public func run(_ harness: Harness) async throws {
            try await harness(ttl) { store in try await self.body(store, .now()) }
        }
    }

    /// The mark lifetime the checks use.
    static let ttl: Duration = .seconds(30)
    static let ttlMillis: Int64 = 30_000

    /// Every check.
    public static let checks: [Check] = [
        Check(description: "connected and disconnected report the first and the last node of a user") { store, now in
            let user = TestEnvironment.unique("user")
            try ConformanceFailure.check(try await store.connected(userId: user, node: "a", now: now), "first node: not reported as new")
            try ConformanceFailure.check(!(try await store.connected(userId: user, node: "b", now: now + 1)), "second node: reported as new")
            try ConformanceFailure.check(!(try await store.disconnected(userId: user, node: "a", now: now + 2)), "still on b: reported gone")
            try ConformanceFailure.check(try await store.disconnected(userId: user, node: "b", now: now + 3), "last node: not reported gone")
        },
        Check(description: "states: online as of now, offline since last seen, never seen") { store, now in
            let (on, off, never) = (TestEnvironment.unique("on"), TestEnvironment.unique("off"), TestEnvironment.unique("never"))
            _ = try await store.connected(userId: on, node: "a", now: now)
            _ = try await store.connected(userId: off, node: "a", now: now)
            _ = try await store.disconnected(userId: off, node: "a", now: now + 5)
            let states = try await store.states([on, off, never], now: now + 10)
            let expected = [
                PresenceState(userId: on, state: .online, lastSeenAt: now + 10),
                PresenceState(userId: off, state: .offline, lastSeenAt: now + 5),
                PresenceState(userId: never, state: .offline, lastSeenAt: nil),
            ]
            try ConformanceFailure.check(states == expected, "states \(states)")
        },
        Check(description: "a mark lapses after the ttl; a heartbeat reports the users who came back") { store, now in
            let (user, stranger) = (TestEnvironment.unique("user"), TestEnvironment.unique("stranger"))
            _ = try await store.connected(userId: user, node: "a", now: now)
            let early = try await store.heartbeat(userIds: [user], node: "a", now: now + ttlMillis / 2)
            try ConformanceFailure.check(early.isEmpty, "a live user came back: \(early)")
            let lapse = now + ttlMillis / 2 + ttlMillis + 1
            let lapsed = try await store.states([user], now: lapse)
            try ConformanceFailure.check(lapsed.first?.state == .offline, "online after its mark lapsed")
            let back = try await store.heartbeat(userIds: [user, stranger], node: "a", now: lapse + 1)
            try ConformanceFailure.check(Set(back) == [user, stranger], "came back: \(back)")
            let again = try await store.heartbeat(userIds: [user], node: "a", now: lapse + 2)
            try ConformanceFailure.check(again.isEmpty, "reported back twice: \(again)")
        },
        Check(description: "expired hands each user whose last mark lapsed to one caller, once") { store, now in
            let (lost, elsewhere, left) = (TestEnvironment.unique("lost"), TestEnvironment.unique("elsewhere"), TestEnvironment.unique("left"))
            _ = try await store.connected(userId: lost, node: "a", now: now)
            _ = try await store.connected(userId: elsewhere, node: "a", now: now)
            _ = try await store.connected(userId: elsewhere, node: "b", now: now + ttlMillis / 2)
            _ = try await store.connected(userId: left, node: "a", now: now)
            _ = try await store.disconnected(userId: left, node: "a", now: now + 1)
            let early = try await store.expired(now: now + 1, limit: 100)
            try ConformanceFailure.check(!early.contains(lost), "expired before its ttl")
            let due = try await store.expired(now: now + ttlMillis + 1, limit: 100)
            try ConformanceFailure.check(due.contains(lost), "a lapsed user was not reported: \(due)")
            try ConformanceFailure.check(!due.contains(elsewhere), "a user still online on another node was reported")
            try ConformanceFailure.check(!due.contains(left), "a user who disconnected was reported")
            let twice = try await store.expired(now: now + ttlMillis + 2, limit: 100)
            try ConformanceFailure.check(!twice.contains(lost), "a lapsed user was reported twice")
        },
        Check(description: "a loss settled by a connect or a disconnect before the sweep is not reported again") { store, now in
            // reconnected elsewhere before the crashed node's mark was swept
            let (back, gone) = (TestEnvironment.unique("back"), TestEnvironment.unique("gone"))
            _ = try await store.connected(userId: back, node: "a", now: now)
            _ = try await store.connected(userId: back, node: "b", now: now + ttlMillis * 2 / 3)
            let afterA = now + ttlMillis + 1
            let swept = try await store.expired(now: afterA, limit: 100)
            try ConformanceFailure.check(!swept.contains(back), "a user online on a live node was reported lost")
            try ConformanceFailure.check(try await store.states([back], now: afterA).first?.state == .online, "not online")
            // online on a crashed node and a live one; leaves the live one after the crashed mark lapsed: the
            // disconnect reports the user offline, and the sweep does not report them a second time
            _ = try await store.connected(userId: gone, node: "x", now: now)
            _ = try await store.connected(userId: gone, node: "y", now: now + ttlMillis * 2 / 3)
            try ConformanceFailure.check(try await store.disconnected(userId: gone, node: "y", now: afterA), "not reported gone")
            let later = try await store.expired(now: afterA + 1, limit: 100)
            try ConformanceFailure.check(!later.contains(gone), "reported gone twice")
        },
    ]
}

extension Timestamp {
    /// The timestamp `milliseconds` later.
    static func + (lhs: Timestamp, milliseconds: Int64) -> Timestamp {
        Timestamp(milliseconds: lhs.milliseconds + milliseconds)
    }
}
