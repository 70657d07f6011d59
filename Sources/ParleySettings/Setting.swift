public import Configuration

/// One setting of the hub, declared once: its configuration key under `parley.`, and from that its command-line
/// flag and `PARLEY_*` environment variable, its default and its help text.
///
/// A module declares its settings as static members of its `…Configuration` struct and reads them in
/// `init(reader:)` from a reader scoped to `parley`:
///
/// ```swift
/// static let maxBodyChars = Setting.int("maxBodyChars", default: 4000, "longest message body in characters")
/// maxBodyChars = Self.maxBodyChars.read(reader)
/// ```
///
/// The key `redis.url` gives the flag `--redis-url` and the variable `PARLEY_REDIS_URL`.
public struct Setting<Value: Sendable>: Sendable {
    /// What the executable and the README show of the setting.
    public let info: SettingInfo
    /// The value when neither a flag nor a variable sets it.
    public let defaultValue: Value
    let reader: @Sendable (ConfigReader, ConfigKey, Value) -> Value

    /// The setting's value in `reader` (scoped to `parley`), or its default.
    public func read(_ reader: ConfigReader) -> Value {
        self.reader(reader, ConfigKey(info.path), defaultValue)
    }
}

extension Setting where Value == Int {
    /// An integer setting.
    /// - Parameters:
    ///   - key: The dotted key under `parley.`, e.g. `"presenceTtl"` or `"postgres.poolSize"`.
    ///   - defaultValue: The default.
    ///   - summary: One line for the help text and the README.
    public static func int(_ key: String, default defaultValue: Int, _ summary: String) -> Setting {
        Setting(
            info: SettingInfo(key: key, kind: .int, defaultText: "`\(defaultValue)`", summary: summary),
            defaultValue: defaultValue, reader: { $0.int(forKey: $1, default: $2) })
    }
}

extension Setting where Value == Double {
    /// A number setting; see ``int(_:default:_:)``.
    public static func double(_ key: String, default defaultValue: Double, _ summary: String) -> Setting {
        let text = defaultValue.rounded() == defaultValue ? String(Int(defaultValue)) : String(defaultValue)
        return Setting(
            info: SettingInfo(key: key, kind: .double, defaultText: "`\(text)`", summary: summary),
            defaultValue: defaultValue, reader: { $0.double(forKey: $1, default: $2) })
    }
}

extension Setting where Value == String {
    /// A text setting; see ``int(_:default:_:)``.
    public static func string(_ key: String, default defaultValue: String, _ summary: String) -> Setting {
        Setting(
            info: SettingInfo(key: key, kind: .string, defaultText: "`\(defaultValue)`", summary: summary),
            defaultValue: defaultValue, reader: { $0.string(forKey: $1, default: $2) })
    }

    /// A repeatable flag (`--moderation-rule a --moderation-rule b`), comma-separated in its variable; read as
    /// one comma-separated text.
    /// - Parameters:
    ///   - flag: The flag's name without `--`, when it differs from the key's (a singular for a repeated flag).
    public static func list(_ key: String, flag: String, defaultText: String, _ summary: String) -> Setting {
        Setting(
            info: SettingInfo(key: key, kind: .list, defaultText: defaultText, summary: summary, flagName: flag),
            defaultValue: "", reader: { $0.string(forKey: $1, default: $2) })
    }
}

extension Setting where Value == String? {
    /// A text setting without a default.
    /// - Parameters:
    ///   - defaultText: What the README says when it is not set, e.g. `none (SQLite)`.
    ///   - isSecret: Kept out of logs (URLs with passwords, signing secrets).
    ///   - hasFlag: False for secrets that must not appear in a process list: only the variable sets them.
    public static func optionalString(
        _ key: String, defaultText: String, isSecret: Bool = false, hasFlag: Bool = true, _ summary: String
    ) -> Setting {
        Setting(
            info: SettingInfo(
                key: key, kind: .string, defaultText: defaultText, summary: summary, isSecret: isSecret,
                hasFlag: hasFlag),
            defaultValue: nil, reader: { reader, key, _ in reader.string(forKey: key, isSecret: isSecret) })
    }
}
