import Foundation

/// Finds swear words and slurs from the lexicons, robust to leetspeak (`sh1t`, `a$$`),
/// symbols (`f*ck`), repeated letters (`fuuuck`), spacing/dotting (`f u c k`, `s.h.i.t`),
/// look-alike letters and zero-width characters, without the Scunthorpe problem: words
/// match whole, except stems marked as compound-forming, and allow lists win.
struct ProfanityDetector: Sendable {
    struct Form: Sendable {
        var letters: [UInt8]
        var runs: [(UInt8, Int)]
        var substring: Bool
    }

    private(set) var forms: [Form] = []
    private var exactLists: [UInt64: [Int]] = [:]
    /// Collapsed-form hash → index into `exactIndex`.
    var exact = HashMap64([])
    private var exactIndex: [[Int]] = []
    private var stems: [[UInt8]] = []
    private var stemRuns: [[(UInt8, Int)]] = []
    /// Raw (uncollapsed) stems, for wildcard matching anywhere in a word.
    private var rawStems: [[UInt8]] = []
    /// Whole-word forms by first letter, for wildcard matching.
    private var byFirst: [[Int]] = Array(repeating: [], count: 26)
    private var allowWords: Set<[UInt8]> = []
    /// 26×26 bitmap of the first two (collapsed) letters of every stem.
    var stemPairs = [Bool](repeating: false, count: 26 * 26)
    private var allowPhrases: [[[UInt8]]] = []
    /// Key hashes (``keyHash(_:)``) of whole-word forms, and plain hashes of their swaps.
    private(set) var disguiseKeys = HashMap64([])

    static let suffixes = [
        "s", "es", "ed", "er", "ers", "ing", "in", "y", "ie", "ies", "head", "heads",
        "hole", "holes", "face", "bag", "bags", "wit", "wits", "off", "tard",
    ]

    init(lexicon: Lexicon) {
        for (word, mode) in lexicon.profanity {
            guard word.allSatisfy({ $0 < 0x80 }) else { continue }
            let base = word.map { UInt8($0) }
            var variants = [base]
            if mode != .exact {
                for s in ProfanityDetector.suffixes { variants.append(base + Array(s.utf8)) }
            }
            if mode == .substring {
                stems.append(ProfanityDetector.collapse(base))
                rawStems.append(base)
                stemRuns.append(ProfanityDetector.runs(base))
            }
            for v in variants { addForm(v, substring: mode == .substring) }
        }
        for st in stems where st.count >= 2 && CharClass.isLower(UInt32(st[0])) && CharClass.isLower(UInt32(st[1])) {
            stemPairs[Int(st[0] - 0x61) * 26 + Int(st[1] - 0x61)] = true
        }
        for (k, f) in forms.enumerated() where !f.substring {
            if let c = f.letters.first, c >= 0x61 && c <= 0x7A { byFirst[Int(c - 0x61)].append(k) }
        }
        var pairs: [(UInt64, Int32)] = []
        for (h, list) in exactLists {
            pairs.append((h, Int32(exactIndex.count)))
            exactIndex.append(list)
        }
        exact = HashMap64(pairs)
        let keys = forms.filter { $0.letters.count >= 4 }.map { ProfanityDetector.keyHash($0.letters) }
        disguiseKeys = HashMap64(set: keys + ProfanityDetector.swapHashes(forms))
        for w in lexicon.allowWords where w.allSatisfy({ $0 < 0x80 }) {
            allowWords.insert(w.map { UInt8($0) })
        }
        for p in lexicon.allowPhrases where p.allSatisfy({ $0.allSatisfy { $0 < 0x80 } }) {
            allowPhrases.append(p.map { ProfanityDetector.collapse($0.map { UInt8($0) }) })
        }
    }

    static func runs(_ letters: [UInt8]) -> [(UInt8, Int)] {
        var runs: [(UInt8, Int)] = []
        for b in letters {
            if let last = runs.last, last.0 == b { runs[runs.count - 1].1 += 1 } else { runs.append((b, 1)) }
        }
        return runs
    }

    private mutating func addForm(_ letters: [UInt8], substring: Bool) {
        let runs = ProfanityDetector.runs(letters)
        forms.append(Form(letters: letters, runs: runs, substring: substring))
        exactLists[ProfanityDetector.hash(ProfanityDetector.collapse(letters)), default: []].append(forms.count - 1)
    }

    static func collapse(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        for b in s where out.last != b { out.append(b) }
        return out
    }

    @inline(__always) static func hash<C: Collection>(_ s: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    /// True if the collapsed word is a whole-word entry hash (used by the fast pre-scan).
    func hasExactHash(_ h: UInt64) -> Bool { exact.contains(h) }
    /// Collapsed compound stems (used by the fast pre-scan).
    var stemList: [[UInt8]] { stems }

    func detect(_ t: NormalizedText, into hits: inout [Hit]) {
        let cands = tokens(t, onlyCandidates: true)
        if cands.isEmpty { return }
        var all: [Token]? = nil
        var collapsed: [[UInt8]] = []
        var k = 0  // candidates come in text order: the index in `all` only moves forward
        for tok in cands {
            guard matches(tok) else { continue }
            if !allowPhrases.isEmpty {
                if all == nil {
                    all = tokens(t)
                    collapsed = all!.map { ProfanityDetector.collapse($0.letters) }
                }
                while k < all!.count && all![k].a < tok.a { k += 1 }
                if k < all!.count && all![k].a == tok.a && all![k].b == tok.b && inAllowedPhrase(k, collapsed) { continue }
            }
            if ProfanityDetector.clean(inOtherLanguage: tok, t) { continue }
            hits.append(Hit(category: .profanity, start: tok.a, end: tok.b, priority: 4))
        }
    }

    func matches(_ tok: Token) -> Bool {
        // swear words are short; very long tokens only get the (iterative) whole-word test
        if tok.letters.count > 64 { return !tok.wild && matchesOnce(tok) }
        if matchesOnce(tok) { return true }
        // symbols may stand for any letter ("f@ck"), and separators may be noise ("f_u_c_k")
        if !tok.flex.isEmpty {
            var t2 = tok
            for k in tok.flex { t2.letters[k] = 0x2A }
            t2.wild = true
            if t2.letters.filter({ $0 == 0x2A }).count < t2.letters.filter({ $0 != 0x2A }).count, matchesOnce(t2) { return true }
        }
        if matchesDisguised(tok) { return true }
        if tok.wild {
            var t3 = tok
            t3.letters = tok.letters.filter { $0 != 0x2A }
            t3.wild = false
            if t3.letters.count >= 3, matchesOnce(t3) { return true }
        }
        return false
    }

    func matchesOnce(_ tok: Token) -> Bool {
        let col = ProfanityDetector.collapse(tok.letters)
        if allowWords.contains(tok.letters) { return false }
        if !tok.wild {
            if let idx = exact[ProfanityDetector.hash(col)] {
                for f in exactIndex[Int(idx)] where runsMatch(tok.letters, forms[f]) { return true }
            }
            var tr: [(UInt8, Int)]? = nil
            for (k, s) in stems.enumerated() where s.count <= col.count && contains(col, s) {
                if tr == nil { tr = ProfanityDetector.runs(tok.letters) }
                if runsContain(tr!, stemRuns[k]) { return true }
            }
            return false
        }
        for st in rawStems where st.count <= tok.letters.count {
            for off in 0...(tok.letters.count - st.count) where wildMatch(tok.letters, off, st, 0, prefixFree: true) { return true }
        }
        if let c = tok.letters.first, c >= 0x61 && c <= 0x7A {
            for k in byFirst[Int(c - 0x61)] where forms[k].letters.count <= tok.letters.count {
                if wildMatch(tok.letters, 0, forms[k].letters, 0, prefixFree: false) { return true }
            }
        }
        return false
    }

    /// True for allowed words (never profane).
    func allowWordsContain(_ letters: [UInt8]) -> Bool { allowWords.contains(letters) }

    /// Whole-word forms only (no compound stems), with the usual letter-run rules.
    func matchesWhole(_ tok: Token) -> Bool {
        if allowWords.contains(tok.letters) { return false }
        guard let idx = exact[ProfanityDetector.hash(ProfanityDetector.collapse(tok.letters))] else { return false }
        for f in exactIndex[Int(idx)] where runsMatch(tok.letters, forms[f]) { return true }
        return false
    }

    private func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty || needle.count > hay.count { return false }
        outer: for i in 0...(hay.count - needle.count) {
            for j in 0..<needle.count where hay[i + j] != needle[j] { continue outer }
            return true
        }
        return false
    }

    /// Token runs contain the stem's runs consecutively, each at least min(count, 2) long.
    private func runsContain(_ t: [(UInt8, Int)], _ s: [(UInt8, Int)]) -> Bool {
        if s.count > t.count { return false }
        outer: for i in 0...(t.count - s.count) {
            for j in 0..<s.count where t[i + j].0 != s[j].0 || t[i + j].1 < min(s[j].1, 2) { continue outer }
            return true
        }
        return false
    }

    private func runsMatch(_ letters: [UInt8], _ f: Form) -> Bool {
        var k = 0
        var i = 0
        while i < letters.count {
            let b = letters[i]
            var cnt = 0
            while i < letters.count && letters[i] == b {
                i += 1
                cnt += 1
            }
            guard k < f.runs.count, f.runs[k].0 == b else { return false }
            if cnt < min(f.runs[k].1, 2) { return false }
            k += 1
        }
        return k == f.runs.count
    }

    /// Token `t[i...]` against form `f[j...]`: letters equal (token may repeat a letter),
    /// each '*' stands for one letter. With `prefixFree`, the token may continue after `f`.
    private func wildMatch(_ t: [UInt8], _ i: Int, _ f: [UInt8], _ j: Int, prefixFree: Bool) -> Bool {
        if j == f.count { return prefixFree || i == t.count || t[i...].allSatisfy { $0 == f[j - 1] } }
        if i == t.count { return false }
        let c = t[i]
        if c == 0x2A { return wildMatch(t, i + 1, f, j + 1, prefixFree: prefixFree) }
        if c == f[j] && wildMatch(t, i + 1, f, j + 1, prefixFree: prefixFree) { return true }
        if j > 0 && c == f[j - 1] && c != 0x2A { return wildMatch(t, i + 1, f, j, prefixFree: prefixFree) }
        return false
    }

    private func inAllowedPhrase(_ k: Int, _ col: [[UInt8]]) -> Bool {
        for p in allowPhrases {
            for (pi, w) in p.enumerated() where w == col[k] {
                let s = k - pi
                if s < 0 || s + p.count > col.count { continue }
                var ok = true
                for m in 0..<p.count where col[s + m] != p[m] {
                    ok = false
                    break
                }
                if ok { return true }
            }
        }
        return false
    }
}
