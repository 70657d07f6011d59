import ArgumentParser
import ParleyServer

/// `parley serve`: runs a hub node until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the hub (embedded default: 127.0.0.1:8080, SQLite in ./.parley).")

    @OptionGroup var options: HubOptions

    func run() async throws {
        let config = options.configuration()
        let logger = HubOptions.logger(level: config.logLevel)
        do {
            let hub = try await Hub.make(config: config, logger: logger)
            logger.info("parley listening", metadata: ["parley.address": "\(config.host):\(config.port)", "parley.data": "\(config.dataDir)"])
            try await hub.run()
        } catch let error as ConfigurationError {
            throw ValidationError(error.message)
        }
    }
}
