public import Logging
import ParleyProtocol
import SQLKit

/// Versioned schema migrations, in SQL that SQLite and PostgreSQL both accept. Each runs once, in order, in a transaction.
public enum Migrations {
    /// The migrations, by version. Append; never edit a released one.
    static let all: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT,
                    display_name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE conversations (
                    id TEXT PRIMARY KEY,
                    subject TEXT,
                    order_id TEXT,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    last_seq BIGINT NOT NULL DEFAULT 0,
                    last_activity_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE conversation_participants (
                    conversation_id TEXT NOT NULL REFERENCES conversations(id),
                    user_id TEXT NOT NULL REFERENCES users(id),
                    last_read_seq BIGINT NOT NULL DEFAULT 0,
                    joined_at BIGINT NOT NULL,
                    PRIMARY KEY (conversation_id, user_id)
                )
                """,
                "CREATE INDEX conversation_participants_user ON conversation_participants (user_id)",
                """
                CREATE TABLE messages (
                    id TEXT PRIMARY KEY,
                    conversation_id TEXT NOT NULL REFERENCES conversations(id),
                    seq BIGINT NOT NULL,
                    sender_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    moderation_action TEXT NOT NULL,
                    moderation_categories TEXT NOT NULL,
                    UNIQUE (conversation_id, seq),
                    UNIQUE (sender_id, client_msg_id)
                )
                """,
            ]
        ),
        (
            2,
            [
                """
                CREATE TABLE moderation_flags (
                    id TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    categories TEXT NOT NULL,
                    sender_id TEXT NOT NULL,
                    conversation_id TEXT,
                    message_id TEXT,
                    original TEXT NOT NULL,
                    moderated TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    decision TEXT,
                    decided_by TEXT,
                    decided_at BIGINT,
                    note TEXT
                )
                """,
                "CREATE INDEX moderation_flags_status ON moderation_flags (status, created_at)",
                "CREATE TABLE sender_restrictions (user_id TEXT PRIMARY KEY, until_at BIGINT NOT NULL)",
            ]
        ),
        (
            // A clientMsgId is unique per sender and conversation, as the protocol says (it was per sender): the
            // table is rebuilt with that rule, the only way SQLite changes a table constraint.
            3,
            [
                """
                CREATE TABLE messages_v3 (
                    id TEXT PRIMARY KEY,
                    conversation_id TEXT NOT NULL REFERENCES conversations(id),
                    seq BIGINT NOT NULL,
                    sender_id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    moderation_action TEXT NOT NULL,
                    moderation_categories TEXT NOT NULL,
                    UNIQUE (conversation_id, seq),
                    UNIQUE (conversation_id, sender_id, client_msg_id)
                )
                """,
                """
                INSERT INTO messages_v3 (id, conversation_id, seq, sender_id, body, client_msg_id, created_at,
                                         moderation_action, moderation_categories)
                SELECT id, conversation_id, seq, sender_id, body, client_msg_id, created_at, moderation_action,
                       moderation_categories
                FROM messages
                """,
                "DROP TABLE messages",
                "ALTER TABLE messages_v3 RENAME TO messages",
            ]
        ),
        (
            // The notification inbox. `seq` (the wire cursor) is per user and gapless, from a counter row updated in the writing
            // transaction (so one user's notifications commit in cursor order: a replay after seq C misses none).
            // `coalesce_key` (the conversation of a `message` notification) has at most one unread row per user.
            4,
            [
                """
                CREATE TABLE notifications (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL,
                    seq BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    data TEXT NOT NULL,
                    coalesce_key TEXT,
                    coalesced BIGINT NOT NULL DEFAULT 1,
                    created_at BIGINT NOT NULL,
                    read_at BIGINT,
                    UNIQUE (user_id, seq)
                )
                """,
                "CREATE INDEX notifications_unread ON notifications (user_id, seq) WHERE read_at IS NULL",
                """
                CREATE UNIQUE INDEX notifications_coalesce ON notifications (user_id, coalesce_key)
                WHERE read_at IS NULL AND coalesce_key IS NOT NULL
                """,
                "CREATE TABLE notification_counters (user_id TEXT PRIMARY KEY, last_seq BIGINT NOT NULL)",
            ]
        ),
        (
            // The marketplace: listings, orders with their history and escrow ledger, reviews, events pushed by
            // marketplace backends (with their idempotency keys), and flags that name a listing.
            5,
            [
                """
                CREATE TABLE listings (
                    id TEXT PRIMARY KEY,
                    seller_id TEXT NOT NULL,
                    title TEXT NOT NULL,
                    description TEXT NOT NULL,
                    category TEXT NOT NULL,
                    city TEXT NOT NULL,
                    city_key TEXT NOT NULL,
                    price_amount BIGINT NOT NULL,
                    price_currency TEXT NOT NULL,
                    pricing_model TEXT NOT NULL,
                    search_text TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX listings_newest ON listings (deleted_at, created_at)",
                "CREATE INDEX listings_category_price ON listings (category, price_currency, price_amount)",
                """
                CREATE TABLE orders (
                    id TEXT PRIMARY KEY,
                    listing_id TEXT NOT NULL,
                    buyer_id TEXT NOT NULL,
                    seller_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    total_amount BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    quantity BIGINT NOT NULL,
                    note TEXT,
                    conversation_id TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX orders_buyer ON orders (buyer_id, created_at)",
                "CREATE INDEX orders_seller ON orders (seller_id, created_at)",
                "CREATE INDEX orders_status ON orders (status, updated_at)",
                """
                CREATE TABLE order_history (
                    order_id TEXT NOT NULL REFERENCES orders(id),
                    step BIGINT NOT NULL,
                    from_status TEXT NOT NULL,
                    to_status TEXT NOT NULL,
                    changed_by TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    PRIMARY KEY (order_id, step)
                )
                """,
                """
                CREATE TABLE order_ledger (
                    order_id TEXT NOT NULL REFERENCES orders(id),
                    position BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    PRIMARY KEY (order_id, position)
                )
                """,
                """
                CREATE TABLE reviews (
                    id TEXT PRIMARY KEY,
                    order_id TEXT NOT NULL UNIQUE,
                    listing_id TEXT NOT NULL,
                    buyer_id TEXT NOT NULL,
                    seller_id TEXT NOT NULL,
                    rating BIGINT NOT NULL,
                    comment TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX reviews_listing ON reviews (listing_id, created_at)",
                """
                CREATE TABLE pushed_orders (
                    order_id TEXT PRIMARY KEY,
                    buyer_id TEXT NOT NULL,
                    seller_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE idempotency_keys (
                    idempotency_key TEXT PRIMARY KEY,
                    request_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "ALTER TABLE moderation_flags ADD COLUMN listing_id TEXT",
            ]
        ),
    ]

    /// The schema version the migrations bring a database to.
    public static var latestVersion: Int { all.last?.version ?? 0 }

    /// Brings the schema up to date. Callable on its own (before the server starts) while the provider runs.
    /// - Parameters:
    ///   - provider: The database; it must be running (see ``DatabaseProvider``).
    ///   - logger: Logs each migration applied.
    public static func run(on provider: any DatabaseProvider, logger: Logger) async throws {
        try await provider.withMigrationLock { try await runLocked(on: provider, logger: logger) }
    }

    /// Applies the migrations not yet applied, up to and including `lastVersion` (tests stop early to check that a
    /// later migration keeps the data of an earlier schema).
    static func runLocked(on provider: any DatabaseProvider, logger: Logger, through lastVersion: Int = .max) async throws {
        try await provider.withConnection { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)"
            ).run()
        }
        for migration in all where migration.version <= lastVersion {
            let applied = try await provider.withTransaction { db -> Bool in
                let done = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)")
                    .first()
                if done != nil { return false }
                for statement in migration.statements {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                // applied_at: milliseconds since the epoch, like every other time column.
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, applied_at)
                    VALUES (\(bind: migration.version), \(bind: Timestamp.now().milliseconds))
                    """
                ).run()
                return true
            }
            if applied {
                logger.info("applied migration", metadata: ["parley.migration": "\(migration.version)", "parley.db": "\(provider.kind)"])
            }
        }
    }
}
