import ArgumentParser
import Logging
import ParleyServer
import ParleySettings

/// `parley serve`: runs a hub node until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the hub (embedded default: 127.0.0.1:8080, SQLite in ./.parley).",
        discussion: HubArguments.help)

    @Argument(parsing: .allUnrecognized, help: "Settings as flags, e.g. --port 9000 (see below).")
    var settings: [String] = []

    func run() async throws {
        let configuration = try HubArguments.configuration(settings)
        let logger = HubArguments.logger(level: configuration.server.logLevel)
        do {
            let hub = try await ParleyHub.make(configuration: configuration, logger: logger)
            let server = configuration.server
            logger.info(
                "parley listening",
                metadata: ["parley.address": "\(server.host):\(server.port)", "parley.data": "\(server.dataDir)"])
            try await hub.run()
        } catch let error as SettingError {
            throw ValidationError(error.message)
        }
    }
}
