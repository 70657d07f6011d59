/// Whether a user is connected to some node.
public struct PresenceStatus: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let online = PresenceStatus(rawValue: "online")
    public static let offline = PresenceStatus(rawValue: "offline")
}
