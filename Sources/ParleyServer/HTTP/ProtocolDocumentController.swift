import Foundation
import Hummingbird
import NIOCore
import ParleyProtocol

/// `GET /v1/openapi.yaml` and the JSON Schemas it refers to, `GET /v1/schemas/{name}`: the files of `Protocol/`,
/// byte for byte, with no token. They reach the binary as resources of this module (`Resources/Protocol` is a
/// link to the repository's `Protocol/` folder), read once when the routes are added.
struct ProtocolDocumentController {
    let openAPI: ByteBuffer?
    let schemas: [String: ByteBuffer]

    init(bundle: Bundle = .module) {
        func read(_ url: URL?) -> ByteBuffer? { url.flatMap { try? Data(contentsOf: $0) }.map { ByteBuffer(bytes: $0) } }
        openAPI = read(bundle.url(forResource: "openapi", withExtension: "yaml"))
        var schemas: [String: ByteBuffer] = [:]
        if let folder = bundle.url(forResource: "schemas", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        {
            for name in names where name.hasSuffix(".json") {
                schemas[name] = read(folder.appendingPathComponent(name))
            }
        }
        self.schemas = schemas
    }

    func addRoutes(to group: RouterGroup<ParleyRequestContext>) {
        let (openAPI, schemas) = (self.openAPI, self.schemas)
        group.get("openapi.yaml") { _, _ in
            guard let openAPI else { throw ParleyError(.internalError, "the OpenAPI document is missing from this build") }
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: openAPI))
        }
        group.get("schemas/{name}") { _, context in
            let name = try context.parameters.require("name")
            guard let schema = schemas[name] else { throw ParleyError.notFound("no schema named '\(name.prefix(128))'") }
            return Response(status: .ok, headers: [.contentType: "application/schema+json"], body: .init(byteBuffer: schema))
        }
    }
}
