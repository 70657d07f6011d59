/// Where a flag is in the review queue.
public struct FlagStatus: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pending = FlagStatus(rawValue: "pending")
    public static let resolved = FlagStatus(rawValue: "resolved")
}
