import ParleyProtocol
import Testing

@testable import ParleyMarketplace

@Suite("Order state machine")
struct OrderRulesTests {
    typealias Actor = OrderRules.Actor

    /// The machine of Protocol/README.md, written out once more by hand.
    static let legal: [OrderStatus: [OrderStatus: [Actor]]] = [
        .pending: [.paid: [.buyer], .cancelled: [.buyer, .seller]],
        .paid: [.inProgress: [.seller], .cancelled: [.buyer, .seller]],
        .inProgress: [.delivered: [.seller], .disputed: [.buyer]],
        .delivered: [.completed: [.buyer, .system], .disputed: [.buyer]],
        .disputed: [.completed: [.admin], .refunded: [.admin]],
    ]

    @Test func everyPairAndEveryActorGetsTheDocumentedAnswer() {
        let actors: [Actor] = [.buyer, .seller, .admin, .system]
        for from in OrderStatus.all {
            for to in OrderStatus.all + [OrderStatus(rawValue: "shipped")] {
                for actor in actors {
                    let allowed = Self.legal[from]?[to]
                    do {
                        try OrderRules.check(from: from, to: to, actors: [actor])
                        #expect(allowed?.contains(actor) == true, "\(from)→\(to) by \(actor) should be refused")
                    } catch {
                        if allowed == nil {
                            #expect(error.code == .conflict, "\(from)→\(to) does not exist: 409")
                        } else {
                            #expect(error.code == .forbidden && allowed?.contains(actor) == false, "\(from)→\(to) by \(actor): 403")
                        }
                    }
                }
            }
        }
    }

    @Test func theConflictNamesTheAllowedStatuses() {
        #expect(throws: ParleyError.self) { try OrderRules.check(from: .paid, to: .completed, actors: [.buyer]) }
        do {
            try OrderRules.check(from: .paid, to: .completed, actors: [.buyer])
        } catch {
            #expect(error.message.contains("in_progress, cancelled"))
        }
        do {
            try OrderRules.check(from: .completed, to: .paid, actors: [.buyer])
        } catch {
            #expect(error.message.contains("final"))
        }
    }

    @Test func finalStatusesHaveNoWayOut() {
        for status in OrderStatus.all where status.isFinal { #expect(OrderRules.next(after: status).isEmpty) }
        for status in OrderStatus.all where !status.isFinal { #expect(!OrderRules.next(after: status).isEmpty) }
    }
}
