import Hummingbird

/// The methods each route path serves, read from the router once it is complete, so that a request whose path
/// exists but whose method does not can be told which methods it may use.
struct RouteTable: Sendable {
    struct Entry: Sendable {
        var path: RouterPath
        var methods: Set<HTTPRequest.Method>
    }

    let entries: [Entry]

    /// - Parameter routes: Every route of the router (``Hummingbird/Router/routes``).
    init(_ routes: [Router<ParleyRequestContext>.RouteDescription]) {
        var byPath: [String: Entry] = [:]
        for route in routes {
            byPath[route.path.description, default: Entry(path: route.path, methods: [])].methods.insert(route.method)
        }
        self.entries = byPath.keys.sorted().compactMap { byPath[$0] }
    }

    /// The methods of the route that serves `path`, or nil when no route matches it. When several routes match
    /// (`conversations/{id}` and `conversations/new`), the most specific one wins, as in the router: at the first
    /// segment where they differ, a literal beats a partial capture, which beats a capture or wildcard.
    func methods(forPath path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (rank: [Int], methods: Set<HTTPRequest.Method>)?
        for entry in entries {
            guard let rank = Self.rank(entry.path, segments) else { continue }
            if let current = best, !rank.lexicographicallyPrecedes(current.rank) { continue }
            best = (rank, entry.methods)
        }
        return best?.methods
    }

    /// How `route` matches `segments` (lower is more specific, per segment), or nil when it does not.
    static func rank(_ route: RouterPath, _ segments: [Substring]) -> [Int]? {
        var rank: [Int] = []
        for (index, element) in route.components.enumerated() {
            if element == .recursiveWildcard { return rank + [3] }
            guard index < segments.count, element ~= segments[index] else { return nil }
            // Hummingbird spells a whole-segment capture `{name}` and a wildcard `*`; partial ones carry text beside.
            let spelling = element.description
            if element == segments[index] {
                rank.append(0)
            } else if spelling == "*" || (spelling.hasPrefix("{") && spelling.hasSuffix("}")) {
                rank.append(2)
            } else {
                rank.append(1)
            }
        }
        return route.components.count == segments.count ? rank : nil
    }
}
