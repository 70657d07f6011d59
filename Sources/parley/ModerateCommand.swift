import ArgumentParser
import Foundation
import ParleyModeration

/// `parley moderate`: moderates JSON lines from stdin, or benchmarks the pipeline.
///
/// Input lines are `{"id": …, "text": "…"}`; each output line is
/// `{"id": …, "text": "<moderated>", "action": "…", "flagged": bool, "findings": [{"category", "start", "end"}]}`
/// in input order. A malformed line yields `{"id": null, "error": "…"}` (with the id when it
/// could be read) and processing continues.
struct ModerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderate",
        abstract: "Moderate chat messages given as JSON lines on stdin."
    )

    @Option(name: .customLong("lexicon-dir"), help: "Folder with extra/override lexicons (<lang>/profanity.txt, allow.txt, numbers.txt).")
    var lexiconDir: String?

    @Flag(name: .customLong("benchmark"), help: "Benchmark the pipeline on generated messages instead of reading stdin.")
    var benchmark = false

    @Option(name: .customLong("benchmark-count"), help: "Messages per benchmark mix.")
    var benchmarkCount = 200_000

    @Option(name: .customLong("rule"), help: "Policy rule as category=mask|block|hold (repeatable).")
    var rules: [String] = []

    @Flag(name: .customLong("line-buffered"), help: "Flush stdout after every line (interactive use).")
    var lineBuffered = false

    func run() async throws {
        let map: [ModerationCategory: ModerationRule]
        do { map = try ModerationConfiguration.parseRules(rules) } catch { throw ValidationError("\(error)") }
        let pipeline = try ModerationPipeline(configuration: .init(rules: map, lexiconDirectory: lexiconDir))
        if benchmark {
            ModerateBenchmark(pipeline: pipeline, count: max(1000, benchmarkCount)).run()
            return
        }
        var out = ModerateOutput(lineBuffered: lineBuffered)
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            out.write(ModerateLine.process(line, pipeline))
        }
        out.flush()
    }
}
