import PostgresNIO
import SQLiteNIO

/// What the two drivers' errors mean to Parley, and how they may be logged.
public enum DriverErrors {
    /// SQLSTATEs after which the same work may well succeed when retried: a serialization failure, a deadlock, a
    /// server shutting down or not yet accepting connections, too many connections, a statement timeout. Class 08
    /// (connection exceptions) is transient too.
    static let transientStates: Set<String> = ["40001", "40P01", "57P01", "57P02", "57P03", "53300", "57014"]
    /// SQLite's "another connection holds the lock" results.
    static let transientSQLite: Set<SQLiteError.Reason> = [
        .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache,
    ]

    /// Whether a driver error is one a client should retry (answered `unavailable`, not `internal`).
    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            guard let state = error.serverInfo?[.sqlState] else { return true }  // no answer from the server
            return transientStates.contains(state) || state.hasPrefix("08")
        }
        if let error = error as? SQLiteError { return transientSQLite.contains(error.reason) }
        return false
    }

    /// A description of any error that is safe to log: for the drivers their error code and SQLSTATE, never the
    /// server's message, the query or its bind values (which carry message bodies, e-mail addresses and password
    /// hashes); for Parley's own errors their message; for anything else only its type.
    public static func logDescription(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            return "PSQLError(code: \(error.code), sqlState: \(error.serverInfo?[.sqlState] ?? "none"))"
        case let error as SQLiteError:
            return "SQLiteError(\(error.reason))"
        case let error as StorageError:
            return "StorageError(\(error.code)): \(error.message)"
        default:
            return String(reflecting: type(of: error))
        }
    }
}
