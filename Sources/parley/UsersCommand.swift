import ArgumentParser
import ParleyProtocol
import ParleyServer

/// `parley users …`: account administration from the command line.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage accounts.", subcommands: [Create.self])

    /// `parley users create --email E --password P --role buyer|seller|admin`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (how the first admin comes to exist).")

        @Option(help: "Email address (the login).") var email: String
        @Option(help: "Password, 8…72 bytes.") var password: String
        @Option(help: "buyer, seller or admin.") var role: String
        @Option(help: "Name shown to others (default: the part of the email before @).") var displayName: String?
        @OptionGroup var options: HubOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be buyer, seller or admin") }
            let config = options.configuration()
            let logger = HubOptions.logger(level: config.logLevel == "info" ? "warning" : config.logLevel)
            let hub = try await Hub.make(config: config, logger: logger)
            do {
                let user = try await hub.createAccount(
                    email: email, password: password,
                    displayName: displayName ?? String(email.split(separator: "@").first ?? "user"), role: role)
                print("created \(user.role.rawValue) \(user.email) id=\(user.id)")
                try await hub.store.provider.shutdown()
            } catch let error as ParleyError {
                try await hub.store.provider.shutdown()
                throw ValidationError(error.message)
            }
        }
    }
}
