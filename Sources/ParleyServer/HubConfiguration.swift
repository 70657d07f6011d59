public import Configuration
public import ParleyAccounts
public import ParleyChat
public import ParleyMarketplace
public import ParleyNotifications
public import ParleyRedis
public import ParleyReview
public import ParleySettings
public import ParleyStorage

/// Every setting of a hub node, one configuration per module.
public struct HubConfiguration: Sendable {
    public var server = ServerConfiguration()
    public var accounts = AccountsConfiguration()
    public var chat = ChatConfiguration()
    public var notifications = NotificationsConfiguration()
    public var review = ReviewConfiguration()
    public var marketplace = MarketplaceConfiguration()
    public var storage = StorageConfiguration()
    public var redis = RedisBrokerConfiguration()

    /// Every setting, in the order the README's settings table lists them.
    public static var settings: [SettingInfo] {
        ServerConfiguration.settings + AccountsConfiguration.settings + ChatConfiguration.settings
            + NotificationsConfiguration.settings + ReviewConfiguration.settings + MarketplaceConfiguration.settings
            + StorageConfiguration.settings + RedisBrokerConfiguration.settings
    }

    /// The defaults.
    public init() {}

    /// Reads every setting under `parley.` (each module reads its own keys); missing keys keep their defaults.
    /// - Parameter reader: The root reader (flags, then `PARLEY_*` variables).
    public init(reader: ConfigReader) {
        let parley = reader.scoped(to: "parley")
        server = ServerConfiguration(reader: parley)
        accounts = AccountsConfiguration(reader: parley)
        chat = ChatConfiguration(reader: parley)
        notifications = NotificationsConfiguration(reader: parley)
        review = ReviewConfiguration(reader: parley)
        marketplace = MarketplaceConfiguration(reader: parley)
        storage = StorageConfiguration(reader: parley)
        redis = RedisBrokerConfiguration(reader: parley)
    }

    /// Refuses settings that cannot work, with a message naming the setting.
    public func validate() throws {
        try server.validate()
        try accounts.validate()
        try chat.validate()
        try notifications.validate()
        try review.validate()
        try marketplace.validate()
        try storage.validate()
        try redis.validate()
    }
}
