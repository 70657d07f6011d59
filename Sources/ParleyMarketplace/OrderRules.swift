public import ParleyProtocol

/// The order state machine of `Protocol/README.md`: which transitions exist, and who may make each.
public enum OrderRules {
    /// Who asks for a transition.
    public enum Actor: Sendable, Equatable {
        case buyer, seller, admin
        /// The auto-completion timer.
        case system
    }

    /// Every transition, with who may make it.
    static let table: [(from: OrderStatus, to: OrderStatus, actors: [Actor])] = [
        (.pending, .paid, [.buyer]),
        (.pending, .cancelled, [.buyer, .seller]),
        (.paid, .inProgress, [.seller]),
        (.paid, .cancelled, [.buyer, .seller]),
        (.inProgress, .delivered, [.seller]),
        (.inProgress, .disputed, [.buyer]),
        (.delivered, .completed, [.buyer, .system]),
        (.delivered, .disputed, [.buyer]),
        (.disputed, .completed, [.admin]),
        (.disputed, .refunded, [.admin]),
    ]

    /// The statuses an order in `status` may move to.
    public static func next(after status: OrderStatus) -> [OrderStatus] {
        table.filter { $0.from == status }.map(\.to)
    }

    /// Checks a transition: `conflict` (409) naming the allowed ones when it does not exist, `forbidden` (403) when
    /// it exists but none of `actors` may make it.
    /// - Parameters:
    ///   - actors: Every role the caller has on this order (an admin who is also the buyer has both).
    public static func check(from: OrderStatus, to: OrderStatus, actors: [Actor]) throws(ParleyError) {
        guard let rule = table.first(where: { $0.from == from && $0.to == to }) else {
            let allowed = next(after: from).map(\.rawValue)
            let list = allowed.isEmpty ? "none, '\(from)' is final" : allowed.joined(separator: ", ")
            throw ParleyError(.conflict, "an order cannot go from '\(from)' to '\(to.rawValue.prefix(32))'; allowed: \(list)")
        }
        guard rule.actors.contains(where: actors.contains) else {
            let who = rule.actors.map { "\($0)" }.joined(separator: " or ")
            throw ParleyError.forbidden("only the \(who) may move an order from '\(from)' to '\(to)'")
        }
    }
}
