/// An error from the Redis client or broker. Its description never includes passwords.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidURL, protocolError, serverError, connectionClosed, unavailable, invalidCommand
            case unexpectedReply, shutdown
        }

        private let base: Base

        /// The Redis URL could not be parsed.
        public static let invalidURL = Code(base: .invalidURL)
        /// The reply stream was malformed; the connection was closed.
        public static let protocolError = Code(base: .protocolError)
        /// Redis answered with an error reply.
        public static let serverError = Code(base: .serverError)
        /// The connection closed before the reply arrived.
        public static let connectionClosed = Code(base: .connectionClosed)
        /// Redis could not be reached.
        public static let unavailable = Code(base: .unavailable)
        /// The command could not be encoded.
        public static let invalidCommand = Code(base: .invalidCommand)
        /// Redis answered with a reply of an unexpected shape.
        public static let unexpectedReply = Code(base: .unexpectedReply)
        /// The client is shut down.
        public static let shutdown = Code(base: .shutdown)

        /// The code's name.
        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Details, safe to log.
    public var message: String

    /// - Parameters:
    ///   - code: What went wrong.
    ///   - message: Details, safe to log; never include secrets.
    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `RedisError(code): message`.
    public var description: String { "RedisError(\(self.code)): \(self.message)" }
}
