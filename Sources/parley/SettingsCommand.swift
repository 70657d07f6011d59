import ArgumentParser
import ParleyServer
import ParleySettings

/// `parley settings`: every setting with its flag, variable, default and meaning, as the README's table.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "List every setting (flag, PARLEY_* variable, default, meaning) as a Markdown table.")

    func run() {
        for line in SettingArguments.markdownTable(HubConfiguration.settings) { print(line) }
    }
}
