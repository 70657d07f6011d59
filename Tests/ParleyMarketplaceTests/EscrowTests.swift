import ParleyProtocol
import Testing

@testable import ParleyMarketplace

@Suite("Escrow arithmetic")
struct EscrowTests {
    @Test(arguments: [
        // total, basis points, fee: 10 % of 12,345 is 1,234.5 → 1,235 (half up); 10 % of 12,344 is 1,234.4 → 1,234
        (Int64(12_345), Int64(1000), Int64(1235)), (12_344, 1000, 1234), (5, 1000, 1), (4, 1000, 0), (0, 1000, 0),
        (1, 5000, 1), (3, 5000, 2), (10_000_000_000_000, 1000, 1_000_000_000_000), (999, 250, 25), (12_345, 0, 0),
        (12_345, 10_000, 12_345),
    ])
    func feeIsRoundedHalfUpToTheMinorUnit(total: Int64, basisPoints: Int64, fee: Int64) {
        #expect(Escrow.fee(total: total, basisPoints: basisPoints) == fee)
    }

    @Test func aCompletedOrderBalancesAndPaysTheSellerTheTotalLessTheFee() {
        let total = Money(amount: 12_345, currency: "EUR")
        let at = Timestamp(milliseconds: 1)
        let hold = Escrow.entries(from: .pending, to: .paid, total: total, basisPoints: 1000, at: at)
        let close = Escrow.entries(from: .delivered, to: .completed, total: total, basisPoints: 1000, at: at)
        #expect(hold.map(\.kind) == [.hold])
        #expect(close.map(\.kind) == [.release, .fee])
        #expect(close.map(\.amount) == [11_110, 1235])
        #expect(hold.map(\.amount).reduce(0, +) == close.map(\.amount).reduce(0, +))
    }

    @Test(arguments: [(OrderStatus.paid, OrderStatus.cancelled), (.disputed, .refunded)])
    func aRefundReturnsTheWholeHold(from: OrderStatus, to: OrderStatus) {
        let entries = Escrow.entries(from: from, to: to, total: Money(amount: 777, currency: "USD"), basisPoints: 1000, at: .now())
        #expect(entries == [LedgerEntry(kind: .refund, amount: 777, currency: "USD", at: entries[0].at)])
    }

    @Test func cancellingAnUnpaidOrderMovesNoMoney() {
        #expect(Escrow.entries(from: .pending, to: .cancelled, total: Money(amount: 1, currency: "EUR"), basisPoints: 1000, at: .now()).isEmpty)
    }
}
