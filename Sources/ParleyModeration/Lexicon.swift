import Foundation

/// Word lists loaded from `Lexicons/<lang>/*.txt` (bundled) and an optional operator folder.
///
/// All entries are normalized exactly like message text so that matching compares like
/// with like. Loading happens once, in ``ModerationPipeline/init(configuration:)``.
struct Lexicon: Sendable {
    /// How a profanity entry may match a word.
    enum Mode: Sendable { case exact, inflected, substring }

    /// Profanity entries: normalized letters and matching mode.
    var profanity: [(word: [UInt32], mode: Mode)] = []
    /// Allowed single words (normalized).
    var allowWords: Set<[UInt32]> = []
    /// Allowed phrases (normalized words).
    var allowPhrases: [[[UInt32]]] = []
    /// Spelled digits: word → digits ("" never); multipliers map to "x2" / "x3".
    var numberWords: [[UInt32]: String] = [:]

    /// Languages shipped with the library.
    static let bundledLanguages = ["en", "es", "de", "fr", "it", "pt", "nl"]

    /// Loads the bundled lexicons and, if given, the operator's directory on top.
    static func load(extraDirectory: String?) throws -> Lexicon {
        var raw = RawLists()
        if let base = Bundle.module.url(forResource: "Lexicons", withExtension: nil) {
            try raw.read(directory: base, strict: false)
        } else {
            throw ModerationError.lexiconMissing("bundled Lexicons folder not found")
        }
        if let extra = extraDirectory {
            let url = URL(fileURLWithPath: extra, isDirectory: true)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: extra, isDirectory: &isDir), isDir.boolValue else {
                throw ModerationError.lexiconMissing("lexicon directory \(extra) does not exist")
            }
            try raw.read(directory: url, strict: true)
        }
        return raw.build()
    }

    /// Normalizes one lexicon entry or phrase word.
    static func norm(_ s: String) -> [UInt32] {
        let t = Normalizer.normalize(Array(s.unicodeScalars))
        return t.c.filter { $0 != 0x20 }
    }
}

/// Errors thrown while building a pipeline.
public enum ModerationError: Error, Sendable, CustomStringConvertible {
    /// A lexicon folder or file could not be found or read.
    case lexiconMissing(String)
    /// A policy rule could not be parsed.
    case badRule(String)

    /// Human-readable description.
    public var description: String {
        switch self {
        case .lexiconMissing(let m): return m
        case .badRule(let m): return "bad moderation rule \(m)"
        }
    }
}

/// Ordered entry sets (with removals) before normalization.
private struct RawLists {
    var profanity: [String] = []
    var allow: [String] = []
    var numbers: [String] = []

    mutating func read(directory: URL, strict: Bool) throws {
        let fm = FileManager.default
        let langs = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        for lang in langs.sorted() {
            var isDir: ObjCBool = false
            let dir = directory.appendingPathComponent(lang)
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            merge(&profanity, try lines(dir.appendingPathComponent("profanity.txt")))
            merge(&allow, try lines(dir.appendingPathComponent("allow.txt")))
            merge(&numbers, try lines(dir.appendingPathComponent("numbers.txt")))
        }
    }

    private func lines(_ url: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [String] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var l = Substring(line)
            if let h = l.firstIndex(of: "#") { l = l[..<h] }
            let t = l.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { out.append(t) }
        }
        return out
    }

    private func merge(_ list: inout [String], _ new: [String]) {
        for e in new {
            if e.hasPrefix("-") && e.count > 1 {
                let victim = String(e.dropFirst())
                list.removeAll { $0 == victim || $0 == victim + "+" || $0 == "*\(victim)*" }
            } else if !list.contains(e) {
                list.append(e)
            }
        }
    }

    func build() -> Lexicon {
        var lex = Lexicon()
        var seen = Set<[UInt32]>()
        for entry in profanity {
            var w = entry
            var mode = Lexicon.Mode.exact
            if w.hasPrefix("*") && w.hasSuffix("*") && w.count > 2 {
                mode = .substring
                w = String(w.dropFirst().dropLast())
            } else if w.hasSuffix("+") {
                mode = .inflected
                w = String(w.dropLast())
            }
            let n = Lexicon.norm(w)
            guard n.count >= 2, n.allSatisfy({ CharClass.isLower($0) || $0 >= 0x80 }) else { continue }
            if seen.insert(n).inserted { lex.profanity.append((n, mode)) }
        }
        for entry in allow {
            let words = entry.split(separator: " ").map { Lexicon.norm(String($0)) }.filter { !$0.isEmpty }
            if words.count == 1 { lex.allowWords.insert(words[0]) } else if words.count > 1 { lex.allowPhrases.append(words) }
        }
        for entry in numbers {
            let parts = entry.split(separator: " ")
            guard parts.count == 2 else { continue }
            lex.numberWords[Lexicon.norm(String(parts[0]))] = String(parts[1])
        }
        return lex
    }
}
