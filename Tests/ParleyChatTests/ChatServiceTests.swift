import Foundation
import Logging
import NIOCore
import ParleyAccounts
import ParleyBroker
import ParleyModeration
import ParleyProtocol
import ParleyReview
import ParleyStorage
import ParleyTestSupport
import Synchronization
import Testing

@testable import ParleyChat

/// A socket stand-in that records what the fan-out hands it (the real sockets are tested in ParleyServerTests).
final class Recorder: FanOutSubscriber {
    let events = Mutex<[(channel: String, event: FanOutEvent)]>([])
    func receive(_ event: FanOutEvent, on channel: String) { events.withLock { $0.append((channel, event)) } }
    func resync(_ channels: [String]) {}

    /// The frames received, decoded, with the channel each came on.
    var frames: [(channel: String, frame: JSONValue)] {
        events.withLock { list in list.compactMap { item in (try? JSONValue.parse(String(buffer: item.event.frame))).map { (item.channel, $0) } } }
    }
}

/// Chat on a real SQLite store, the single-node broker and the real moderation pipeline.
struct ChatFixture {
    let chat: ChatService
    let store: Store
    let buyer: Identity
    let seller: Identity
    let conversationId: String

    static func run(
        rules: [ModerationCategory: ModerationRule] = [:], configure: (inout ChatConfiguration) -> Void = { _ in },
        _ body: (ChatFixture) async throws -> Void
    ) async throws {
        try await StoreKind.current.withStore { store in
            var configuration = ChatConfiguration()
            configure(&configuration)
            let logger = TestEnvironment.logger("chat")
            let chat = ChatService(
                store: store, fanOut: FanOut(broker: InProcessBroker(), logger: logger),
                pipeline: try ModerationPipeline(configuration: .init(rules: rules)), intake: ReviewIntake(store: store, logger: logger),
                configuration: configuration, logger: logger)
            let b = try await store.createUser(email: "b\(Store.newID().prefix(6))@example.com", passwordHash: nil, displayName: "B", role: .buyer)
            let s = try await store.createUser(email: "s\(Store.newID().prefix(6))@example.com", passwordHash: nil, displayName: "S", role: .seller)
            let buyer = Identity(userId: b.id, role: .buyer, expiresAt: .max)
            let seller = Identity(userId: s.id, role: .seller, expiresAt: .max)
            let conversation = try await chat.createConversation(caller: buyer, participantIds: [s.id], subject: nil, orderId: nil)
            try await body(ChatFixture(chat: chat, store: store, buyer: buyer, seller: seller, conversationId: conversation.id))
        }
    }
}

@Suite("Chat rules")
struct ChatServiceTests {
    @Test func aSentMessageIsStoredMaskedAndFannedOutOnce() async throws {
        try await ChatFixture.run { f in
            let inConversation = Recorder()
            let sellersUserChannel = Recorder()
            try await f.chat.subscribe(inConversation, to: .conversation(f.conversationId), caller: f.seller)
            try await f.chat.subscribe(sellersUserChannel, to: .user(f.seller.userId), caller: f.seller)
            let sent = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "call 0791 112 2334", clientMsgId: "k1")
            #expect(sent.created)
            #expect(sent.message.seq == 1)
            #expect(sent.message.moderation.action == .masked)
            #expect(!sent.message.body.contains("0791"))
            let again = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "call 0791 112 2334", clientMsgId: "k1")
            #expect(!again.created && again.message.id == sent.message.id, "a retried clientMsgId yields the first message")
            let events = inConversation.frames
            #expect(events.count == 1, "one event, none for the retry")
            #expect(events.first?.frame["type"]?.string == "message.new")
            #expect(events.first?.frame["message"]?["seq"]?.int == 1)
            let copies = sellersUserChannel.events.withLock { $0 }
            #expect(copies.count == 1 && copies[0].event.isUserCopy, "a copy on the user channel, dropped by sockets in the conversation")
            let flags = try await f.store.flags(status: .pending, category: "phone", limit: 10, cursor: nil)
            #expect(flags.items.first?.messageId == sent.message.id)
        }
    }

    @Test func aHeldMessageReachesOnlyItsSender() async throws {
        try await ChatFixture.run(rules: [.phone: .hold]) { f in
            let others = Recorder()
            let sender = Recorder()
            try await f.chat.subscribe(others, to: .conversation(f.conversationId), caller: f.seller)
            try await f.chat.subscribe(sender, to: .user(f.buyer.userId), caller: f.buyer)
            let sent = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "ring 0791 112 2334", clientMsgId: "h")
            #expect(sent.message.moderation.action == .held)
            #expect(others.events.withLock { $0.isEmpty })
            #expect(sender.frames.map { $0.frame["type"]?.string } == ["message.new"])
            #expect(try await f.chat.history(caller: f.seller, conversationId: f.conversationId, window: .newest, limit: 50).isEmpty)
        }
    }

    @Test func aBlockedMessageIsRefusedAndQueuedForReview() async throws {
        try await ChatFixture.run(rules: [.email: .block]) { f in
            await #expect {
                _ = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "mail ann@example.com", clientMsgId: "b")
            } throws: { ($0 as? ParleyError)?.code == .blocked }
            let flags = try await f.store.flags(status: .pending, category: "email", limit: 10, cursor: nil)
            #expect(flags.items.count == 1)
            #expect(flags.items.first?.messageId == nil)
            #expect(try await f.chat.history(caller: f.buyer, conversationId: f.conversationId, window: .newest, limit: 50).isEmpty)
        }
    }

    @Test func limitsComeFromTheConfiguration() async throws {
        try await ChatFixture.run(configure: {
            $0.maxBodyChars = 5
            $0.maxIdChars = 3
            $0.maxSubjectChars = 4
            $0.maxParticipants = 2
        }) { f in
            func code(_ work: () async throws -> Void) async -> ErrorCode? {
                do { try await work() } catch { return (error as? ParleyError)?.code }
                return nil
            }
            #expect(
                await code { _ = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "123456", clientMsgId: "k") }
                    == .tooLarge)
            #expect(
                await code { _ = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "12345", clientMsgId: "kkkk") }
                    == .badRequest)
            #expect(
                await code { _ = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "12345", clientMsgId: "kkk") } == nil)
            #expect(
                await code {
                    _ = try await f.chat.createConversation(caller: f.buyer, participantIds: [f.seller.userId], subject: "12345", orderId: nil)
                } == .badRequest)
            #expect(
                await code {
                    _ = try await f.chat.createConversation(caller: f.buyer, participantIds: [f.seller.userId, "x"], subject: nil, orderId: nil)
                } == .badRequest)
        }
    }

    @Test func subscriptionsNeedTheRightToRead() async throws {
        try await ChatFixture.run { f in
            let outsider = Identity(userId: "outsider", role: .buyer, expiresAt: .max)
            let admin = Identity(userId: "admin", role: .admin, expiresAt: .max)
            let r = Recorder()
            await #expect { try await f.chat.subscribe(r, to: .user(f.seller.userId), caller: f.buyer) } throws: {
                ($0 as? ParleyError)?.code == .forbidden
            }
            await #expect { try await f.chat.subscribe(r, to: .conversation(f.conversationId), caller: outsider) } throws: {
                ($0 as? ParleyError)?.code == .forbidden
            }
            await #expect { try await f.chat.subscribe(r, to: .conversation("nope"), caller: f.buyer) } throws: {
                ($0 as? ParleyError)?.code == .notFound
            }
            try await f.chat.subscribe(r, to: .conversation(f.conversationId), caller: admin)
            await #expect { _ = try await f.chat.send(caller: admin, conversationId: f.conversationId, body: "hi", clientMsgId: "a") } throws: {
                ($0 as? ParleyError)?.code == .forbidden
            }
        }
    }

    @Test func typingSkipsTheTypistAndReadsMoveTheMark() async throws {
        try await ChatFixture.run { f in
            let buyerSocket = Recorder()
            let sellerSocket = Recorder()
            try await f.chat.subscribe(buyerSocket, to: .conversation(f.conversationId), caller: f.buyer)
            try await f.chat.subscribe(sellerSocket, to: .conversation(f.conversationId), caller: f.seller)
            try await f.chat.typing(caller: f.buyer, conversationId: f.conversationId, state: .start)
            let typing = sellerSocket.events.withLock { $0 }
            #expect(typing.count == 1)
            #expect(typing.first?.event.excludeUserId == f.buyer.userId, "the typist's own sockets drop it")
            _ = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "hello", clientMsgId: "r1")
            #expect(try await f.chat.markRead(caller: f.seller, conversationId: f.conversationId, seq: 1) == 1)
            await #expect { _ = try await f.chat.markRead(caller: f.seller, conversationId: f.conversationId, seq: 2) } throws: {
                ($0 as? ParleyError)?.code == .badRequest
            }
            #expect(sellerSocket.frames.last?.frame["type"]?.string == "read")
            // a read that does not move the mark publishes nothing
            let reads = { buyerSocket.frames.filter { $0.frame["type"]?.string == "read" }.count }
            #expect(reads() == 1)
            #expect(try await f.chat.markRead(caller: f.seller, conversationId: f.conversationId, seq: 0) == 1)
            #expect(try await f.chat.markRead(caller: f.seller, conversationId: f.conversationId, seq: 1) == 1)
            #expect(reads() == 1, "no event for a read mark that did not move")
        }
    }

    @Test func aSenderOverTheRateCostsNoDatabaseWork() async throws {
        try await ChatFixture.run(configure: {
            $0.rateLimit = 0.01
            $0.rateBurst = 1
        }) { f in
            _ = try await f.chat.send(caller: f.buyer, conversationId: f.conversationId, body: "one", clientMsgId: "a")
            // the limit answers before the conversation is looked up: even one that does not exist
            await #expect { _ = try await f.chat.send(caller: f.buyer, conversationId: "no-such", body: "x", clientMsgId: "b") } throws: {
                ($0 as? ParleyError)?.code == .rateLimited
            }
            try await f.chat.typing(caller: f.buyer, conversationId: f.conversationId, state: .start)
            await #expect { try await f.chat.typing(caller: f.buyer, conversationId: "no-such", state: .start) } throws: {
                ($0 as? ParleyError)?.code == .rateLimited
            }
        }
    }

    @Test func recoveryIsPagedByEncodedSize() async throws {
        try await ChatFixture.run(configure: {
            $0.maxRecoverBytes = 10_000
            $0.rateBurst = 100
        }) { f in
            let body = String(repeating: "ab/\"", count: 500)  // 2,000 bytes that escaping doubles
            for i in 1...12 {
                _ = try await f.chat.send(caller: f.seller, conversationId: f.conversationId, body: body, clientMsgId: "b\(i)")
            }
            var after: Int64 = 0
            var pages: [[Int64]] = []
            while true {
                let page = try await f.chat.recover(caller: f.buyer, conversationId: f.conversationId, afterSeq: after)
                pages.append(page.messages.map(\.seq))
                let encoded = try JSONEncoder().encode(page.messages)
                #expect(encoded.count <= 10_000, "a page stays within the byte limit (\(encoded.count) bytes)")
                guard page.hasMore, let last = page.messages.last else { break }
                after = last.seq
            }
            #expect(pages.count > 1, "twelve 2 KB messages do not fit 10 KB")
            #expect(pages.flatMap { $0 } == Array(1...12), "every message once, in order")
        }
    }

    @Test func recoveryIsPagedByTheConfiguredLimit() async throws {
        try await ChatFixture.run(configure: {
            $0.maxRecover = 3
            $0.rateBurst = 100
        }) { f in
            for i in 1...7 {
                _ = try await f.chat.send(caller: f.seller, conversationId: f.conversationId, body: "m\(i)", clientMsgId: "c\(i)")
            }
            let first = try await f.chat.recover(caller: f.buyer, conversationId: f.conversationId, afterSeq: 0)
            #expect(first.messages.map(\.seq) == [1, 2, 3])
            #expect(first.hasMore)
            let last = try await f.chat.recover(caller: f.buyer, conversationId: f.conversationId, afterSeq: 6)
            #expect(last.messages.map(\.seq) == [7])
            #expect(!last.hasMore)
        }
    }

    @Test func tokenBucketRefillsAtTheRate() throws {
        final class Clock: @unchecked Sendable { var now = 100.0 }
        let clock = Clock()
        let limiter = RateLimiter(rate: 2, burst: 3, clock: { clock.now })
        for _ in 0..<3 { try limiter.take("u") }
        #expect(throws: ParleyError.self) { try limiter.take("u") }
        try limiter.take("other")
        clock.now += 0.5
        try limiter.take("u")
        #expect(throws: ParleyError.self) { try limiter.take("u") }
        clock.now += 10
        for _ in 0..<3 { try limiter.take("u") }
        do {
            try limiter.take("u")
            Issue.record("expected rate_limited")
        } catch {
            #expect(error.code == .rateLimited)
            #expect(error.retryAfter == 1)
        }
    }
}
