/// What the executable and the README show of one ``Setting``, whatever its value type.
public struct SettingInfo: Sendable, Hashable {
    /// How a flag's text becomes a value.
    public struct Kind: Sendable, Hashable {
        private enum Base: Sendable, Hashable { case int, double, string, list }
        private let base: Base

        /// A whole number.
        public static let int = Kind(base: .int)
        /// A number.
        public static let double = Kind(base: .double)
        /// Text.
        public static let string = Kind(base: .string)
        /// A repeatable flag whose values are joined with commas.
        public static let list = Kind(base: .list)
    }

    /// The key's components under `parley.`, e.g. `["redis", "url"]`.
    public let path: [String]
    public let kind: Kind
    /// The default as the README shows it.
    public let defaultText: String
    /// One line of help.
    public let summary: String
    public let isSecret: Bool
    /// False when only the environment variable sets it.
    public let hasFlag: Bool
    let flagName: String?

    init(
        key: String, kind: Kind, defaultText: String, summary: String, isSecret: Bool = false, hasFlag: Bool = true,
        flagName: String? = nil
    ) {
        self.path = key.split(separator: ".").map(String.init)
        self.kind = kind
        self.defaultText = defaultText
        self.summary = summary
        self.isSecret = isSecret
        self.hasFlag = hasFlag
        self.flagName = flagName
    }

    /// The dotted key under `parley.`.
    public var key: String { path.joined(separator: ".") }

    /// `--redis-url` for `redis.url`; nil when the setting has no flag.
    public var flag: String? {
        guard hasFlag else { return nil }
        return "--" + (flagName ?? path.map { Self.words($0).joined(separator: "-") }.joined(separator: "-"))
    }

    /// `PARLEY_REDIS_URL` for `redis.url`: the name swift-configuration's environment provider reads.
    public var variable: String {
        (["PARLEY"] + path.map { Self.words($0).joined(separator: "_").uppercased() }).joined(separator: "_")
    }

    /// `maxBodyChars` → `["max", "body", "chars"]`.
    static func words(_ component: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in component {
            if character.isUppercase && previousLower {
                words.append(current)
                current = ""
            }
            current.append(contentsOf: character.lowercased())
            previousLower = character.isLowercase
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
