/// A moderator's decision on a flag.
public struct FlagDecision: WireName, CaseIterable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The finding was wrong: a held message is released (and, with `restore`, the original text put back).
    public static let dismiss = FlagDecision(rawValue: "dismiss")
    /// The moderation stands.
    public static let uphold = FlagDecision(rawValue: "uphold")
    /// The moderation stands and the sender may not send for a while.
    public static let restrictSender = FlagDecision(rawValue: "restrict_sender")

    public static let allCases: [FlagDecision] = [.dismiss, .uphold, .restrictSender]

    /// The decision with this name, or nil when the name is unknown.
    public init?(known rawValue: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = match
    }
}
