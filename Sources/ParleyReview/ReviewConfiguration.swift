public import Configuration
import Foundation
public import ParleyModeration
public import ParleySettings

/// The moderation policy and the review queue's limits.
public struct ReviewConfiguration: Sendable {
    /// `moderationRules` (`--moderation-rule`, `PARLEY_MODERATION_RULES`).
    public static let moderationRules = Setting.list(
        "moderationRules", flag: "moderation-rule", defaultText: "(all `mask`)",
        "policy per category, `category=mask\\|block\\|hold`; repeat the flag, or comma-separate in the variable (`phone=hold,profanity=block`)"
    )
    /// `lexiconDir` (`--lexicon-dir`, `PARLEY_LEXICON_DIR`).
    public static let lexiconDir = Setting.optionalString(
        "lexiconDir", defaultText: "—",
        "folder of extra word lists (`<lang>/profanity.txt`, `allow.txt`, `numbers.txt`; a line `-word` removes a bundled entry), read at start"
    )
    /// `restrictSeconds` (`--restrict-seconds`, `PARLEY_RESTRICT_SECONDS`).
    public static let restrictSeconds = Setting.int(
        "restrictSeconds", default: 86400, "how long a moderator's `restrict_sender` decision stops a user from sending")
    /// `maxNoteChars` (`--max-note-chars`, `PARLEY_MAX_NOTE_CHARS`).
    public static let maxNoteChars = Setting.int(
        "maxNoteChars", default: 2000, "longest moderator's note on a decision, in characters")

    /// The declarations, in the order the README lists them.
    public static var settings: [SettingInfo] {
        [moderationRules.info, lexiconDir.info, restrictSeconds.info, maxNoteChars.info]
    }

    /// Policy per category, `category=mask|block|hold`, comma-separated (unlisted categories are masked).
    public var moderationRules = Self.moderationRules.defaultValue
    /// Folder of extra word lists read at start.
    public var lexiconDir = Self.lexiconDir.defaultValue
    /// Seconds a `restrict_sender` decision stops the sender from sending.
    public var restrictSeconds = Self.restrictSeconds.defaultValue
    /// Longest note on a decision.
    public var maxNoteChars = Self.maxNoteChars.defaultValue

    /// The defaults.
    public init() {}

    /// Reads `parley.moderationRules`, `parley.lexiconDir`, `parley.restrictSeconds`, `parley.maxNoteChars`.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        moderationRules = Self.moderationRules.read(reader)
        lexiconDir = Self.lexiconDir.read(reader)
        restrictSeconds = Self.restrictSeconds.read(reader)
        maxNoteChars = Self.maxNoteChars.read(reader)
    }

    /// `moderationRules` as a list of `category=rule` items.
    public var moderationRuleList: [String] {
        moderationRules.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Refuses settings that cannot work, naming the flag.
    public func validate() throws {
        try SettingError.check(restrictSeconds >= 1, "restrict-seconds must be ≥ 1")
        try SettingError.check(maxNoteChars >= 1 && maxNoteChars <= 100_000, "max-note-chars must be 1…100000")
        do { _ = try ModerationConfiguration.parseRules(moderationRuleList) } catch {
            throw SettingError("moderation-rule: \(error)")
        }
    }

    /// The moderation pipeline these settings describe (word lists are read here, once).
    public func moderationPipeline() throws -> ModerationPipeline {
        do {
            let rules = try ModerationConfiguration.parseRules(moderationRuleList)
            return try ModerationPipeline(configuration: .init(rules: rules, lexiconDirectory: lexiconDir))
        } catch {
            throw SettingError("\(error)")
        }
    }
}
