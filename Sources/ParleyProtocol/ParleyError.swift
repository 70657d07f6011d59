/// A protocol-level failure: an ``ErrorCode`` and a message safe to show to the client.
public struct ParleyError: Error, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// Seconds after which a rate-limited request may be retried.
    public var retryAfter: Int?

    public init(_ code: ErrorCode, _ message: String, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(code): \(message)" }

    public static func badRequest(_ message: String) -> ParleyError { .init(.badRequest, message) }
    public static func notFound(_ message: String) -> ParleyError { .init(.notFound, message) }
    public static func forbidden(_ message: String) -> ParleyError { .init(.forbidden, message) }
    public static func unauthorized(_ message: String) -> ParleyError { .init(.unauthorized, message) }
}
