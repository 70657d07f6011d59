import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import ParleyAccounts
import ParleyProtocol
@_spi(WSInternal) import WSCore

/// The server's child channel: HTTP/1.1 with the WebSocket upgrade of `/v1/ws`.
///
/// Unlike the stock upgrade channel, a refused upgrade (no or bad token) is not answered with a bare 400 but with the
/// protocol's status and error body (401 `unauthorized`, 503 `unavailable` while draining).
struct WebSocketUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    /// What a WebSocket connection needs once upgraded.
    struct Accepted: Sendable {
        var identity: Identity
        var headers: HTTPHeaders
    }

    enum Negotiated: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, Identity)
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, ParleyError)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    /// The context WebSocket handlers run with.
    struct ConnectionContext: WebSocketContext {
        let logger: Logger
    }

    let responder: HTTPChannelHandler.Responder
    /// Caps the open connections, in all and per client address.
    let limiter: ConnectionLimiter
    /// Frame limit, ping interval and close timeout.
    let configuration: ServerConfiguration
    /// Decides an upgrade request: the identity and response headers, or the error to answer with.
    let accept: @Sendable (HTTPRequestHead) async -> Result<Accepted, ParleyError>
    /// Runs an upgraded connection.
    let run: @Sendable (Identity, WebSocketInboundStream, WebSocketOutboundWriter, any Channel, Logger) async throws -> Void

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard limiter.admit(channel) else {
            logger.notice(
                "connection refused: too many open connections",
                metadata: ["parley.peer": "\(channel.remoteAddress?.ipAddress ?? "unknown")"])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.inputClosed)
        }
        return channel.eventLoop.makeCompletedFuture {
            let accepted = NIOLockedValueBox<Identity?>(nil)
            let refused = NIOLockedValueBox<ParleyError?>(nil)
            let accept = self.accept
            let (idleTimeout, headTimeout) = (self.configuration.httpIdleTimeout, self.configuration.requestHeadTimeout)
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: configuration.maxFrameBytes,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        switch await accept(head) {
                        case .success(let result):
                            accepted.withLockedValue { $0 = result.identity }
                            return result.headers
                        case .failure(let error):
                            refused.withLockedValue { $0 = error }
                            return nil
                        }
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let identity = accepted.withLockedValue({ $0 }) else { throw ChannelError.inputClosed }
                        let ws = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        return .webSocket(ws, identity)
                    }
                })
            let upgrade = NIOTypedHTTPServerUpgradeConfiguration<Negotiated>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        // Closes a keep-alive connection idle between requests; at graceful shutdown an idle one at once and a busy one
                        // (a notification stream) once its response is written, so that no connection holds the shutdown.
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: .seconds(idleTimeout), logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        // The upgrade request itself was consumed by the upgrader: answer it here.
                        if let error = refused.withLockedValue({ $0 }) { return .refused(http, error) }
                        return .http(http)
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgrade)
            configuration.enablePipelining = false
            configuration.enableResponseHeaderValidation = false
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            // Slow-loris: the first request head (REST or upgrade) must be in, and decided, within the deadline.
            let deadline = channel.eventLoop.scheduleTask(in: .seconds(Int64(headTimeout))) { channel.close(promise: nil) }
            negotiated.whenComplete { _ in deadline.cancel() }
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let error):
                try await Self.refuse(http, error)
            case .webSocket(let ws, let identity):
                let run = self.run
                _ = try await WebSocketHandler.handle(
                    type: .server,
                    configuration: .init(
                        extensions: [], autoPing: .enabled(timePeriod: .seconds(configuration.pingInterval)),
                        closeTimeout: .seconds(Int64(configuration.closeTimeout)), validateUTF8: true,
                        maxFrameSize: configuration.maxFrameBytes),
                    asyncChannel: ws, context: ConnectionContext(logger: logger)
                ) { inbound, outbound, context in
                    try await run(identity, inbound, outbound, ws.channel, context.logger)
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Answers a refused upgrade with the error envelope and closes the connection.
    static func refuse(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, _ error: ParleyError) async throws {
        var (status, headers, body) = ErrorMiddleware.envelope(error)
        headers[.contentLength] = String(body.readableBytes)
        headers[.connection] = "close"
        try await http.executeThenClose { _, outbound in
            try await outbound.write(contentsOf: [.head(HTTPResponse(status: status, headerFields: headers)), .body(body), .end(nil)])
        }
    }
}
