/// Handles described rather than written: separators spelled out ("nora dot weaves",
/// "@ tomas underscore films"), a name spelled in words with "all one word" / "no spaces",
/// and a user name offered as the writer's identity everywhere ("I'm lenka_ceramics
/// everywhere", "I go by ezra.woodworks on every platform").
extension HandleDetector {
    static let spelledJoins: [[UInt8]] = ["dot", "underscore", "dash", "hyphen"].map { Array($0.utf8) }
    /// Phrases saying that the words before or after are one name.
    static let oneWordCues: [[UInt8]] = ["one word", "no spaces", "no space", "without spaces", "no gaps", "together"].map {
        Array($0.utf8)
    }
    /// Words that end a described name when walking back from "on <platform>".
    static let describeStops: Set<String> = [
        "up", "search", "follow", "find", "type", "in", "for", "me", "us", "add", "check", "out", "look", "try",
        "under", "is", "its", "called", "name", "named", "handle", "the", "at", "on", "then", "just",
    ]
    /// Words that present a user name as the writer ("I'm …", "as …", "go by …").
    static let selfCues: Set<String> = ["im", "as", "by", "called", "am"]
    static let selfCueHashes = HashMap64(words: selfCues)
    static let platformHashes = HashMap64(words: platforms)

    /// End of `label (spelled-join label)*` continuing a name that ends at `e`, and whether a join was found.
    static func spelledEnd(_ t: NormalizedText, _ e: Int) -> Int {
        var end = e
        while true {
            var p = end
            guard t[p] == 0x20 else { return end }
            while t[p] == 0x20 { p += 1 }
            guard let w = spelledJoins.first(where: { t.matches($0, at: p) && t[p + $0.count] == 0x20 }) else { return end }
            var q = p + w.count
            while t[q] == 0x20 { q += 1 }
            guard CharClass.isAlnum(t[q]) else { return end }
            while q < t.count && (CharClass.isAlnum(t.c[q]) || t.c[q] == 0x5F) { q += 1 }
            end = q
        }
    }

    /// Start of `(label spelled-join)* label` ending with the name that starts at `a`.
    static func spelledStart(_ t: NormalizedText, _ a: Int) -> Int {
        var start = a
        while true {
            var p = start
            guard p > 0, t[p - 1] == 0x20 else { return start }
            while p > 0 && t[p - 1] == 0x20 { p -= 1 }
            guard let w = spelledJoins.first(where: { p - $0.count > 0 && t.matches($0, at: p - $0.count) && t[p - $0.count - 1] == 0x20 })
            else { return start }
            var q = p - w.count
            while q > 0 && t[q - 1] == 0x20 { q -= 1 }
            guard q > 0, CharClass.isAlnum(t[q - 1]) else { return start }
            while q > 0 && (CharClass.isAlnum(t[q - 1]) || t[q - 1] == 0x5F) { q -= 1 }
            start = q
        }
    }

    /// "@ tomas underscore films", "@ lou dot prints": an '@' and a spelled-out name.
    func spacedAt(_ t: NormalizedText, _ i: Int) -> Hit? {
        var p = i + 1
        guard t[p] == 0x20 else { return nil }
        while t[p] == 0x20 && p - i < 3 { p += 1 }
        guard CharClass.isLower(t[p]) else { return nil }
        var e = p
        while e < t.count && (CharClass.isAlnum(t.c[e]) || t.c[e] == 0x5F || t.c[e] == 0x2E) { e += 1 }
        while e > p && t.c[e - 1] == 0x2E { e -= 1 }
        let joined = HandleDetector.spelledEnd(t, e)
        let marked = joined > e || t.string(p, e).contains(where: { $0 == "_" || $0 == "." })
        return marked ? Hit(category: .handle, start: i, end: joined, priority: 1, rank: 0) : nil
    }

    /// Described handles anywhere in the message (see the type's summary).
    func detectDescribed(_ t: NormalizedText, into hits: inout [Hit]) {
        var cue = -1
        for i in 0..<t.count where t.c[i] == 0x6F || t.c[i] == 0x6E || t.c[i] == 0x77 || t.c[i] == 0x74 {
            if !CharClass.isAlnum(t[i - 1]) && HandleDetector.oneWordCues.contains(where: { t.matches($0, at: i) }) {
                cue = i
                break
            }
        }
        var i = 0
        let n = t.count
        var prevWord = (0, 0)
        while i < n {
            guard CharClass.isAlnum(t.c[i]), !CharClass.isAlnum(t[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            while j < n && (CharClass.isAlnum(t.c[j]) || t.c[j] == 0x5F || (t.c[j] == 0x2E && CharClass.isAlnum(t[j + 1]))) { j += 1 }
            if cue >= 0, HandleDetector.platformHashes.contains(t, i, j), let h = wordsBefore(t, i, cue: cue) { hits.append(h) }
            if t.c[i..<j].contains(where: { $0 == 0x5F || $0 == 0x2E }) {
                let (a, b) = prevWord
                let selfCue =
                    HandleDetector.selfCueHashes.contains(t, a, b) || (b - a == 1 && t.c[a] == 0x6D && (t[a - 1] == 0x27 || t[a - 1] == 0x2019))
                if let h = selfNamed(t, i, j, t.string(i, j), selfCue: selfCue) { hits.append(h) }
            }
            prevWord = (i, j)
            i = j
        }
    }

    /// "look up rosa m bakes on instagram, all one word": the words between a verb and "on <platform>".
    private func wordsBefore(_ t: NormalizedText, _ kw: Int, cue: Int) -> Hit? {
        var p = kw
        while p > 0 && t[p - 1] == 0x20 { p -= 1 }
        var q = p
        while q > 0 && CharClass.isLower(t[q - 1]) { q -= 1 }
        guard ["on", "at", "via", "in"].contains(t.string(q, p)) else { return nil }
        var end = q
        while end > 0 && t[end - 1] == 0x20 { end -= 1 }
        var start = end
        var words = 0
        while words < 5 {
            var a = start
            while a > 0 && t[a - 1] == 0x20 { a -= 1 }
            guard a > 0, CharClass.isAlnum(t[a - 1]) else { break }
            var b = a
            while b > 0 && CharClass.isAlnum(t[b - 1]) { b -= 1 }
            if HandleDetector.describeStops.contains(t.string(b, a)) && words > 0 { break }
            if HandleDetector.describeStops.contains(t.string(b, a)) { return nil }
            start = b
            words += 1
        }
        guard words >= 2, abs(cue - kw) < 40 else { return nil }
        return Hit(category: .handle, start: start, end: end, priority: 1, rank: 0)
    }

    /// "I'm lenka_ceramics everywhere", "I go by ezra.woodworks on every platform".
    private func selfNamed(_ t: NormalizedText, _ a: Int, _ e: Int, _ word: String, selfCue: Bool) -> Hit? {
        guard e - a >= 6, CharClass.isLower(t[a]), t[a - 1] != 0x40, t[a - 1] != 0x2F else { return nil }
        if let dot = word.lastIndex(of: ".") {
            let ext = String(word[word.index(after: dot)...])
            if HandleDetector.fileExtensions.contains(ext) || DomainSyntax.tlds.contains(ext) { return nil }
        }
        var k = e
        while t[k] == 0x20 { k += 1 }
        var m = k
        while m < t.count && CharClass.isLower(t.c[m]) { m += 1 }
        let next = t.string(k, m)
        let everywhere = next == "everywhere" || (next == "on" && (t.matches(Array(" every".utf8), at: m) || t.matches(Array(" all".utf8), at: m)))
        let underscore = word.contains("_")
        guard everywhere || (selfCue && underscore) else { return nil }
        return Hit(category: .handle, start: a, end: e, priority: 1, rank: 0)
    }
}
