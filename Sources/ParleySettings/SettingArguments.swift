public import Configuration
import Foundation

/// Reads settings given as command-line flags (`--port 9000`, `--port=9000`, a list flag repeated) into a provider
/// that a `ConfigReader` puts ahead of the environment, so a flag wins over its variable.
public struct SettingArguments: Sendable {
    /// A flag that is unknown, lacks its value, or has a value of the wrong type.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The flags' values under `parley.<key>`.
    public let values: [AbsoluteConfigKey: ConfigValue]

    /// - Parameters:
    ///   - arguments: The command's arguments, e.g. `["--port", "9000", "--redis-url=redis://…"]`.
    ///   - settings: Every setting the command accepts.
    /// - Throws: ``ParseError`` naming the flag.
    public init(_ arguments: [String], settings: [SettingInfo]) throws(ParseError) {
        var byFlag: [String: SettingInfo] = [:]
        for setting in settings { if let flag = setting.flag { byFlag[flag] = setting } }
        var lists: [SettingInfo: [String]] = [:]
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let setting = byFlag[name] else {
                throw ParseError(description: "unknown option '\(argument.prefix(64))' (see --help for the settings)")
            }
            if value == nil {
                guard index < arguments.endIndex else { throw ParseError(description: "\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            let text = value!
            let key = AbsoluteConfigKey(["parley"] + setting.path)
            switch setting.kind {
            case .int:
                guard let number = Int(text) else { throw ParseError(description: "\(name) needs a whole number, not '\(text.prefix(32))'") }
                values[key] = ConfigValue(.int(number), isSecret: false)
            case .double:
                guard let number = Double(text) else { throw ParseError(description: "\(name) needs a number, not '\(text.prefix(32))'") }
                values[key] = ConfigValue(.double(number), isSecret: false)
            case .list:
                lists[setting, default: []].append(text)
            default:
                values[key] = ConfigValue(.string(text), isSecret: setting.isSecret)
            }
        }
        for (setting, items) in lists {
            values[AbsoluteConfigKey(["parley"] + setting.path)] = ConfigValue(.string(items.joined(separator: ",")), isSecret: false)
        }
        self.values = values
    }

    /// A reader of the flags first, then the `PARLEY_*` environment variables.
    public func reader() -> ConfigReader {
        ConfigReader(providers: [InMemoryProvider(name: "flags", values: values), EnvironmentVariablesProvider()])
    }

    /// The help text listing every setting: flag, variable, default and meaning.
    public static func help(_ settings: [SettingInfo]) -> String {
        settings.map { setting in
            let name = setting.flag.map { "\($0) (\(setting.variable))" } ?? setting.variable
            return
                "  \(name)\n      \(setting.summary.replacingOccurrences(of: "`", with: "")) [default: \(setting.defaultText.replacingOccurrences(of: "`", with: ""))]"
        }.joined(separator: "\n")
    }

    /// The README's settings table: `| flag | variable | default | meaning |` and a row per setting.
    public static func markdownTable(_ settings: [SettingInfo]) -> [String] {
        ["| flag | variable | default | meaning |", "|---|---|---|---|"]
            + settings.map { "| \($0.flag.map { "`\($0)`" } ?? "—") | `\($0.variable)` | \($0.defaultText) | \($0.summary) |" }
    }
}
