/// A protocol v1 error code, shared by REST error bodies and WebSocket `error` frames.
///
/// A struct over a string so codes can be added without breaking clients that switch on known ones.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let badRequest = ErrorCode(rawValue: "bad_request")
    public static let unauthorized = ErrorCode(rawValue: "unauthorized")
    public static let forbidden = ErrorCode(rawValue: "forbidden")
    public static let notFound = ErrorCode(rawValue: "not_found")
    /// The path exists but not with this HTTP method (REST only; the answer's `Allow` header lists the methods it has).
    public static let methodNotAllowed = ErrorCode(rawValue: "method_not_allowed")
    public static let conflict = ErrorCode(rawValue: "conflict")
    public static let tooLarge = ErrorCode(rawValue: "too_large")
    public static let rateLimited = ErrorCode(rawValue: "rate_limited")
    public static let blocked = ErrorCode(rawValue: "blocked")
    public static let unavailable = ErrorCode(rawValue: "unavailable")
    public static let internalError = ErrorCode(rawValue: "internal")

    /// The HTTP status a REST answer with this code carries.
    public var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .conflict: 409
        case .tooLarge: 413
        case .blocked: 422
        case .rateLimited: 429
        case .unavailable: 503
        default: 500
        }
    }

    /// Whether a client may retry the same request unchanged later.
    public var isRetryable: Bool { self == .rateLimited || self == .unavailable }

    public var description: String { rawValue }
}
