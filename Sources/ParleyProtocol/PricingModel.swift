/// How a listing is priced: `fixed`, `hourly` (the order's quantity is hours) or `quote` (the price is a starting
/// point).
public struct PricingModel: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let fixed = PricingModel(rawValue: "fixed")
    public static let hourly = PricingModel(rawValue: "hourly")
    public static let quote = PricingModel(rawValue: "quote")

    /// Every value protocol v1 knows.
    public static let all: [PricingModel] = [.fixed, .hourly, .quote]
}
