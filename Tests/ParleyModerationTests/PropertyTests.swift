import Foundation
import Testing

@testable import ParleyModeration

@Suite("Property tests")
struct PropertyTests {
    static let pools: [[String]] = [
        ["a", "b", "e", "f", "k", "s", "t", "o", "l", "i", " ", " ", ".", ",", "@", "-", "*", "$", "!", "/", "(", ")", ":"],
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", " "],
        ["😀", "👍🏽", "👨\u{200D}👩\u{200D}👧", "❤️", "0️⃣", "7️⃣", "💜", "🇬🇧"],
        ["\u{0301}", "\u{0308}", "\u{200B}", "\u{200D}", "\u{00AD}", "\u{FE0F}", "\u{2060}"],
        ["а", "е", "о", "р", "с", "ѕ", "і", "Б", "Ж", "ω", "α", "Ω"],
        ["ａ", "ｆ", "１", "７", "＠", "．", "𝐬", "𝟕", "٣", "७", "ᴀ"],
        ["fuck", "shit", "gmail", "dot", "com", "at", "insta", "whatsapp", "seven", "oh", "double", "call", "hello", "classic"],
    ]

    static func randomText(_ rng: inout SeededRNG) -> String {
        let len = Int(rng.next() % 60)
        var s = ""
        for _ in 0..<len {
            let pool = pools[Int(rng.next() % UInt64(pools.count))]
            s += pool[Int(rng.next() % UInt64(pool.count))]
        }
        return s
    }

    /// The output is exactly: original scalars outside findings, byte for byte, with one
    /// placeholder per masked finding.
    static func outsideUnchanged(_ text: String, _ v: ModerationVerdict) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var expected: [Unicode.Scalar] = []
        var pos = 0
        for f in v.findings where f.category != .solicitation {
            guard f.start >= pos else { return false }
            expected.append(contentsOf: scalars[pos..<f.start])
            expected.append(contentsOf: Masker.placeholder(f.category, firstScalar: scalars[f.start]).unicodeScalars)
            pos = f.end
        }
        expected.append(contentsOf: scalars[pos...])
        return Array(v.text.unicodeScalars) == expected && Array(v.text.utf8).count == expected.reduce(0) { $0 + String($1).utf8.count }
    }

    @Test func randomUnicodeNeverCrashesAndKeepsInvariants() {
        var rng = SeededRNG(seed: UInt64(ProcessInfo.processInfo.environment["PARLEY_PROP_SEED"] ?? "") ?? 0xC0FFEE)
        let iterations = Int(ProcessInfo.processInfo.environment["PARLEY_PROP_ITER"] ?? "") ?? 3000
        for _ in 0..<iterations {
            let text = PropertyTests.randomText(&rng)
            let v = Shared.pipeline.moderate(text)
            let n = text.unicodeScalars.count
            for f in v.findings { #expect(f.start >= 0 && f.start < f.end && f.end <= n, "\(text.debugDescription)") }
            #expect(v.flagged == !v.findings.isEmpty)
            if !v.findings.contains(where: { $0.category != .solicitation }) { #expect(v.text == text) }
            #expect(PropertyTests.outsideUnchanged(text, v), "\(text.debugDescription) -> \(v.text.debugDescription)")
            let again = Shared.pipeline.moderate(v.text).text
            #expect(again == v.text, "not idempotent: \(text.debugDescription) -> \(v.text.debugDescription) -> \(again.debugDescription)")
        }
    }

    @Test func fastPathAgreesWithFullPipeline() {
        var rng = SeededRNG(seed: UInt64(ProcessInfo.processInfo.environment["PARLEY_PROP_SEED"] ?? "") ?? 42)
        let words = [
            "the", "cake", "call", "me", "at", "dot", "com", "seven", "one", "two", "oh", "whatsapp", "insta", "fuck",
            "shitake", "classic", "my", "number", "is", "off", "the", "app", "f", "u", "c", "k", "a", "5", "07812",
            "559", "301", "hello", ".", ",", "!", "-", "we", "can", "chat", "on", "pay", "cash", "scunthorpe", "bitchy",
            "4pm", "2kg", "14th", "3x4", "£75", "$980.00", "20%", "(reception)", "(", ")", "#tag", "12:30", "01/07",
            "2025-08-23", "7.30am", "😀", "💜", "—", "’", "€", "double", "triple", "and", "then", "nine", "zero",
            "dot", "com", "co", "uk", "example.com", "sh1t", "a$$", "f*ck", "I", "x", "o", "s", "h", "i", "t", "my",
            "insta", "is", "number", "after", "booking", "send", "website", "ring", "whats", "app", "1", "2", "3",
            "café", "fünf", "Scheiße", "ñ", "é", "¡", "¿", "«", "»", "€5", "sh€t", "¡hola", "coño", "ß", "©", "×",
            "“quoted”", "…", "👍🏽", "0️⃣", "ça", "Düsseldorf", "(at)", "(dot)", "[.]", "niño", "año",
            "[phone removed]", "[email removed]", "[link removed]", "[contact removed]", "f***", "s***", "***", "[", "]",
        ]
        let iterations = Int(ProcessInfo.processInfo.environment["PARLEY_PROP_ITER"] ?? "") ?? 6000
        for _ in 0..<iterations {
            var s = ""
            for _ in 0..<Int(rng.next() % 25) {
                let w = words[Int(rng.next() % UInt64(words.count))]
                s += (rng.next() % 4 == 0 ? "" : " ") + (rng.next() % 5 == 0 ? w.uppercased() : w)
            }
            let fast = Shared.pipeline.moderate(s)
            let full = Shared.pipeline.moderateFully(s)
            #expect(fast == full, "\(s.debugDescription)")
        }
    }
}
