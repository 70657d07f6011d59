import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A server-sent events client for tests, on NIO's event loops: nothing blocks a cooperative thread. It sends one
/// GET and parses the body into comments and events as it arrives.
final class SSEClient: Sendable {
    /// One block of the stream: an event (`id`, `event`, `data`) or a comment.
    struct Block: Sendable {
        var id: String?
        var event: String?
        var data: String?
        var comment: String?
    }

    struct State {
        var status: Int?
        var text = ""
        var blocks: [Block] = []
        var head = 0
        var finished = false
    }

    let state = Mutex(State())
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// Connects to `127.0.0.1:port` and sends `GET path` with the headers.
    static func open(port: Int, path: String, headers: [(String, String)]) async throws -> SSEClient {
        let receiver = Receiver()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(receiver)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let client = SSEClient(channel: channel)
        receiver.client.withLock { $0 = client }
        var fields = HTTPHeaders([("Host", "127.0.0.1:\(port)"), ("Accept", "text/event-stream")])
        for (name, value) in headers { fields.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: fields)), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        return client
    }

    /// The response status, once the head arrived.
    func status(timeout: Duration = .seconds(5)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = state.withLock({ $0.status }) { return status }
            guard ContinuousClock.now < deadline else { throw TestTimeout(what: "an SSE response head") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The whole body so far (for error answers).
    var text: String { state.withLock { $0.text } }

    /// Whether the server ended the response.
    var finished: Bool { state.withLock { $0.finished } }

    /// The next block (comment or event); nil when the stream ended before one came.
    func next(timeout: Duration = .seconds(5)) async throws -> Block? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (block, finished) = state.withLock { s -> (Block?, Bool) in
                if s.head < s.blocks.count {
                    s.head += 1
                    return (s.blocks[s.head - 1], false)
                }
                return (nil, s.finished)
            }
            if let block { return block }
            if finished { return nil }
            guard ContinuousClock.now < deadline else { throw TestTimeout(what: "an SSE block") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The next event, skipping comments.
    func nextEvent(timeout: Duration = .seconds(5)) async throws -> Block {
        let deadline = ContinuousClock.now + timeout
        while let block = try await next(timeout: deadline - ContinuousClock.now) {
            if block.comment == nil { return block }
        }
        throw TestTimeout(what: "an SSE event (the stream ended)")
    }

    /// Events (comments skipped) that arrive within `duration`.
    func drainEvents(for duration: Duration = .milliseconds(300)) async -> [Block] {
        var events: [Block] = []
        while let block = try? await next(timeout: duration) {
            if block.comment == nil { events.append(block) }
        }
        return events
    }

    func close() { channel.close(promise: nil) }

    func received(_ part: HTTPClientResponsePart) {
        state.withLock { s in
            switch part {
            case .head(let head): s.status = Int(head.status.code)
            case .body(let buffer):
                s.text += String(buffer: buffer)
                while let end = s.text.range(of: "\n\n") {
                    s.blocks.append(Self.parse(String(s.text[..<end.lowerBound])))
                    s.text = String(s.text[end.upperBound...])
                }
            case .end: s.finished = true
            }
        }
    }

    static func parse(_ text: String) -> Block {
        var block = Block()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") { block.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("id: ") { block.id = String(line.dropFirst(4)) }
            if line.hasPrefix("event: ") { block.event = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { block.data = String(line.dropFirst(6)) }
        }
        return block
    }

    /// Hands the response parts to the client.
    final class Receiver: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPClientResponsePart
        let client = Mutex<SSEClient?>(nil)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let part = unwrapInboundIn(data)
            client.withLock { $0 }?.received(part)
        }

        func channelInactive(context: ChannelHandlerContext) {
            client.withLock { $0 }?.state.withLock { $0.finished = true }
        }
    }
}
