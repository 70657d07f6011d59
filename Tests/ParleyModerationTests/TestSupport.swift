import Foundation

@testable import ParleyModeration

/// Shared pipeline for tests (lexicons are loaded once).
enum Shared {
    static let pipeline: ModerationPipeline = {
        do { return try ModerationPipeline() } catch { fatalError("pipeline: \(error)") }
    }()

    /// Package root derived from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Substring of `text` covered by a finding (scalar offsets).
    static func slice(_ text: String, _ f: ModerationFinding) -> String {
        let s = Array(text.unicodeScalars)
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[f.start..<f.end])
        return String(v)
    }
}

/// Small deterministic PRNG (SplitMix64) for property tests.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
