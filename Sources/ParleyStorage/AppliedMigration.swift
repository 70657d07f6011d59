public import ParleyProtocol

/// A schema migration a database has applied, and when.
public struct AppliedMigration: Sendable, Equatable {
    /// The migration's version.
    public var version: Int
    /// When it was applied.
    public var appliedAt: Timestamp
}
