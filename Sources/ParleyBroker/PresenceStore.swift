public import ParleyProtocol

/// Who is online, across every node. A node marks its users online while it has sockets for them and refreshes
/// that with a heartbeat; a crashed node's users go offline once its marks expire.
public protocol PresenceStore: Sendable {
    /// Marks the user online on this node; true when the user was offline on every node before.
    func connected(userId: String, node: String, now: Timestamp) async throws -> Bool
    /// Marks the user offline on this node; true when the user is now offline on every node.
    func disconnected(userId: String, node: String, now: Timestamp) async throws -> Bool
    /// Refreshes this node's marks for its connected users; returns those who counted as offline everywhere just
    /// before (their mark had lapsed, e.g. a late heartbeat, or their `connected` has not run yet).
    func heartbeat(userIds: [String], node: String, now: Timestamp) async throws -> [String]
    /// The presence of each user.
    func states(_ userIds: [String], now: Timestamp) async throws -> [PresenceState]
    /// Users whose last mark has expired (their node stopped refreshing it: it crashed) and who are now offline
    /// everywhere. Each expiry is handed to exactly one caller, so one node announces it.
    func expired(now: Timestamp, limit: Int) async throws -> [String]
}
