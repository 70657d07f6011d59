import Foundation
import Testing

@testable import ParleyModeration

@Suite("Masking and policy")
struct PipelineTests {
    @Test func spansMapToOriginalText() {
        let text = "Family of 5 👨‍👩‍👧‍👦👶 — ring me on 07745 120 389 ok"
        let v = Shared.pipeline.moderate(text)
        #expect(v.findings.count >= 1)
        let phone = v.findings.first { $0.category == .phone }!
        #expect(Shared.slice(text, phone) == "07745 120 389")
        #expect(v.text == "Family of 5 👨‍👩‍👧‍👦👶 — ring me on [phone removed] ok")
    }

    @Test func keycapDigitsAreMaskedWhole() {
        let text = "my number +4️⃣4️⃣ 7️⃣7️⃣3️⃣9️⃣ 0️⃣5️⃣5️⃣ 1️⃣8️⃣2️⃣ thx"
        let v = Shared.pipeline.moderate(text)
        #expect(v.text == "my number [phone removed] thx")
    }

    @Test func severalFindingsSortedAndCategoriesUnique() {
        let text = "shit app, text me 07721 094 858 or mail x.y@example.com, shit"
        let v = Shared.pipeline.moderate(text)
        #expect(v.findings.map(\.start) == v.findings.map(\.start).sorted())
        #expect(v.categories == Array(Set(v.categories)).sorted())
        #expect(v.text == "s*** app, text me [phone removed] or mail [email removed], s***")
        #expect(v.flagged)
    }

    @Test func unchangedTextWhenClean() {
        for text in [
            "本当にありがとう！とても素敵でした。", "Большое спасибо за доставку!", "Ευχαριστούμε για την τούρτα!",
            "Our two 👩‍❤️‍👨 figures for the cake top, please", "¡Muchas gracias! Las flores llegaron perfectas.", "",
        ] {
            let v = Shared.pipeline.moderate(text)
            #expect(v.text == text)
            #expect(v.action == .none)
            #expect(!v.flagged)
        }
    }

    @Test func policyRules() throws {
        let p = try ModerationPipeline(configuration: .init(rules: [.phone: .block, .profanity: .hold]))
        #expect(p.moderate("call 07812 559 301").action == .blocked)
        #expect(p.moderate("shit happens").action == .held)
        #expect(p.moderate("shit, call 07812 559 301").action == .blocked)
        #expect(p.moderate("see kofiframes.co.uk").action == .masked)
        #expect(p.moderate("can we chat on WhatsApp?").action == .none)
        let q = try ModerationPipeline(configuration: .init(rules: [.solicitation: .hold]))
        #expect(q.moderate("can we chat on WhatsApp?").action == .held)
        #expect(q.moderate("can we chat on WhatsApp?").text == "can we chat on WhatsApp?")
    }

    @Test func operatorLexiconExtendsAndRemoves() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-lex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("en"), withIntermediateDirectories: true)
        try "# test\nblorf\n-*wank*\n".write(to: dir.appendingPathComponent("en/profanity.txt"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try ModerationPipeline(configuration: .init(lexiconDirectory: dir.path))
        #expect(p.moderate("you blorf").text == "you b***")
        #expect(p.moderate("absolute wanker").text == "absolute wanker")
        #expect(Shared.pipeline.moderate("absolute wanker").text == "absolute w***")
        #expect(throws: ModerationError.self) {
            _ = try ModerationPipeline(configuration: .init(lexiconDirectory: "/nonexistent/dir/for/parley"))
        }
    }

    @Test func idempotentOnKnownCases() {
        for text in [
            "f***", "f***ing hell", "[phone removed] and [email removed]", "s*** app, text me [phone removed]",
            "call 07812 559 301 or 5551234567", "IG @bram.turns.wood, site bramturnswood.com",
        ] {
            let once = Shared.pipeline.moderate(text).text
            #expect(Shared.pipeline.moderate(once).text == once, "\(text)")
        }
    }

    @Test func hugeAndPathologicalInputsStayFast() {
        let inputs = [
            String(repeating: "1, ", count: 5_000),
            String(repeating: "f*", count: 5_000) + "ck",
            "f" + String(repeating: "u", count: 25_000) + "ck",
            String(repeating: "a.", count: 8_000) + "com",
            String(repeating: "@a ", count: 5_000),
            String(repeating: "seven ", count: 5_000),
            String(repeating: "x at y dot ", count: 2_500),
            String(repeating: "👨\u{200D}👩\u{200D}👧 ", count: 2_500),
        ]
        let clock = ContinuousClock()
        for text in inputs {
            let t0 = clock.now
            let v = Shared.pipeline.moderate(text)
            #expect(clock.now - t0 < .seconds(10))
            #expect(v.findings.allSatisfy { $0.end <= text.unicodeScalars.count })
        }
    }

    @Test func categoryCodable() throws {
        let data = try JSONEncoder().encode(ModerationFinding(category: .priceDumping, start: 1, end: 2))
        let s = String(decoding: data, as: UTF8.self)
        #expect(s.contains("\"price_dumping\""))
        let back = try JSONDecoder().decode(ModerationFinding.self, from: data)
        #expect(back.category == .priceDumping)
    }

    @Test func rulesParseFromTheirWrittenFormAndBadOnesAreNamed() throws {
        let rules = try ModerationConfiguration.parseRules(["phone=hold", " profanity = block ", "email=mask"])
        #expect(rules == [.phone: .hold, .profanity: .block, .email: .mask])
        #expect(try ModerationConfiguration.parseRules([]).isEmpty)
        for bad in ["phone", "phone=delete", "telepathy=block", "=hold"] {
            #expect(throws: ModerationError.self, "\(bad)") { try ModerationConfiguration.parseRules([bad]) }
        }
        do {
            _ = try ModerationConfiguration.parseRules(["telepathy=block"])
        } catch {
            #expect("\(error)".contains("telepathy"), "the message names the rule")
        }
    }
}
