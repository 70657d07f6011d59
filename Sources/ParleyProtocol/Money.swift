/// An amount of money in minor units (cents, pence) of an ISO 4217 currency: never floating point.
public struct Money: Codable, Sendable, Equatable {
    public var amount: Int64
    public var currency: String

    /// - Parameters:
    ///   - amount: Minor units, e.g. 12345 for 123.45.
    ///   - currency: Three upper-case letters, e.g. `EUR`.
    public init(amount: Int64, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// The largest amount accepted anywhere (prices, order totals): 10^13 minor units keeps fee arithmetic far from
    /// overflow.
    public static let maxAmount: Int64 = 10_000_000_000_000

    /// Whether `code` has the form of an ISO 4217 code (three letters A–Z).
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    enum CodingKeys: String, CodingKey { case amount, currency }
}
