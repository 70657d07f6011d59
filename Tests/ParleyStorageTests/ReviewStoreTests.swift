import ParleyProtocol
import ParleyStorage
import ParleyTestSupport
import Testing

/// Flags, decisions and held messages: the store filters on the typed wire names.
@Suite("Storage: review queue")
struct ReviewStoreTests {
    static func flag(_ sender: String, conversation: String?, category: String) -> Flag {
        Flag(
            id: Store.newID(), status: .pending, categories: [category], senderId: sender, conversationId: conversation,
            messageId: nil, original: "o", moderated: "m", findings: [], createdAt: .now())
    }

    @Test(arguments: StoreKind.enabled) func flagsFilterByTypedStatusAndCategory(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let phone = Self.flag(a.id, conversation: nil, category: "phone")
            let email = Self.flag(a.id, conversation: nil, category: "email")
            try await store.createFlag(phone)
            try await store.createFlag(email)
            let decided = try await store.decide(flagId: phone.id, decision: .restrictSender, by: "admin", note: "n", at: .now())
            #expect(decided?.flag.status == .resolved)
            #expect(decided?.flag.decision == .restrictSender)
            #expect(decided?.message == nil)
            #expect(try await store.decide(flagId: phone.id, decision: .dismiss, by: "admin", note: nil, at: .now()) == nil)

            #expect(try await store.flags(status: .pending, category: nil, limit: 10, cursor: nil).items.map(\.id) == [email.id])
            #expect(try await store.flags(status: .resolved, category: nil, limit: 10, cursor: nil).items.map(\.id) == [phone.id])
            #expect(try await store.flags(status: nil, category: "phone", limit: 10, cursor: nil).items.map(\.id) == [phone.id])
            #expect(try await store.flags(status: nil, category: nil, limit: 10, cursor: nil).items.count == 2)
            #expect(try await store.flag(id: phone.id)?.decision == .restrictSender)
            // the category filter is literal: LIKE wildcards in it match only themselves
            for pattern in ["ph_ne", "%", "_", "p%", "phone\\"] {
                #expect(try await store.flags(status: nil, category: pattern, limit: 10, cursor: nil).items.isEmpty, "\(pattern)")
            }
            let odd = Self.flag(a.id, conversation: nil, category: "50%_off")
            try await store.createFlag(odd)
            #expect(try await store.flags(status: nil, category: "50%_off", limit: 10, cursor: nil).items.map(\.id) == [odd.id])
        }
    }

    @Test(arguments: StoreKind.enabled) func aReleasedHeldMessageBecomesVisibleWithANewSeq(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try await store.createUser(email: "a@x.io", passwordHash: nil, displayName: "A", role: .buyer)
            let b = try await store.createUser(email: "b@x.io", passwordHash: nil, displayName: "B", role: .seller)
            let c = try await store.createConversation(creatorId: a.id, participantIds: [a.id, b.id], subject: nil, orderId: nil)
            let flag = Self.flag(a.id, conversation: c.id, category: "phone")
            let held = try await store.insertMessage(
                conversationId: c.id, senderId: a.id, body: "[phone removed]", clientMsgId: "h",
                moderation: ModerationInfo(action: .held, categories: ["phone"]), flag: flag)
            _ = try await store.insertMessage(conversationId: c.id, senderId: a.id, body: "hi", clientMsgId: "n", moderation: .none)
            var unread = try await store.conversationView(try #require(await store.conversation(id: c.id)), for: b.id).unreadCount
            #expect(unread == 1, "a held message is not counted as unread")
            #expect(try await store.messages(conversationId: c.id, window: .newest, limit: 10, visibleTo: b.id).map(\.body) == ["hi"])

            let decided = try await store.decide(flagId: flag.id, decision: .dismiss, by: "admin", note: nil, at: .now()) { _, message in
                MessageRewrite(body: "ring 0781", moderation: ModerationInfo(action: .restored, categories: []), resequence: true)
            }
            #expect(decided?.before?.moderation.action == .held)
            #expect(decided?.message?.moderation.action == .restored)
            #expect(decided?.message?.seq == 3)
            let seen = try await store.messages(conversationId: c.id, window: .after(held.message.seq), limit: 10, visibleTo: b.id)
            #expect(seen.map(\.body) == ["hi", "ring 0781"])
            #expect(seen.last?.moderation == ModerationInfo(action: .restored, categories: []))
            unread = try await store.conversationView(try #require(await store.conversation(id: c.id)), for: b.id).unreadCount
            #expect(unread == 2)
        }
    }
}
