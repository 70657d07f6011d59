/// A search of listings: every filter optional, newest first unless `sort` says otherwise.
public struct ListingQuery: Sendable {
    /// Words that must all appear in the title or description (case-insensitive).
    public var text: String?
    public var category: String?
    public var city: String?
    public var minPrice: Int64?
    public var maxPrice: Int64?
    public var sort: ListingSort
    /// From the previous page's `nextCursor`.
    public var cursor: String?
    public var limit: Int

    public init(
        text: String? = nil, category: String? = nil, city: String? = nil, minPrice: Int64? = nil, maxPrice: Int64? = nil,
        sort: ListingSort = .newest, cursor: String? = nil, limit: Int = 50
    ) {
        self.text = text
        self.category = category
        self.city = city
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.sort = sort
        self.cursor = cursor
        self.limit = limit
    }
}

/// The order of a listing search: `newest`, `price_asc` or `price_desc` (ties broken by id).
public struct ListingSort: Sendable, Equatable {
    private enum Kind { case newest, priceAscending, priceDescending }
    private let kind: Kind

    public static let newest = ListingSort(kind: .newest)
    public static let priceAscending = ListingSort(kind: .priceAscending)
    public static let priceDescending = ListingSort(kind: .priceDescending)

    /// The sort named `newest`, `price_asc` or `price_desc`; nil for another name.
    public init?(name: String) {
        switch name {
        case "newest": kind = .newest
        case "price_asc": kind = .priceAscending
        case "price_desc": kind = .priceDescending
        default: return nil
        }
    }

    private init(kind: Kind) { self.kind = kind }

    /// The column the cursor continues on, and whether it goes down.
    var key: (column: String, descending: Bool) {
        switch kind {
        case .newest: ("created_at", true)
        case .priceAscending: ("price_amount", false)
        case .priceDescending: ("price_amount", true)
        }
    }
}
