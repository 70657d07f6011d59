import Foundation
public import ParleyProtocol
import SQLKit

extension Store {
    static let flagColumns =
        "id, status, categories, sender_id, conversation_id, message_id, original, moderated, findings, created_at, "
        + "decision, decided_by, decided_at, note, listing_id"

    static func flag(from row: any SQLRow) throws -> Flag {
        let findings = try JSONDecoder().decode([FlagFinding].self, from: Data(try row.string("findings").utf8))
        let categories = try row.string("categories")
        return Flag(
            id: try row.string("id"), status: FlagStatus(rawValue: try row.string("status")),
            categories: categories.isEmpty ? [] : categories.split(separator: ",").map(String.init),
            senderId: try row.string("sender_id"), conversationId: try row.optionalString("conversation_id"),
            messageId: try row.optionalString("message_id"), original: try row.string("original"),
            moderated: try row.string("moderated"), findings: findings,
            createdAt: Timestamp(milliseconds: try row.int64("created_at")),
            decision: try row.optionalString("decision").map(FlagDecision.init(rawValue:)),
            decidedBy: try row.optionalString("decided_by"),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Timestamp.init(milliseconds:)),
            note: try row.optionalString("note"), listingId: try row.optionalString("listing_id"))
    }

    /// Stores a new pending flag.
    public func createFlag(_ flag: Flag) async throws {
        try await provider.withConnection { db in try await Store.insertFlag(flag, on: db) }
    }

    static func insertFlag(_ flag: Flag, on db: any SQLDatabase) async throws {
        let findings = String(decoding: try JSONEncoder().encode(flag.findings), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO moderation_flags (id, status, categories, sender_id, conversation_id, message_id, original, moderated,
                                          findings, created_at, listing_id)
            VALUES (\(bind: flag.id), \(bind: flag.status.rawValue), \(bind: flag.categories.joined(separator: ",")), \(bind: flag.senderId),
                    \(bind: flag.conversationId), \(bind: flag.messageId), \(bind: flag.original), \(bind: flag.moderated),
                    \(bind: findings), \(bind: flag.createdAt.milliseconds), \(bind: flag.listingId))
            """
        ).run()
    }

    /// A flag by id.
    public func flag(id: String) async throws -> Flag? {
        try await provider.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Store.flagColumns) FROM moderation_flags WHERE id = \(bind: id)").first()
                .map(Store.flag(from:))
        }
    }

    /// `text` for a LIKE pattern with `ESCAPE '\'`: its wildcards and escape character match themselves.
    static func likeLiteral(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Flags newest first, optionally by status and category; the cursor is `<createdMillis>:<id>`.
    public func flags(status: FlagStatus?, category: String?, limit: Int, cursor: String?) async throws -> Page<Flag> {
        let after = try Store.parseTimeCursor(cursor)
        let rows: [Flag] = try await provider.withConnection { db in
            var sql = SQLQueryString("SELECT \(unsafeRaw: Store.flagColumns) FROM moderation_flags WHERE 1 = 1")
            if let status {
                sql.appendInterpolation(unsafeRaw: " AND status = ")
                sql.appendInterpolation(bind: status.rawValue)
            }
            if let category {
                // The category is matched literally: its `%`, `_` and `\` are escaped.
                sql.appendInterpolation(unsafeRaw: " AND (',' || categories || ',') LIKE ")
                sql.appendInterpolation(bind: "%," + Store.likeLiteral(category) + ",%")
                sql.appendInterpolation(unsafeRaw: " ESCAPE '\\'")
            }
            if let after {
                sql.appendInterpolation(unsafeRaw: " AND (created_at < ")
                sql.appendInterpolation(bind: after.0)
                sql.appendInterpolation(unsafeRaw: " OR (created_at = ")
                sql.appendInterpolation(bind: after.0)
                sql.appendInterpolation(unsafeRaw: " AND id < ")
                sql.appendInterpolation(bind: after.1)
                sql.appendInterpolation(unsafeRaw: "))")
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY created_at DESC, id DESC LIMIT ")
            sql.appendInterpolation(bind: limit + 1)
            return try await db.raw(sql).all().map(Store.flag(from:))
        }
        let next = rows.count > limit ? rows[limit - 1] : nil
        return Page(items: Array(rows.prefix(limit)), nextCursor: next.map { "\($0.createdAt.milliseconds):\($0.id)" })
    }

    /// What a decision changed.
    public struct Decided: Sendable {
        public var flag: Flag
        /// The flagged message after the decision (nil when the flag has none, or it no longer exists).
        public var message: Message?
        /// The message as it was before, when `rewrite` changed it.
        public var before: Message?
    }

    /// Records a decision on a pending flag and, in the same transaction, applies `rewrite` to the flagged message
    /// when it returns a change. Nil when the flag was already decided (or does not exist).
    public func decide(
        flagId: String, decision: FlagDecision, by admin: String, note: String?, at now: Timestamp,
        rewrite: @escaping @Sendable (Flag, Message) -> MessageRewrite? = { _, _ in nil }
    ) async throws -> Decided? {
        try await provider.withTransaction { db in
            let updated = try await db.raw(
                """
                UPDATE moderation_flags SET status = \(bind: FlagStatus.resolved.rawValue), decision = \(bind: decision.rawValue),
                       decided_by = \(bind: admin), decided_at = \(bind: now.milliseconds), note = \(bind: note)
                WHERE id = \(bind: flagId) AND status = \(bind: FlagStatus.pending.rawValue) RETURNING id
                """
            ).first()
            guard updated != nil,
                let flag = try await db.raw("SELECT \(unsafeRaw: Store.flagColumns) FROM moderation_flags WHERE id = \(bind: flagId)")
                    .first().map(Store.flag(from:))
            else { return nil }
            guard let messageId = flag.messageId,
                let message = try await db.raw("SELECT \(unsafeRaw: Store.messageColumns) FROM messages WHERE id = \(bind: messageId)")
                    .first().map(Store.message(from:))
            else { return Decided(flag: flag, message: nil, before: nil) }
            guard let change = rewrite(flag, message) else { return Decided(flag: flag, message: message, before: nil) }
            return Decided(flag: flag, message: try await Store.rewrite(message, change, on: db), before: message)
        }
    }
}
