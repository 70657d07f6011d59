/// WebSocket close codes used by protocol v1 (see `Protocol/README.md`).
///
/// 4000–4499: the client may reconnect once it has fixed the condition; 4500–4999: it should not reconnect.
public enum CloseCode {
    public static let normal: UInt16 = 1000
    /// The server is shutting down; reconnect (to another node).
    public static let goingAway: UInt16 = 1001
    /// A binary frame was sent; protocol v1 is text only.
    public static let unsupportedData: UInt16 = 1003
    /// A text frame was not valid UTF-8.
    public static let invalidPayload: UInt16 = 1007
    public static let policyViolation: UInt16 = 1008
    /// A frame was over the frame limit.
    public static let messageTooBig: UInt16 = 1009
    public static let internalError: UInt16 = 1011
    /// The client read too slowly and its outbound queue overflowed; reconnect with backoff and resume with `afterSeq`.
    public static let slowConsumer: UInt16 = 1013
    /// The token expired and was not refreshed; reconnect with a fresh token.
    public static let tokenExpired: UInt16 = 4001
}
