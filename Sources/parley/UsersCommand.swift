import ArgumentParser
import ParleyAccounts
import ParleyProtocol
import ParleyServer
import ParleySettings
import ParleyStorage

/// `parley users …`: account administration from the command line.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage accounts.", subcommands: [Create.self])

    /// `parley users create --email E --password P --role buyer|seller|admin`: opens only the database (no JWT,
    /// broker or word lists), migrates it, inserts the account.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account (how the first admin comes to exist).", discussion: HubArguments.help)

        @Option(help: "Email address (the login).") var email: String
        @Option(help: "Password, 8…72 bytes.") var password: String
        @Option(help: "buyer, seller or admin.") var role: String
        @Option(help: "Name shown to others (default: the part of the email before @).") var displayName: String?
        @Argument(parsing: .allUnrecognized, help: "Settings as flags, e.g. --data-dir or --postgres-url.")
        var settings: [String] = []

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be buyer, seller or admin") }
            let configuration = try HubArguments.configuration(settings)
            let level = configuration.server.logLevel == "info" ? "warning" : configuration.server.logLevel
            let logger = HubArguments.logger(level: level)
            do {
                try configuration.storage.validate()
                try configuration.accounts.validate()
                let database = try await configuration.storage.makeProvider(
                    sqlitePath: configuration.server.dataDir + "/parley.sqlite", logger: logger)
                let user = try await database.whileRunning {
                    try await Migrations.run(on: database, logger: logger)
                    let directory = AccountDirectory(
                        store: Store(provider: database, logger: logger), bcryptCost: configuration.accounts.bcryptCost)
                    return try await directory.createAccount(
                        email: email, password: password,
                        displayName: displayName ?? String(email.split(separator: "@").first ?? "user"), role: role)
                }
                print("created \(user.role.rawValue) \(user.email) id=\(user.id)")
            } catch let error as ParleyError {
                throw ValidationError(error.message)
            } catch let error as SettingError {
                throw ValidationError(error.message)
            }
        }
    }
}
