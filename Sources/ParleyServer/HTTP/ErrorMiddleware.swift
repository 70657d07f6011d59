import Hummingbird
import Logging
import NIOCore
import ParleyProtocol
import ParleyStorage

/// Turns every error into the protocol's envelope `{"error": {"code", "message"}}` with the matching status.
/// Unknown errors become a bare `internal` 500; their detail goes to the log only.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = Self.protocolError(error, logger: context.logger, maxRequestBytes: context.maxRequestBytes)
            return Self.response(for: mapped)
        }
    }

    /// Maps any error to a ``ParleyError`` that is safe to show.
    /// - Parameter maxRequestBytes: The body limit, named when a body was over it.
    static func protocolError(_ error: any Error, logger: Logger, maxRequestBytes: Int? = nil) -> ParleyError {
        switch error {
        case let error as ParleyError:
            return error
        case let error as StorageError:
            switch error.code {
            case .conflict: return ParleyError(.conflict, error.message)
            case .notFound: return ParleyError(.notFound, error.message)
            case .invalid: return ParleyError(.badRequest, error.message)
            default: return ParleyError(.unavailable, "storage is unavailable; retry later")
            }
        case is NIOTooManyBytesError:
            return ParleyError(.tooLarge, maxRequestBytes.map { "request body is larger than \($0) bytes" } ?? "request body is too large")
        case is CancellationError:
            return ParleyError(.unavailable, "the server is shutting down; retry")
        case let error as HTTPError:
            switch error.status.code {
            case 404: return .notFound("no such route")
            case 405: return ParleyError(.notFound, "method not allowed on this route")
            case 413: return ParleyError(.tooLarge, "request body is too large")
            case 400..<500: return .badRequest(error.body ?? "bad request")
            default: break
            }
        default:
            break
        }
        // Never the error itself: a driver error carries the query's bind values (bodies, e-mail addresses, hashes).
        logger.error("unhandled error", metadata: ["error": "\(DriverErrors.logDescription(error))"])
        return ParleyError(.internalError, "internal error")
    }

    static func response(for error: ParleyError) -> Response {
        let (status, headers, body) = envelope(error)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// Status, headers and JSON body of an error answer.
    static func envelope(_ error: ParleyError) -> (HTTPResponse.Status, HTTPFields, ByteBuffer) {
        struct Envelope: Encodable {
            struct Body: Encodable {
                var code: String
                var message: String
            }
            var error: Body
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retry = error.retryAfter { headers[.retryAfter] = String(retry) }
        let body =
            (try? ServerFrame.json(Envelope(error: .init(code: error.code.rawValue, message: error.message))))
            ?? ByteBuffer(string: #"{"error":{"code":"internal","message":"internal error"}}"#)
        return (.init(code: error.code.httpStatus), headers, body)
    }
}
