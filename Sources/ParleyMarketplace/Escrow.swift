public import ParleyProtocol

/// The money side of a transition: what moves in and out of an order's escrow, in integer minor units.
public enum Escrow {
    /// The platform fee on `total` at `basisPoints` (hundredths of a percent), rounded half up to the minor unit.
    public static func fee(total: Int64, basisPoints: Int64) -> Int64 {
        (total * basisPoints + 5000) / 10_000
    }

    /// The ledger entries a transition writes: `hold` when paid; `release` and `fee` on completion; `refund` of the
    /// whole hold when a paid order is cancelled or a disputed one refunded. Nothing otherwise.
    public static func entries(from: OrderStatus, to: OrderStatus, total: Money, basisPoints: Int64, at: Timestamp) -> [LedgerEntry] {
        func entry(_ kind: LedgerKind, _ amount: Int64) -> LedgerEntry {
            LedgerEntry(kind: kind, amount: amount, currency: total.currency, at: at)
        }
        switch (from, to) {
        case (.pending, .paid):
            return [entry(.hold, total.amount)]
        case (_, .completed):
            let fee = fee(total: total.amount, basisPoints: basisPoints)
            return [entry(.release, total.amount - fee), entry(.fee, fee)].filter { $0.amount > 0 }
        case (.paid, .cancelled), (.disputed, .refunded):
            return [entry(.refund, total.amount)]
        default:
            return []
        }
    }
}
