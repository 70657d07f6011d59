import Foundation
public import Logging
import SQLKit

/// Every query Parley makes, written once over ``DatabaseProvider``.
public struct Store: Sendable {
    /// The database. Only storage code should need it; others call the store's methods.
    public let provider: any DatabaseProvider
    let logger: Logger

    /// - Parameters:
    ///   - provider: The database.
    ///   - logger: Logger for storage events.
    public init(provider: any DatabaseProvider, logger: Logger) {
        self.provider = provider
        self.logger = logger
    }

    /// A new lower-case UUID string.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// Whether the database answers a trivial query now (for readiness checks). A connection that does not come
    /// within the provider's wait timeout counts as unreachable.
    public func isReachable() async -> Bool {
        do {
            return try await provider.withConnection { db in try await db.raw("SELECT 1 AS one").first() } != nil
        } catch {
            logger.debug("database unreachable", metadata: ["parley.db": "\(provider.kind)", "parley.error": "\(error)"])
            return false
        }
    }

    /// Whether an error from the driver is a uniqueness violation.
    func isUniqueViolation(_ error: any Error) -> Bool { provider.isUniqueViolation(error) }
}

/// Row decoding shared by the stores.
extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
}
