import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import ParleyProtocol
import ParleyTestSupport

struct TestTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Frames received and not yet read by the test; `next` polls so a timed-out wait leaves nothing behind.
actor Inbox {
    var frames: [String] = []
    var head = 0
    var finished = false
    var closeCode: UInt16?

    func push(_ text: String) { frames.append(text) }
    func finish(closeCode: UInt16?) {
        self.closeCode = closeCode
        finished = true
    }

    func next(deadline: ContinuousClock.Instant) async throws -> String? {
        while true {
            if head < frames.count {
                head += 1
                return frames[head - 1]
            }
            if finished { return nil }
            guard ContinuousClock.now < deadline else { throw TestTimeout(what: "a frame") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// A WebSocket client with a sequential API for tests: send frames, await the next frame, await the close code.
final class TestSocket: Sendable {
    enum Command: Sendable {
        case text(String)
        case frame(WebSocketFrame)
        case close
    }

    let inbox = Inbox()
    let commands: AsyncStream<Command>.Continuation
    let task: Task<Void, Never>

    private init(url: String, headers: HTTPFields) {
        let (commandStream, commands) = AsyncStream.makeStream(of: Command.self)
        self.commands = commands
        var config = WebSocketClientConfiguration(maxFrameSize: 1 << 24, additionalHeaders: headers)
        config.validateUTF8 = false
        let inbox = self.inbox
        self.task = Task {
            var code: UInt16?
            do {
                let frame = try await WebSocketClient.connect(
                    url: url, configuration: config, logger: Logger(label: "test-socket")
                ) { inbound, outbound, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await command in commandStream {
                                switch command {
                                case .text(let text): try await outbound.write(.text(text))
                                case .frame(let frame): try await outbound.write(.custom(frame))
                                case .close: try await outbound.close(.normalClosure, reason: nil)
                                }
                            }
                        }
                        for try await message in inbound.messages(maxSize: 1 << 24) {
                            if case .text(let text) = message { await inbox.push(text) }
                        }
                        group.cancelAll()
                    }
                }
                if let frame { code = Self.number(frame.closeCode) }
            } catch {}
            await inbox.finish(closeCode: code)
        }
    }

    static func number(_ code: WebSocketErrorCode) -> UInt16 {
        var buffer = ByteBuffer()
        buffer.write(webSocketErrorCode: code)
        return buffer.readInteger(as: UInt16.self) ?? 0
    }

    /// Connects and waits for the `welcome` frame.
    static func connect(port: Int, token: String?, query: String = "", headers: HTTPFields = [:]) async throws -> (TestSocket, JSONValue) {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        let socket = TestSocket(url: "ws://127.0.0.1:\(port)/v1/ws\(query)", headers: headers)
        // A generous guard, not a timing assertion: on a loaded 2-core machine an upgrade can wait seconds for a thread.
        let welcome = try await socket.next(timeout: .seconds(15))
        guard welcome["type"]?.string == "welcome" else { throw TestTimeout(what: "welcome, got \(welcome)") }
        return (socket, welcome)
    }

    func send(_ object: [String: Any]) { commands.yield(.text(json(object))) }
    func sendText(_ text: String) { commands.yield(.text(text)) }
    func sendFrame(_ frame: WebSocketFrame) { commands.yield(.frame(frame)) }
    func close() { commands.yield(.close) }

    /// The next frame the server sent.
    func next(timeout: Duration = .seconds(5)) async throws -> JSONValue {
        guard let text = try await inbox.next(deadline: ContinuousClock.now + timeout) else {
            throw TestTimeout(what: "a frame (socket closed with \(String(describing: await inbox.closeCode)))")
        }
        return try JSONValue.parse(text)
    }

    /// Frames until one of the type (and id, when given) arrives; the others are returned too.
    func expect(_ type: String, id: String? = nil, timeout: Duration = .seconds(5)) async throws -> (JSONValue, skipped: [JSONValue]) {
        try await expect(oneOf: [type], id: id, timeout: timeout)
    }

    /// The next frame of any of `types` (and `id`, if given); the frames before it are returned as skipped.
    func expect(
        oneOf types: Set<String>, id: String? = nil, timeout: Duration = .seconds(5)
    ) async throws
        -> (JSONValue, skipped: [JSONValue])
    {
        var skipped: [JSONValue] = []
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw TestTimeout(what: "\(types.sorted()) \(id ?? "")") }
            let frame = try await next(timeout: remaining)
            if let type = frame["type"]?.string, types.contains(type), id == nil || frame["id"]?.string == id { return (frame, skipped) }
            skipped.append(frame)
        }
    }

    /// Asserts nothing arrives for a while; returns what did arrive.
    func drain(for duration: Duration = .milliseconds(300)) async -> [JSONValue] {
        var frames: [JSONValue] = []
        while let frame = try? await next(timeout: duration) { frames.append(frame) }
        return frames
    }

    /// The close code, once the server closed the socket.
    func waitForClose(timeout: Duration = .seconds(10)) async throws -> UInt16? {
        let deadline = ContinuousClock.now + timeout
        while !(await inbox.finished) {
            guard ContinuousClock.now < deadline else { throw TestTimeout(what: "close") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return await inbox.closeCode
    }

    deinit {
        commands.finish()
        task.cancel()
    }
}
