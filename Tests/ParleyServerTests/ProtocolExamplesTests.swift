import Foundation
import ParleyProtocol
import ParleyTestSupport
import Testing

/// Loads the example frames in `Protocol/examples/` so the spec and the server cannot drift apart.
@Suite("Protocol examples")
struct ProtocolExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/examples")

    static func files(_ folder: URL, prefix: String = "") throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && $0.lastPathComponent.hasPrefix(prefix) }
            .sorted { $0.path < $1.path }
    }

    @Test func everyClientExampleDecodes() throws {
        let files = try Self.files(Self.examples, prefix: "client.")
        #expect(files.count >= 7)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let decoded = ClientEnvelope.decode(text)
            #expect((try? decoded.get()) != nil, "\(file.lastPathComponent): \(decoded)")
        }
    }

    @Test func everyServerExampleHasAKnownType() throws {
        let known: Set<String> = [
            "welcome", "ack", "error", "pong", "message.new", "typing", "read", "conversation.new", "presence", "resync", "message.updated",
            "order.status",
            "notification",
        ]
        for file in try Self.files(Self.examples, prefix: "server.") {
            let value = try JSONValue.parse(try Data(contentsOf: file))
            #expect(known.contains(value["type"]?.string ?? ""), "\(file.lastPathComponent)")
        }
    }

    /// Sends every invalid example to a live server and checks the documented answer; the socket stays open.
    @Test func everyInvalidExampleGetsItsDocumentedError() async throws {
        let files = try Self.files(Self.examples.appendingPathComponent("invalid"))
        #expect(!files.isEmpty)
        try await TestHub.run { hub in
            let user = try await hub.register()
            let socket = try await hub.socket(user)
            for file in files {
                let example = try JSONValue.parse(try Data(contentsOf: file))
                let text: String
                switch example["frame"] {
                case .string(let raw)?: text = raw
                default:
                    let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: file)) as! [String: Any]
                    text = String(decoding: try JSONSerialization.data(withJSONObject: object["frame"]!), as: UTF8.self)
                }
                socket.sendText(text)
                let reply = try await socket.next()
                #expect(reply["type"]?.string == "error", "\(file.lastPathComponent): \(reply)")
                #expect(reply["code"] == example["expectCode"], "\(file.lastPathComponent): \(reply)")
                #expect(reply["id"] == example["expectId"], "\(file.lastPathComponent): \(reply)")
            }
            socket.send(["type": "ping", "id": "after"])
            #expect(try await socket.next()["type"]?.string == "pong")
        }
    }
}
