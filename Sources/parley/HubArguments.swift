import ArgumentParser
import Logging
import ParleyServer
import ParleySettings

/// The settings a command takes as flags: every setting of ``ParleyServer/HubConfiguration``, derived from their
/// declarations (`--max-frame-bytes` for `parley.maxFrameBytes`, and so on). A flag wins over its `PARLEY_*`
/// variable, which wins over the default.
enum HubArguments {
    /// The configuration from `arguments` (flags) and the environment.
    static func configuration(_ arguments: [String]) throws -> HubConfiguration {
        do {
            return HubConfiguration(reader: try SettingArguments(arguments, settings: HubConfiguration.settings).reader())
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The help text that lists every setting.
    static var help: String {
        "Settings (a flag wins over its variable):\n" + SettingArguments.help(HubConfiguration.settings)
    }

    /// A logger writing to standard error at `level`, one line per event.
    static func logger(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        return Logger(label: "parley")
    }
}
