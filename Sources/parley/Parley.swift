import ArgumentParser

/// The `parley` command: run the hub, manage accounts, moderate text.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Parley: the real-time messaging and notification hub for marketplaces.",
        subcommands: [ServeCommand.self, UsersCommand.self, ModerateCommand.self, SettingsCommand.self])
}
