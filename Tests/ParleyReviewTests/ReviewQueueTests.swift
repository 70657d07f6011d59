import Logging
import ParleyAccounts
import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Synchronization
import Testing

@testable import ParleyReview

/// Records what the review queue tells the message's domain.
final class ChangeRecorder: ReviewListener {
    let changes = Mutex<[(Message, Bool)]>([])
    func messageChanged(_ message: Message, wasHeld: Bool) async { changes.withLock { $0.append((message, wasHeld)) } }
}

@Suite("Review queue: decisions on flags, on a real store")
struct ReviewQueueTests {
    static let admin = Identity(userId: "admin", role: .admin, expiresAt: .max)

    /// A conversation with one message carrying a flag; returns the queue, the flag and the recorder.
    static func flagged(
        _ store: Store, action: ModerationAction, body: String = "call ***", original: String = "call 0791 112 2334",
        configure: (inout ReviewConfiguration) -> Void = { _ in }
    ) async throws -> (ReviewQueue, Flag, ChangeRecorder, String) {
        let buyer = try await store.createUser(email: "b\(Store.newID().prefix(6))@example.com", passwordHash: nil, displayName: "B", role: .buyer)
        let seller = try await store.createUser(email: "s\(Store.newID().prefix(6))@example.com", passwordHash: nil, displayName: "S", role: .seller)
        let conversation = try await store.createConversation(
            creatorId: buyer.id, participantIds: [buyer.id, seller.id], subject: nil, orderId: nil)
        let flag = Flag(
            id: Store.newID(), status: .pending, categories: ["phone"], senderId: buyer.id, conversationId: conversation.id,
            messageId: nil, original: original, moderated: body, findings: [FlagFinding(category: "phone", start: 5, end: 18)],
            createdAt: .now())
        _ = try await store.insertMessage(
            conversationId: conversation.id, senderId: buyer.id, body: body, clientMsgId: "c1",
            moderation: ModerationInfo(action: action, categories: ["phone"]), flag: flag)
        var configuration = ReviewConfiguration()
        configure(&configuration)
        let recorder = ChangeRecorder()
        let queue = ReviewQueue(store: store, configuration: configuration, listener: recorder, logger: TestEnvironment.logger("review"))
        let stored = try #require(try await store.flag(id: flag.id))
        return (queue, stored, recorder, buyer.id)
    }

    @Test func dismissingAHeldMessageReleasesItUnderTheNextSeq() async throws {
        try await StoreKind.current.withStore { store in
            let (queue, flag, recorder, _) = try await Self.flagged(store, action: .held)
            let decided = try await queue.decide(flagId: flag.id, ReviewDecision(kind: .dismiss, note: "fine", restore: false), by: Self.admin)
            #expect(decided.status == .resolved)
            #expect(decided.decision == .dismiss)
            #expect(decided.note == "fine")
            let changes = recorder.changes.withLock { $0 }
            #expect(changes.count == 1)
            #expect(changes.first?.1 == true, "it was held")
            #expect(changes.first?.0.moderation.action == .masked, "the masked text stays, no longer held")
            #expect(changes.first?.0.seq == 2, "released under the conversation's next seq")
            await #expect(throws: ParleyError.self) {
                _ = try await queue.decide(flagId: flag.id, ReviewDecision(kind: .uphold, note: nil, restore: false), by: Self.admin)
            }
        }
    }

    @Test func dismissWithRestorePutsTheOriginalBack() async throws {
        try await StoreKind.current.withStore { store in
            let (queue, flag, recorder, _) = try await Self.flagged(store, action: .masked)
            _ = try await queue.decide(flagId: flag.id, ReviewDecision(kind: .dismiss, note: nil, restore: true), by: Self.admin)
            let change = try #require(recorder.changes.withLock { $0.first })
            #expect(change.0.body == "call 0791 112 2334")
            #expect(change.0.moderation.action == .restored)
            #expect(change.1 == false)
            #expect(change.0.seq == 1, "a visible message keeps its seq")
        }
    }

    @Test func upholdChangesNothingAndRestrictStopsTheSender() async throws {
        try await StoreKind.current.withStore { store in
            let (queue, flag, recorder, sender) = try await Self.flagged(store, action: .masked) { $0.restrictSeconds = 60 }
            _ = try await queue.decide(flagId: flag.id, ReviewDecision(kind: .restrictSender, note: nil, restore: false), by: Self.admin)
            #expect(recorder.changes.withLock { $0.isEmpty })
            let until = try #require(try await store.restriction(userId: sender, now: .now()))
            #expect(until.milliseconds > Timestamp.now().milliseconds + 50_000)
            #expect(until.milliseconds <= Timestamp.now().milliseconds + 60_000)
        }
    }

    @Test func onlyAdminsDecideAndNotesHaveALimit() async throws {
        try await StoreKind.current.withStore { store in
            let (queue, flag, _, sender) = try await Self.flagged(store, action: .masked) { $0.maxNoteChars = 5 }
            let seller = Identity(userId: sender, role: .seller, expiresAt: .max)
            await #expect { _ = try await queue.flag(id: flag.id, caller: seller) } throws: { ($0 as? ParleyError)?.code == .forbidden }
            await #expect {
                _ = try await queue.decide(flagId: flag.id, ReviewDecision(kind: .uphold, note: "123456", restore: false), by: Self.admin)
            } throws: { ($0 as? ParleyError)?.code == .badRequest }
            await #expect {
                _ = try await queue.decide(flagId: "nope", ReviewDecision(kind: .uphold, note: nil, restore: false), by: Self.admin)
            } throws: { ($0 as? ParleyError)?.code == .notFound }
            let pending = try await queue.flags(caller: Self.admin, status: .pending, category: "phone", limit: 10, cursor: nil)
            #expect(pending.items.map(\.id) == [flag.id])
            #expect(try await queue.flags(caller: Self.admin, status: .resolved, category: nil, limit: 10, cursor: nil).items.isEmpty)
        }
    }

    @Test func theRewriteRuleOfEachDecision() {
        let message = Message(
            id: "m", conversationId: "c", seq: 1, senderId: "u", body: "call ***", clientMsgId: "k", createdAt: .now(),
            moderation: ModerationInfo(action: .held, categories: ["phone"]))
        let flag = Flag(
            id: "f", status: .pending, categories: ["phone"], senderId: "u", conversationId: "c", messageId: "m",
            original: "call 0791", moderated: "call ***", findings: [], createdAt: .now())
        #expect(MessageRewriteRule(decision: .init(kind: .uphold, note: nil, restore: false)).apply(to: message, flag: flag) == nil)
        let release = MessageRewriteRule(decision: .init(kind: .dismiss, note: nil, restore: false)).apply(to: message, flag: flag)
        #expect(release == MessageRewrite(body: "call ***", moderation: .init(action: .masked, categories: ["phone"]), resequence: true))
        let restore = MessageRewriteRule(decision: .init(kind: .dismiss, note: nil, restore: true)).apply(to: message, flag: flag)
        #expect(restore == MessageRewrite(body: "call 0791", moderation: .init(action: .restored, categories: ["phone"]), resequence: true))
    }

    @Test func policySettingsAreChecked() throws {
        var configuration = ReviewConfiguration()
        configuration.moderationRules = "phone=hold, profanity=shout"
        #expect { try configuration.validate() } throws: { "\($0)".contains("moderation-rule") }
        configuration.moderationRules = "phone=hold,profanity=block"
        try configuration.validate()
        configuration.lexiconDir = "/nonexistent/parley-lexicons"
        #expect(throws: (any Error).self) { _ = try configuration.moderationPipeline() }
    }
}
