public import Configuration
public import ParleySettings

/// The settings of the marketplace: fees, timers, pricing checks, text limits and the service token.
public struct MarketplaceConfiguration: Sendable {
    /// `platformFeePercent` (`--platform-fee-percent`, `PARLEY_PLATFORM_FEE_PERCENT`).
    public static let platformFeePercent = Setting.double(
        "platformFeePercent", default: 10,
        "platform fee on a completed order, in percent of its total (two decimals at most); rounded half up to the minor unit")
    /// `autoCompleteAfter` (`--auto-complete-after`, `PARLEY_AUTO_COMPLETE_AFTER`).
    public static let autoCompleteAfter = Setting.int(
        "autoCompleteAfter", default: 7 * 24 * 3600,
        "seconds after which a `delivered` order the buyer did not complete or dispute completes by itself")
    /// `priceDumpingPercent` (`--price-dumping-percent`, `PARLEY_PRICE_DUMPING_PERCENT`).
    public static let priceDumpingPercent = Setting.int(
        "priceDumpingPercent", default: 40,
        "a listing priced below this share of its category's median (once the category has 5 listings) is flagged `price_dumping`")
    /// `serviceToken` (`--service-token`, `PARLEY_SERVICE_TOKEN`).
    public static let serviceToken = Setting.optionalString(
        "serviceToken", defaultText: "none (pushes refused)", isSecret: true,
        "bearer token of marketplace backends for `POST /v1/events/order-status` (at least 32 characters)")
    /// `maxListingTitleChars` (`--max-listing-title-chars`, `PARLEY_MAX_LISTING_TITLE_CHARS`).
    public static let maxTitleChars = Setting.int("maxListingTitleChars", default: 200, "longest listing title in characters")
    /// `maxListingDescriptionChars` (`--max-listing-description-chars`, `PARLEY_MAX_LISTING_DESCRIPTION_CHARS`).
    public static let maxDescriptionChars = Setting.int(
        "maxListingDescriptionChars", default: 4000, "longest listing description in characters")
    /// `maxReviewCommentChars` (`--max-review-comment-chars`, `PARLEY_MAX_REVIEW_COMMENT_CHARS`).
    public static let maxCommentChars = Setting.int("maxReviewCommentChars", default: 4000, "longest review comment in characters")

    /// The declarations, in the order the README lists them.
    public static var settings: [SettingInfo] {
        [
            platformFeePercent.info, autoCompleteAfter.info, priceDumpingPercent.info, serviceToken.info, maxTitleChars.info,
            maxDescriptionChars.info, maxCommentChars.info,
        ]
    }

    public var platformFeePercent = Self.platformFeePercent.defaultValue
    public var autoCompleteAfter = Self.autoCompleteAfter.defaultValue
    public var priceDumpingPercent = Self.priceDumpingPercent.defaultValue
    public var serviceToken: String? = nil
    public var maxTitleChars = Self.maxTitleChars.defaultValue
    public var maxDescriptionChars = Self.maxDescriptionChars.defaultValue
    public var maxCommentChars = Self.maxCommentChars.defaultValue

    /// The defaults.
    public init() {}

    /// Reads `parley.platformFeePercent`, `autoCompleteAfter`, `priceDumpingPercent`, `serviceToken`,
    /// `maxListingTitleChars`, `maxListingDescriptionChars`, `maxReviewCommentChars`.
    /// - Parameter reader: A reader scoped to `parley`.
    public init(reader: ConfigReader) {
        platformFeePercent = Self.platformFeePercent.read(reader)
        autoCompleteAfter = Self.autoCompleteAfter.read(reader)
        priceDumpingPercent = Self.priceDumpingPercent.read(reader)
        serviceToken = Self.serviceToken.read(reader)
        maxTitleChars = Self.maxTitleChars.read(reader)
        maxDescriptionChars = Self.maxDescriptionChars.read(reader)
        maxCommentChars = Self.maxCommentChars.read(reader)
    }

    /// The fee rate in hundredths of a percent (basis points), so that money arithmetic stays in integers.
    public var feeBasisPoints: Int64 { Int64((platformFeePercent * 100).rounded()) }

    /// Refuses settings that cannot work, naming the flag.
    public func validate() throws {
        try SettingError.check(
            platformFeePercent >= 0 && platformFeePercent <= 100 && Double(feeBasisPoints) == platformFeePercent * 100,
            "platform-fee-percent must be 0…100 with at most two decimals")
        try SettingError.check(autoCompleteAfter >= 1, "auto-complete-after must be ≥ 1 second")
        try SettingError.check(priceDumpingPercent >= 0 && priceDumpingPercent <= 100, "price-dumping-percent must be 0…100")
        try SettingError.check(serviceToken.map { $0.count >= 32 } ?? true, "service-token must be at least 32 characters")
        for (value, flag) in [
            (maxTitleChars, "max-listing-title-chars"), (maxDescriptionChars, "max-listing-description-chars"),
            (maxCommentChars, "max-review-comment-chars"),
        ] {
            try SettingError.check(value >= 1 && value <= 100_000, "\(flag) must be 1…100000")
        }
    }
}
