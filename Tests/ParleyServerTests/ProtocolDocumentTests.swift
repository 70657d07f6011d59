import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParleyTestSupport
import Testing

@testable import ParleyServer

/// The hub serves `Protocol/openapi.yaml` and its schemas unchanged, and answers 405 with `Allow` to a method a
/// path does not serve.
@Suite("Protocol documents and 405")
struct ProtocolDocumentTests {
    static let protocolFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocol")

    /// Status, headers and raw body bytes of a request without a token.
    static func fetch(_ hub: TestHub, _ method: HTTPRequest.Method, _ path: String) async throws -> (Int, HTTPFields, [UInt8]) {
        try await hub.client.execute(uri: path, method: method, headers: [:], body: nil) { response in
            (Int(response.status.code), response.headers, Array(response.body.readableBytesView))
        }
    }

    @Test func servesTheOpenAPIDocumentAndItsSchemasByteForByte() async throws {
        let folder = Self.protocolFolder
        let document = try await offThePool { try Data(contentsOf: folder.appendingPathComponent("openapi.yaml")) }
        try await TestHub.run { hub in
            let (status, headers, body) = try await Self.fetch(hub, .get, "/v1/openapi.yaml")
            #expect(status == 200)
            #expect(headers[.contentType] == "application/yaml")
            #expect(body == Array(document), "GET /v1/openapi.yaml differs from Protocol/openapi.yaml")

            // Each schema the document refers to is served beside it, so its relative $refs resolve over HTTP.
            let text = String(decoding: document, as: UTF8.self)
            let names = Set(text.matches(of: #/\./schemas/([A-Za-z0-9._-]+\.json)/#).map { String($0.output.1) })
            #expect(names.count >= 5)
            for name in names.sorted() {
                let file = try await offThePool { try Data(contentsOf: folder.appendingPathComponent("schemas/\(name)")) }
                let (status, headers, body) = try await Self.fetch(hub, .get, "/v1/schemas/\(name)")
                #expect(status == 200, "\(name)")
                #expect(headers[.contentType] == "application/schema+json")
                #expect(body == Array(file), "GET /v1/schemas/\(name) differs from the file")
            }
            let (missing, _, _) = try await Self.fetch(hub, .get, "/v1/schemas/nothing.schema.json")
            #expect(missing == 404)
        }
    }

    @Test func aMethodThePathDoesNotServeIs405WithAllow() async throws {
        try await TestHub.run { hub in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.post, "/v1/me", "GET"),
                (.delete, "/v1/conversations", "GET, POST"),
                (.put, "/v1/conversations/abc/messages", "GET, POST"),
                (.get, "/v1/conversations/abc/read", "POST"),
                (.patch, "/healthz", "GET"),
                (.delete, "/v1/openapi.yaml", "GET"),
            ]
            for (method, path, allow) in cases {
                let reply = try await hub.request(method, path)
                #expect(reply.status == 405, "\(method) \(path)")
                #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                #expect(reply.body["error"]?["code"]?.string == "method_not_allowed", "\(method) \(path)")
            }
            // A path no route serves stays 404, whatever the method; so does a served route's own 404.
            for (method, path) in [(HTTPRequest.Method.get, "/v1/nothing"), (.delete, "/v1/conversations/a/b/c")] {
                let reply = try await hub.request(method, path)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.headers[.allow] == nil)
                #expect(reply.body["error"]?["code"]?.string == "not_found")
            }
            let account = try await hub.register()
            let unknown = try await hub.get("/v1/conversations/no-such-conversation", token: account.token)
            #expect(unknown.status == 404)
        }
    }

    @Test func theMostSpecificRouteDecidesTheAllowedMethods() {
        let router = Router(context: ParleyRequestContext.self)
        router.get("items/{id}") { _, _ in "" }
        router.delete("items/{id}") { _, _ in "" }
        router.post("items/new") { _, _ in "" }
        router.get("files/**") { _, _ in "" }
        let table = RouteTable(router.routes)
        #expect(table.methods(forPath: "/items/42") == [.get, .delete])
        #expect(table.methods(forPath: "/items/new") == [.post])
        #expect(table.methods(forPath: "/items/42/") == [.get, .delete])
        #expect(table.methods(forPath: "/files/a/b") == [.get])
        #expect(table.methods(forPath: "/items") == nil)
        #expect(table.methods(forPath: "/items/42/more") == nil)
    }
}
