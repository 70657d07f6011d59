import Foundation
import Testing

@testable import ParleyModeration

/// Long messages cost work in proportion to their length: no step of the pipeline may go over every finding
/// again for each finding. Measured in counted steps (``ModerationPipeline/moderateFully(_:work:)``), never in time.
@Suite("Linear work on long messages")
struct LinearWorkTests {
    /// About `length` characters of digit groups and words, with phone numbers, split numbers and e-mails in
    /// between, so that masking and re-checking have many findings to place.
    static func digitsAndWords(_ length: Int, seed: UInt64) -> String {
        var rng = SeededRNG(seed: seed)
        let words = ["the", "box", "is", "and", "then", "size", "order", "call", "price", "seven", "oh", "zero", "at", "on", "kg"]
        let dirty = ["07812 559 301", "0745 and then 882 190", "anna.k@gmail.com", "+44 7723 410 986", "nine one seven two two eight"]
        var s = ""
        while s.utf8.count < length {
            switch rng.next() % 8 {
            case 0: s += dirty[Int(rng.next() % UInt64(dirty.count))]
            case 1, 2, 3: s += String(rng.next() % 100_000)
            default: s += words[Int(rng.next() % UInt64(words.count))]
            }
            s += rng.next() % 6 == 0 ? ", " : " "
        }
        return s
    }

    static func work(_ text: String) -> (ModerationWork, ModerationVerdict) {
        var work = ModerationWork()
        let verdict = Shared.pipeline.moderateFully(text, work: &work)
        return (work, verdict)
    }

    @Test("a long message of digits and words stays within a linear step budget", arguments: [1000, 4000, 16000])
    func linearBudget(length: Int) {
        let text = LinearWorkTests.digitsAndWords(length, seed: UInt64(length))
        let (work, verdict) = LinearWorkTests.work(text)
        #expect(verdict.findings.count >= length / 200, "the message should have many findings to place")
        // at most the first pass and three re-checks, each reading every scalar once
        let n = text.unicodeScalars.count
        #expect(work.scanned <= 4 * (n + 64), "\(work) for \(n) scalars")
        // placing a finding costs a binary search and its absorbed neighbours, not a walk over all the others
        let logPlaced = Int(log2(Double(max(2, work.placed)))) + 1
        #expect(work.placing <= 3 * work.placed * logPlaced, "\(work) for \(n) scalars")
        #expect(work.placed >= length / 100, "\(work): too few findings to measure placing")
    }

    @Test("a message repeated twice is masked like the message, twice")
    func repeatedMessage() {
        let text = LinearWorkTests.digitsAndWords(3000, seed: 5)
        let once = Shared.pipeline.moderate(text)
        let twice = Shared.pipeline.moderate(text + "\n:\n" + text)
        #expect(twice.text == once.text + "\n:\n" + once.text)
        #expect(twice.findings.count == 2 * once.findings.count)
    }
}
