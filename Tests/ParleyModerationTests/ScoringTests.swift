import Foundation
import ParleyTestSupport
import Testing

/// Runs the shared scorer (`../shared/moderation/score.py`) against the built `parley` binary.
enum ScoreEnv {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var scorer: URL { root.deletingLastPathComponent().appendingPathComponent("shared/moderation/score.py") }
    static var isCI: Bool { TestEnvironment.isCI }
    /// The debug binary the test command builds (or `PARLEY_BIN`).
    static var binary: String? {
        if let b = ProcessInfo.processInfo.environment["PARLEY_BIN"], FileManager.default.isExecutableFile(atPath: b) { return b }
        let path = root.appendingPathComponent(".build/debug/parley").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// The sources the binary's `moderate` is built from that are newer than the binary: a stale binary would score
    /// code that is no longer there.
    static func newerSources(than binary: String) -> [String] {
        let files = FileManager.default
        guard let built = (try? files.attributesOfItem(atPath: binary))?[.modificationDate] as? Date else { return [binary] }
        var newer: [String] = []
        for folder in ["Sources/ParleyModeration", "Sources/parley"] {
            let base = root.appendingPathComponent(folder)
            for case let relative as String in files.enumerator(atPath: base.path) ?? FileManager.DirectoryEnumerator() {
                let path = base.appendingPathComponent(relative).path
                if let changed = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date, changed > built {
                    newer.append(folder + "/" + relative)
                }
            }
        }
        return newer
    }

    /// The scorer exists and the built binary has the `moderate` subcommand.
    static let available: Bool = {
        guard FileManager.default.fileExists(atPath: scorer.path), let bin = binary else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["moderate", "--help"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    struct Result {
        var recall: Double
        var fpr: Double
        var perKind: [String: Double]
        var output: String
    }

    /// Scores `corpus` with the scorer, on a thread of its own (the run takes seconds).
    static func run(corpus: URL) async throws -> Result {
        try await offThePool { try scoreBlocking(corpus: corpus) }
    }

    static func scoreBlocking(corpus: URL) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", scorer.path, corpus.path, "--system", "\(binary!) moderate", "--no-tags"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let out = String(decoding: data, as: UTF8.self)
        var per: [String: Double] = [:]
        var recall = -1.0, fpr = -1.0
        for line in out.split(separator: "\n") {
            let cols = line.split(separator: " ", omittingEmptySubsequences: true)
            if cols.count == 4, ["phone", "email", "url", "handle", "profanity"].contains(String(cols[0])), let r = Double(cols[3]) {
                per[String(cols[0])] = r
            }
            if line.hasPrefix("recall=") {
                for kv in line.split(separator: " ") {
                    let parts = kv.split(separator: "=")
                    if parts.count == 2, let v = Double(parts[1]) {
                        if parts[0] == "recall" { recall = v } else if parts[0] == "fpr" { fpr = v }
                    }
                }
            }
        }
        return Result(recall: recall, fpr: fpr, perKind: per, output: out)
    }
}

@Suite("Scoring against the labeled examples")
struct ScoringTests {
    @Test(
        "examples.jsonl meets the recall/fpr thresholds",
        .enabled(if: ScoreEnv.available || ScoreEnv.isCI, "score.py or a parley binary with `moderate` not found (run `swift build` first)"))
    func examples() async throws {
        #expect(ScoreEnv.available, "score.py (\(ScoreEnv.scorer.path)) or `parley moderate` missing")
        guard ScoreEnv.available, let binary = ScoreEnv.binary else { return }
        let stale = ScoreEnv.newerSources(than: binary)
        #expect(stale.isEmpty, "\(binary) is older than \(stale.prefix(3)): run swift build before scoring")
        let corpus = ScoreEnv.root.appendingPathComponent("Tests/ParleyModerationTests/Fixtures/examples.jsonl")
        let r = try await ScoreEnv.run(corpus: corpus)
        #expect(r.recall >= 0.97, "\(r.output)")
        #expect(r.fpr >= 0 && r.fpr <= 0.01, "\(r.output)")
        for kind in ["phone", "email", "url", "handle", "profanity"] {
            #expect((r.perKind[kind] ?? 0) >= 0.95, "\(kind): \(r.output)")
        }
    }

    /// Scores `file` (in `Fixtures/`) and checks its bar; `perKind` applies to the listed kinds.
    static func meets(_ file: String, recall: Double, fpr: Double, perKind: (Double, [String])? = nil) async throws {
        guard ScoreEnv.available, let binary = ScoreEnv.binary else {
            Issue.record("score.py or parley binary missing")
            return
        }
        #expect(ScoreEnv.newerSources(than: binary).isEmpty, "\(binary) is older than its sources: run swift build")
        let corpus = ScoreEnv.root.appendingPathComponent("Tests/ParleyModerationTests/Fixtures/" + file)
        let r = try await ScoreEnv.run(corpus: corpus)
        #expect(r.recall >= recall, "\(r.output)")
        #expect(r.fpr >= 0 && r.fpr <= fpr, "\(r.output)")
        for kind in perKind?.1 ?? [] {
            #expect((r.perKind[kind] ?? 0) >= perKind!.0, "\(kind): \(r.output)")
        }
    }

    @Test(
        "own extra cases meet the thresholds too",
        .enabled(if: ScoreEnv.available || ScoreEnv.isCI, "score.py or the parley binary not found"))
    func extra() async throws {
        try await ScoringTests.meets("extra.jsonl", recall: 0.95, fpr: 0.02)
    }

    @Test(
        "evasions.jsonl (the evasion families) meets its thresholds",
        .enabled(if: ScoreEnv.available || ScoreEnv.isCI, "score.py or the parley binary not found"))
    func evasions() async throws {
        try await ScoringTests.meets("evasions.jsonl", recall: 0.98, fpr: 0.005, perKind: (0.95, ["phone", "email", "handle", "profanity"]))
    }
}
