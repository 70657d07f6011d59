/// The `type` of a server frame.
public struct FrameType: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let welcome = FrameType(rawValue: "welcome")
    public static let ack = FrameType(rawValue: "ack")
    public static let error = FrameType(rawValue: "error")
    public static let pong = FrameType(rawValue: "pong")
    public static let messageNew = FrameType(rawValue: "message.new")
    public static let messageUpdated = FrameType(rawValue: "message.updated")
    public static let conversationNew = FrameType(rawValue: "conversation.new")
    public static let typing = FrameType(rawValue: "typing")
    public static let read = FrameType(rawValue: "read")
    public static let presence = FrameType(rawValue: "presence")
    public static let resync = FrameType(rawValue: "resync")
    public static let orderStatus = FrameType(rawValue: "order.status")
    /// A notification created or updated in the user's inbox (on the `user:` channel).
    public static let notification = FrameType(rawValue: "notification")
}
