import Foundation
import Testing

@testable import ParleyModeration

/// The pre-scan of masked output (`maskingOnly`) may only call a text clean when the detectors find nothing in it:
/// otherwise moderating the output again would mask more.
@Suite("Pre-scan of masked output")
struct MaskedOutputScanTests {
    static let words = [
        "whatsapp", "insta", "instagram", "snap", "telegram", "line", "signal", "handle", "username", "paypal", "gmail",
        "my", "is", "me", "on", "at", "via", "in", "no", "add", "find", "dm", "call", "text", "the", "cake", "all", "one",
        "word", "together", "everywhere", "dot", "dash", "underscore", "petra", "flowers", "lunabakes", "kofi", "beats",
        ":", ",", ".", "-", "07812", "559", "301", "seven", "oh", "+44", "[phone removed]", "[email removed]",
        "[link removed]", "[contact removed]", "[removed]", "f***", "shit",
    ]

    @Test func cleanMaskedOutputHasNothingToMask() {
        var rng = SeededRNG(seed: UInt64(ProcessInfo.processInfo.environment["PARLEY_PROP_SEED"] ?? "") ?? 99)
        let iterations = Int(ProcessInfo.processInfo.environment["PARLEY_PROP_ITER"] ?? "") ?? 6000
        var cleanOnes = 0
        for _ in 0..<iterations {
            var s = ""
            for _ in 0..<(1 + Int(rng.next() % 12)) {
                let w = MaskedOutputScanTests.words[Int(rng.next() % UInt64(MaskedOutputScanTests.words.count))]
                s += (s.isEmpty || rng.next() % 5 == 0 ? "" : " ") + (rng.next() % 6 == 0 ? w.uppercased() : w)
            }
            guard Shared.pipeline.prescan.isClean(s, maskingOnly: true) else { continue }
            cleanOnes += 1
            let scalars = Normalizer.scalars(s)
            var work = ModerationWork()
            #expect(Shared.pipeline.detect(scalars, Normalizer.normalize(scalars), work: &work).isEmpty, "\(s.debugDescription)")
        }
        #expect(cleanOnes > iterations / 20, "too few texts passed the pre-scan to test it")
    }

    @Test(
        "a platform name before a placeholder needs no second look",
        arguments: [
            "whatsapp [phone removed]", "my insta is [contact removed]", "Telegram: [contact removed] thanks",
        ])
    func platformBeforePlaceholder(text: String) {
        #expect(Shared.pipeline.prescan.isClean(text, maskingOnly: true))
    }

    @Test(
        "a platform name after a preposition or before a name still gets one",
        arguments: [
            "kofi.beats on insta [contact removed]", "petra dash flowers on insta [contact removed]", "insta lunabakes",
            "my insta is lunabakes [phone removed]",
        ])
    func platformStillChecked(text: String) {
        #expect(!Shared.pipeline.prescan.isClean(text, maskingOnly: true))
    }
}
