/// One movement of an order's escrow: `hold` when paid, then `release` (to the seller) and `fee` (to the platform),
/// or `refund` (to the buyer). Amounts are positive minor units.
public struct LedgerEntry: Codable, Sendable, Equatable {
    public var kind: LedgerKind
    public var amount: Int64
    public var currency: String
    public var at: Timestamp

    public init(kind: LedgerKind, amount: Int64, currency: String, at: Timestamp) {
        self.kind = kind
        self.amount = amount
        self.currency = currency
        self.at = at
    }

    enum CodingKeys: String, CodingKey { case kind, amount, currency, at }
}

/// The kind of a ledger entry.
public struct LedgerKind: WireName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let hold = LedgerKind(rawValue: "hold")
    public static let release = LedgerKind(rawValue: "release")
    public static let fee = LedgerKind(rawValue: "fee")
    public static let refund = LedgerKind(rawValue: "refund")
}
