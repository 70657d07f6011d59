public import ParleyProtocol
import SQLKit

extension Store {
    /// Stops a user from sending until a time.
    public func restrictSender(userId: String, until: Timestamp) async throws {
        try await provider.withTransaction { db in
            try await db.raw("DELETE FROM sender_restrictions WHERE user_id = \(bind: userId)").run()
            try await db.raw(
                "INSERT INTO sender_restrictions (user_id, until_at) VALUES (\(bind: userId), \(bind: until.milliseconds))"
            ).run()
        }
    }

    /// Until when the user may not send, if restricted now.
    public func restriction(userId: String, now: Timestamp) async throws -> Timestamp? {
        try await provider.withConnection { db in
            try await db.raw(
                "SELECT until_at FROM sender_restrictions WHERE user_id = \(bind: userId) AND until_at > \(bind: now.milliseconds)"
            ).first()?.int64("until_at")
        }.map(Timestamp.init(milliseconds:))
    }
}
