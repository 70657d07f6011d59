import Foundation
import Logging
import ParleyProtocol
import SQLKit

/// Every query Parley makes, written once over ``DatabaseProvider``.
public struct Store: Sendable {
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

    /// Whether an error from the driver is a uniqueness violation.
    func isUniqueViolation(_ error: any Error) -> Bool { provider.isUniqueViolation(error) }
}

/// Row decoding shared by the stores.
extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
}
