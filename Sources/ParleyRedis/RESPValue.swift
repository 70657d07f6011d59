public import NIOCore

/// One RESP2 reply from Redis, as decoded by hiredis's reader.
///
/// Bulk strings are binary-safe ``NIOCore/ByteBuffer``s; RESP2's null bulk string and null array both decode to
/// ``null``.
public enum RESPValue: Sendable, Hashable {
    /// A simple string (`+OK`).
    case simpleString(String)
    /// An error reply (`-ERR …`).
    case error(String)
    /// An integer (`:42`).
    case integer(Int64)
    /// A bulk string, binary-safe.
    case bulkString(ByteBuffer)
    /// A null bulk string or null array.
    case null
    /// An array of replies.
    case array([RESPValue])
}

extension RESPValue {
    /// The value as UTF-8 text, for simple and bulk strings; `nil` otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let buffer): String(buffer: buffer)
        default: nil
        }
    }

    /// The value as an integer, for integer replies; `nil` otherwise.
    public var int: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
