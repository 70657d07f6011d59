extension ServerEvent {
    /// `order.status`: `{orderId, status, previousStatus, changedBy, at}`, on the order's `order:<id>` channel.
    /// `previousStatus` is null when a pushed event has none; `changedBy` is a user id, `system` for the
    /// auto-completion timer, or `service` for an event pushed by a marketplace backend.
    public struct OrderStatusChanged: ServerEventBody, Decodable, Equatable {
        public var frameType: FrameType { .orderStatus }
        public var orderId: String
        public var status: OrderStatus
        public var previousStatus: OrderStatus?
        public var changedBy: String
        public var at: Timestamp

        public init(orderId: String, status: OrderStatus, previousStatus: OrderStatus?, changedBy: String, at: Timestamp) {
            self.orderId = orderId
            self.status = status
            self.previousStatus = previousStatus
            self.changedBy = changedBy
            self.at = at
        }

        enum CodingKeys: String, CodingKey { case orderId, status, previousStatus, changedBy, at }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(orderId, forKey: .orderId)
            try c.encode(status, forKey: .status)
            try c.encode(previousStatus, forKey: .previousStatus)
            try c.encode(changedBy, forKey: .changedBy)
            try c.encode(at, forKey: .at)
        }
    }
}
