import Foundation
import HTTPTypes
import ParleyProtocol
import ParleyTestSupport
import Testing

@testable import ParleyServer

@Suite("Listings and reviews")
struct ListingTests {
    @Test func sellersWriteListingsAndEveryoneSearchesThem() async throws {
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let other = try await hub.register("seller")
            let buyer = try await hub.register("buyer")
            #expect(try await hub.post("/v1/listings", TestHub.listingBody(), token: buyer.token).status == 403)
            let created = try await hub.post("/v1/listings", TestHub.listingBody(), token: seller.token)
            #expect(created.status == 201)
            #expect(created.body["averageRating"] == nil && created.body["reviewCount"] == nil, "created comes back bare")
            #expect(created.body["sellerId"]?.string == seller.id)
            var ids: [String] = [try #require(created.body["id"]?.string)]
            for (title, city, amount) in [("Magician for kids", "Hamburg", 20_000), ("Jazz trio", "berlin", 90_000), ("DJ set", "Berlin", 50_000)] {
                let body = TestHub.listingBody(title: title, description: "\(title) for your party.", category: "music", city: city, amount: amount)
                ids.append(try await hub.listing(seller, body))
            }
            func search(_ query: String) async throws -> [String] {
                let reply = try await hub.get("/v1/listings?\(query)", token: buyer.token)
                #expect(reply.status == 200, "\(query): \(reply.body)")
                return reply.body["items"]?.array.map { $0["title"]?.string ?? "" } ?? []
            }
            #expect(try await search("q=JAZZ") == ["Jazz trio"])
            #expect(try await search("q=garlands") == ["Balloon arches"], "the description is searched too")
            #expect(try await search("q=100%25") == [], "a % in q is a literal")
            #expect(try await search("category=music&sort=price_asc") == ["Magician for kids", "DJ set", "Jazz trio"])
            #expect(try await search("city=Berlin&sort=price_desc") == ["Jazz trio", "DJ set", "Balloon arches"])
            #expect(try await search("minPrice=20000&maxPrice=50000&sort=price_asc") == ["Magician for kids", "DJ set"])
            // cursor pagination visits every listing once
            var seen: [String] = []
            var cursor: String? = nil
            repeat {
                let page = try await hub.get("/v1/listings?limit=1&sort=price_asc" + (cursor.map { "&cursor=\($0)" } ?? ""), token: buyer.token)
                seen += page.body["items"]?.array.map { $0["id"]?.string ?? "" } ?? []
                cursor = page.body["nextCursor"]?.string
            } while cursor != nil
            #expect(Set(seen) == Set(ids) && seen.count == 4)
            #expect(try await hub.get("/v1/listings?sort=cheapest", token: buyer.token).status == 400)
            #expect(try await hub.get("/v1/listings?minPrice=-1", token: buyer.token).status == 400)

            // owner or admin change it; others may not; deleted is gone
            #expect(try await hub.request(.patch, "/v1/listings/\(ids[0])", token: other.token, body: #"{"city":"Bonn"}"#).status == 403)
            let patched = try await hub.request(
                .patch, "/v1/listings/\(ids[0])", token: seller.token, body: #"{"price":{"amount":100,"currency":"EUR"}}"#)
            #expect(patched.status == 200)
            #expect(patched.body["price"]?["amount"]?.int == 100 && patched.body["title"]?.string == "Balloon arches")
            #expect(try await hub.request(.patch, "/v1/listings/\(ids[0])", token: seller.token, body: #"{"colour":"red"}"#).status == 400)
            #expect(try await hub.request(.delete, "/v1/listings/\(ids[0])", token: other.token).status == 403)
            #expect(try await hub.request(.delete, "/v1/listings/\(ids[0])", token: seller.token).status == 204)
            #expect(try await hub.get("/v1/listings/\(ids[0])", token: buyer.token).status == 404)
            #expect(try await search("q=balloon") == [])
        }
    }

    @Test(arguments: [
        (#"{"price":{"amount":1.5,"currency":"EUR"}}"#, "price.amount"), (#"{"price":{"amount":-1,"currency":"EUR"}}"#, "price.amount"),
        (#"{"price":{"amount":1,"currency":"euro"}}"#, "price.currency"), (#"{"category":"Kids Parties"}"#, "category"),
        (#"{"pricingModel":"auction"}"#, "pricingModel"), (#"{"title":"  "}"#, "title"), (#"{"title":"A\u202eB"}"#, "title"),
        (#"{"description":"\#(String(repeating: "x", count: 4001))"}"#, "description"), (#"{"colour":"red"}"#, "colour"),
    ])
    func badListingsAreRefusedNamingTheField(change: String, field: String) async throws {
        let override = try #require(try JSONSerialization.jsonObject(with: Data(change.utf8)) as? [String: Any])
        let body = json(TestHub.listingBody().merging(override) { $1 })
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let reply = try await hub.request(.post, "/v1/listings", token: seller.token, body: body)
            #expect([400, 413].contains(reply.status))
            #expect(reply.body["error"]?["message"]?.string?.contains(field) == true, "\(reply.body)")
            #expect(try await hub.get("/v1/listings", token: seller.token).body["items"]?.array.isEmpty == true, "nothing stored")
        }
    }

    @Test func descriptionsAreModeratedAndCheapListingsFlagged() async throws {
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let admin = try await hub.admin()
            let dirty = try await hub.post(
                "/v1/listings", TestHub.listingBody(description: "Great arches. WhatsApp me on 0745 882 190 to skip the fees"),
                token: seller.token)
            #expect(dirty.status == 201)
            let listingId = try #require(dirty.body["id"]?.string)
            #expect(dirty.body["description"]?.string?.contains("882") == false, "the phone number is masked: \(dirty.body)")
            for amount in [10_000, 11_000, 12_000, 13_000] { _ = try await hub.listing(seller, TestHub.listingBody(amount: amount)) }
            // five others now: median 12,000, and 40 % of it is 4,800
            let cheap = try await hub.listing(seller, TestHub.listingBody(amount: 4799))
            // six others now, the cheap one among them: median 11,000, and 40 % of it is 4,400
            let fair = try await hub.listing(seller, TestHub.listingBody(amount: 4400))
            let flags = try await hub.get("/v1/moderation/flags", token: admin.token).body["items"]?.array ?? []
            let byListing = Dictionary(grouping: flags) { $0["listingId"]?.string ?? "" }
            #expect(byListing[listingId]?.first?["categories"]?.array.contains(.string("phone")) == true)
            #expect(byListing[listingId]?.first?["messageId"] == .null && byListing[listingId]?.first?["conversationId"] == .null)
            #expect(byListing[cheap]?.first?["categories"] == .array([.string("price_dumping")]))
            #expect(byListing[fair] == nil)
        }
    }

    @Test func aCompletedOrderIsReviewedOnceByItsBuyer() async throws {
        try await TestHub.run { hub in
            let seller = try await hub.register("seller")
            let buyer = try await hub.register("buyer")
            let stranger = try await hub.register("buyer")
            let listingId = try await hub.listing(seller)
            var ratings: [Int] = []
            for rating in [5, 4] {
                let orderId = try #require(try await hub.order(buyer, listingId: listingId)["id"]?.string)
                let early = try await hub.post("/v1/orders/\(orderId)/review", ["rating": rating, "comment": "ok"], token: buyer.token)
                #expect(early.status == 409, "before completion")
                for (status, actor) in [("paid", buyer), ("in_progress", seller), ("delivered", seller), ("completed", buyer)] {
                    #expect(try await hub.move(orderId, to: status, by: actor).status == 200)
                }
                #expect(try await hub.post("/v1/orders/\(orderId)/review", ["rating": 6], token: buyer.token).status == 400)
                #expect(try await hub.post("/v1/orders/\(orderId)/review", ["rating": 0], token: buyer.token).status == 400)
                #expect(try await hub.post("/v1/orders/\(orderId)/review", ["rating": 5], token: seller.token).status == 403)
                #expect(try await hub.post("/v1/orders/\(orderId)/review", ["rating": 5], token: stranger.token).status == 404)
                let review = try await hub.post(
                    "/v1/orders/\(orderId)/review", ["rating": rating, "comment": "Lovely, call 0745 882 190"], token: buyer.token)
                #expect(review.status == 201)
                #expect(review.body["comment"]?.string?.contains("882") == false, "moderated: \(review.body)")
                #expect(try await hub.post("/v1/orders/\(orderId)/review", ["rating": 1], token: buyer.token).status == 409)
                ratings.append(rating)
            }
            let listing = try await hub.get("/v1/listings/\(listingId)", token: stranger.token)
            #expect(listing.body["reviewCount"]?.int == 2)
            #expect(listing.body["averageRating"] == .number(4.5))
            let reviews = try await hub.get("/v1/listings/\(listingId)/reviews", token: stranger.token).body["items"]?.array ?? []
            #expect(reviews.map { $0["rating"]?.int ?? 0 }.sorted() == ratings.sorted())
        }
    }
}
