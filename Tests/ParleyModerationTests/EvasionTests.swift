import Foundation
import Testing

@testable import ParleyModeration

/// The evasion families of `Fixtures/evasions.jsonl`: every dirty case is masked with its
/// category over its whole span, and every clean look-alike comes back unchanged.
@Suite("Evasion families")
struct EvasionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var text: String
        var spans: [(kind: String, span: String)]
        var testDescription: String { "\(id): \(text)" }
    }

    /// Cases of one family (its tag is `<family>_evasion`).
    static func cases(_ family: String, dirty: Bool) -> [Case] {
        let url = Shared.packageRoot.appendingPathComponent("Tests/ParleyModerationTests/Fixtures/evasions.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var out: [Case] = []
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let tags = object["tags"] as? [String], tags.contains(family + "_evasion"),
                let id = object["id"] as? String, let body = object["text"] as? String,
                let expect = object["expect"] as? [[String: String]]
            else { continue }
            let spans = expect.compactMap { e in e["kind"].flatMap { k in e["span"].map { (kind: k, span: $0) } } }
            if spans.isEmpty != dirty { out.append(Case(id: id, text: body, spans: spans)) }
        }
        return out
    }

    static func check(_ c: Case) {
        let verdict = Shared.pipeline.moderate(c.text)
        let scalars = Array(c.text.unicodeScalars)
        if c.spans.isEmpty {
            #expect(verdict.text == c.text, "changed a look-alike: \(verdict.text)")
            #expect(!verdict.findings.contains { $0.category != .solicitation }, "\(verdict.findings)")
            return
        }
        for (kind, span) in c.spans {
            let target = Array(span.unicodeScalars)
            guard let start = (0...(scalars.count - target.count)).first(where: { Array(scalars[$0..<($0 + target.count)]) == target }) else {
                Issue.record("span \(span) not in text")
                continue
            }
            let end = start + target.count
            let covering = verdict.findings.filter { $0.start < end && start < $0.end }
            #expect(covering.contains { $0.category.rawValue == kind }, "\(span): \(verdict.findings) → \(verdict.text)")
            // every scalar of the span that is a letter or digit is masked
            let covered = (start..<end).filter { k in
                scalars[k].properties.isAlphabetic || scalars[k].properties.numericType != nil
            }.allSatisfy { k in covering.contains { $0.start <= k && k < $0.end } }
            #expect(covered, "\(span) only partly masked: \(verdict.text)")
        }
    }

    @Test("split, spelled, mixed and look-alike phone numbers are masked", arguments: cases("phone", dirty: true))
    func phones(_ c: Case) { EvasionTests.check(c) }

    @Test("numbers that only look like split phones are untouched", arguments: cases("phone", dirty: false))
    func phoneLookAlikes(_ c: Case) { EvasionTests.check(c) }

    @Test("spelled-out e-mail addresses are masked", arguments: cases("email", dirty: true))
    func emails(_ c: Case) { EvasionTests.check(c) }

    @Test("'at', 'dot' and provider names in ordinary sentences are untouched", arguments: cases("email", dirty: false))
    func emailLookAlikes(_ c: Case) { EvasionTests.check(c) }

    @Test("described handles are masked", arguments: cases("handle", dirty: true))
    func handles(_ c: Case) { EvasionTests.check(c) }

    @Test("platform talk without a name is untouched", arguments: cases("handle", dirty: false))
    func handleLookAlikes(_ c: Case) { EvasionTests.check(c) }

    @Test("disguised swear words are masked", arguments: cases("prof", dirty: true))
    func profanity(_ c: Case) { EvasionTests.check(c) }

    @Test("words that resemble disguised swear words are untouched", arguments: cases("prof", dirty: false))
    func profanityLookAlikes(_ c: Case) { EvasionTests.check(c) }

    @Test("every family has at least 30 cases, as many look-alikes as dirty ones")
    func fixtureShape() {
        for family in ["phone", "email", "handle", "prof"] {
            let dirty = EvasionTests.cases(family, dirty: true).count
            let clean = EvasionTests.cases(family, dirty: false).count
            #expect(dirty + clean >= 30 && clean >= dirty, "\(family): \(dirty) dirty, \(clean) clean")
        }
    }

    @Test("undoing a disguise goes one way only")
    func undisguise() {
        #expect(ProfanityDetector.undisguised(Array("fvck".utf8)).map { String(decoding: $0, as: UTF8.self) } == "fuck")
        #expect(ProfanityDetector.undisguised(Array("azzhole".utf8)).map { String(decoding: $0, as: UTF8.self) } == "asshole")
        #expect(ProfanityDetector.undisguised(Array("fuqqing".utf8)).map { String(decoding: $0, as: UTF8.self) } == "fucking")
        #expect(ProfanityDetector.undisguised(Array("peru".utf8)) == nil)
        #expect(Shared.pipeline.moderate("a pizza and a puzzle for Peru").text == "a pizza and a puzzle for Peru")
    }

    @Test("a long message of digits and words stays linear")
    func longInput() {
        var s = ""
        var k = 0
        while s.count < 4000 {
            s += k % 3 == 0 ? "0\(k % 10)\(k % 7) " : (k % 3 == 1 ? "and then " : "seven ")
            k += 1
        }
        let v = Shared.pipeline.moderate(s)
        #expect(v.text != s)
        #expect(Shared.pipeline.moderate(v.text).text == v.text)
    }
}
