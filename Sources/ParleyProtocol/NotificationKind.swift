/// What a notification is about: `message`, `order.status`, `review` or `moderation`.
///
/// An open set of names on the wire (see ``WireName``): a client that meets a kind it does not know shows the
/// notification's `title` and `body` as they are.
public struct NotificationKind: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// New chat messages while the recipient was offline, one unread notification per conversation.
    public static let message = NotificationKind(rawValue: "message")
    /// An order changed status (the marketplace).
    public static let orderStatus = NotificationKind(rawValue: "order.status")
    /// A review was left (the marketplace).
    public static let review = NotificationKind(rawValue: "review")
    /// A moderator decided on a flag of the recipient's text.
    public static let moderation = NotificationKind(rawValue: "moderation")

    /// The kinds protocol v1 defines; the store accepts only these.
    public static let known: [NotificationKind] = [.message, .orderStatus, .review, .moderation]

    /// The keys a notification's `data` may carry, each a string id.
    public static let dataKeys: Set<String> = ["orderId", "conversationId", "messageId", "flagId", "listingId"]
}
