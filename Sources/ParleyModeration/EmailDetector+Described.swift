/// E-mail addresses written around the usual syntax: "lena-at-shop-dot-com" (separators wrapped
/// in '-' or '_'), and a local part named next to its provider ("my gmail is petra.k.flowers",
/// "hotmail: theo_b77", "my outlook is jo dash ellery").
extension EmailDetector {
    /// Provider names by hash.
    static let providerHashes = HashMap64(set: DomainSyntax.freemail.map { NormalizedText.hash($0) })

    /// Words between a provider and the local part.
    static let providerFillers: Set<String> = ["address", "addy", "email", "mail", "account", "acc", "id", "is", "its", "it", "s", "me", "on"]

    /// "name-at-host-dot-tld" (or with '_'): the '-' / '_' at `i` opens the at-word.
    func wrappedAddress(_ t: NormalizedText, _ i: Int) -> Hit? {
        let w = t.c[i]
        guard t[i + 1] == 0x61, t[i + 2] == 0x74, t[i + 3] == w, CharClass.isAlnum(t[i - 1]), CharClass.isAlnum(t[i + 4]) else { return nil }
        var a = i
        while a > 0, CharClass.isAlnum(t[a - 1]) || t[a - 1] == 0x2E { a -= 1 }
        while a < i && !CharClass.isAlnum(t[a]) { a += 1 }
        var labels: [(Int, Int)] = []
        var p = i + 4
        while labels.count < 6 {
            var e = p
            while e < t.count && CharClass.isAlnum(t.c[e]) { e += 1 }
            guard e > p else { break }
            labels.append((p, e))
            // the next separator: "-dot-" / "_dot_" or a plain '.'
            if t[e] == w, t.matches(Array("dot".utf8), at: e + 1), t[e + 4] == w, CharClass.isAlnum(t[e + 5]) {
                p = e + 5
            } else if t[e] == 0x2E, CharClass.isAlnum(t[e + 1]) {
                p = e + 1
            } else {
                break
            }
        }
        guard labels.count >= 2, let last = labels.last, DomainSyntax.tlds.contains(t.string(last.0, last.1)) else { return nil }
        return Hit(category: .email, start: a, end: last.1, priority: 0)
    }

    /// "my gmail is karolina.bees": a provider name, a few filler words or ':', then a local part
    /// that reads as one ('.', '_', a digit, or a spelled separator).
    func providerNamed(_ t: NormalizedText, _ i: Int) -> Hit? {
        var j = i
        while j < t.count && CharClass.isAlnum(t.c[j]) { j += 1 }
        guard j - i >= 3, EmailDetector.providerHashes.contains(t.hash(i, j)) else { return nil }
        var p = j
        var steps = 0
        while steps < 4 {
            while t[p] == 0x20 { p += 1 }
            let c = t[p]
            if c == 0x3A || c == 0x3D || c == 0x2D || c == 0x2192 || c == 0x27 {
                p += 1
                steps += 1
                continue
            }
            guard CharClass.isLower(c) else { break }
            var e = p
            while e < t.count && CharClass.isAlnum(t.c[e]) { e += 1 }
            guard EmailDetector.providerFillers.contains(t.string(p, e)), !(t[e] == 0x2E || t[e] == 0x5F) else { break }
            p = e
            steps += 1
        }
        guard CharClass.isAlnum(t[p]) else { return nil }
        let d = DomainSyntax.dottedForward(t, p, maxLabels: 6, words: DomainSyntax.nameWords)
        guard let first = d.labels.first, let last = d.labels.last else { return nil }
        let text = t.string(first.0, last.1)
        let marked = d.labels.count > 1 || text.contains(where: { $0 == "_" || $0.isNumber })
        guard marked, text.count >= 5, text.contains(where: { $0.isLetter }) else { return nil }
        // an address written out in full is the main rule's
        if t[last.1] == 0x40 { return nil }
        return Hit(category: .email, start: first.0, end: last.1, priority: 0)
    }
}
