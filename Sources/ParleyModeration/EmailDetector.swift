import Foundation

/// Finds e-mail addresses, plain and obfuscated: `name@host.tld`, `name at gmail dot com`,
/// `name(at)mail(dot)de`, `[at]`/`[dot]`, `arroba`/`punto`, spaced letters, fullwidth `＠`
/// and look-alike letters (the latter two are folded by the normalizer).
struct EmailDetector {
    static let localStop: Set<String> = [
        "me", "us", "you", "him", "her", "them", "it", "this", "that", "here", "there", "is",
        "more", "look", "be", "meet", "see", "arrive", "stay", "am", "are", "was", "were",
        "available", "one", "up", "off", "out", "back", "home", "work", "pics", "photos",
        "details", "price", "look", "looking", "visit", "us", "online", "available", "find", "found", "check", "prices", "started", "start", "finish",
        "done", "leave",
        "cards", "cost", "costs", "rate", "only", "just", "and", "or", "good", "great", "best",
    ]

    func detect(_ t: NormalizedText, into hits: inout [Hit]) {
        let n = t.count
        var i = 0
        while i < n {
            let c = t.c[i]
            if c == 0x40 {  // literal '@'
                var a = i, b = i + 1
                while a > 0 && t[a - 1] == 0x20 && i - a < 2 { a -= 1 }
                while t[b] == 0x20 && b - i < 3 { b += 1 }
                if let h = candidate(t, anchorStart: a, anchorEnd: b, literal: true) {
                    hits.append(h)
                    i = h.end
                    continue
                }
            } else if c == 0x2D || c == 0x5F, let h = wrappedAddress(t, i) {
                hits.append(h)
                i = h.end
                continue
            } else if CharClass.isLower(c), !CharClass.isAlnum(t[i - 1]), let h = providerNamed(t, i) {
                hits.append(h)
                i = h.end
                continue
            } else if c == 0x61 || c == 0x28 || c == 0x5B || c == 0x7B || c == 0x3C {  // 'a', brackets
                if let (a, b, bracket) = wordAnchor(t, i),
                    let h = candidate(t, anchorStart: a, anchorEnd: b, literal: bracket)
                {
                    hits.append(h)
                    i = h.end
                    continue
                }
            }
            i += 1
        }
    }

    /// Recognizes " at ", "(at)", "[at]", " arroba " starting at `i`.
    private func wordAnchor(_ t: NormalizedText, _ i: Int) -> (Int, Int, Bool)? {
        if DomainSyntax.isOpen(t[i]) {
            var k = i + 1
            while t[k] == 0x20 { k += 1 }
            var m: Int? = nil
            if t[k] == 0x40 {
                m = k + 1
            } else {
                for w in DomainSyntax.atWords where t.matches(w, at: k) && !CharClass.isAlnum(t[k + w.count]) { m = k + w.count }
            }
            guard var e = m else { return nil }
            while t[e] == 0x20 { e += 1 }
            guard DomainSyntax.isClose(t[e]) else { return nil }
            e += 1
            var s = i
            while s > 0 && t[s - 1] == 0x20 { s -= 1 }
            while t[e] == 0x20 { e += 1 }
            return (s, e, true)
        }
        guard i > 0, t[i - 1] == 0x20 else { return nil }
        for w in DomainSyntax.atWords where t.matches(w, at: i) && t[i + w.count] == 0x20 {
            var s = i, e = i + w.count
            while s > 0 && t[s - 1] == 0x20 { s -= 1 }
            while t[e] == 0x20 { e += 1 }
            return (s, e, w.count > 2)
        }
        return nil
    }

    private func candidate(_ t: NormalizedText, anchorStart: Int, anchorEnd: Int, literal: Bool) -> Hit? {
        // domain side
        let dom = DomainSyntax.dottedForward(t, anchorEnd)
        guard !dom.labels.isEmpty else { return nil }
        var domEnd: Int
        var domainKnown = false
        if let k = DomainSyntax.lastTLDIndex(t, dom) {
            domEnd = dom.labels[k].1
            let reg = dom.text(t, max(0, k - 1))
            domainKnown = DomainSyntax.freemail.contains(reg) || DomainSyntax.freemail.contains(dom.text(t, 0))
        } else if DomainSyntax.freemail.contains(dom.text(t, 0)) {
            domEnd = dom.labels[0].1
            domainKnown = true
        } else {
            return nil
        }
        if t[domEnd] == 0x40 { return nil }
        // local side
        let loc = DomainSyntax.dottedBackward(t, anchorStart, words: DomainSyntax.nameWords)
        guard let first = loc.labels.first else { return nil }
        var locStart = first.0
        // a literal '@' may be preceded by local-part punctuation like '+' or '.'
        while locStart > 0, let p = Optional(t[locStart - 1]), p == 0x2B || p == 0x25 || p == 0x2E || p == 0x5F || p == 0x2D,
            CharClass.isAlnum(t[locStart - 2])
        {
            guard let s = DomainSyntax.labelBack(t, locStart - 1) else { break }
            locStart = s
        }
        if !literal {
            let localText = t.string(locStart, anchorStart).trimmingCharacters(in: .whitespaces)
            let hasMark = localText.contains(where: { $0 == "." || $0 == "_" || $0.isNumber })
            let obf = dom.obfuscated || loc.obfuscated
            if !(obf || domainKnown || hasMark) { return nil }
            if loc.labels.count == 1 && EmailDetector.localStop.contains(localText) { return nil }
            if !domainKnown && !obf && dom.labels.count < 2 { return nil }
            // "invite at outlook": a bare provider name needs a clearly address-like local part
            if DomainSyntax.lastTLDIndex(t, dom) == nil && !obf && !hasMark && localText.count < 9 { return nil }
        }
        if domEnd <= anchorEnd { domEnd = max(domEnd, dom.labels[0].1) }
        _ = domEnd
        return Hit(category: .email, start: locStart, end: domEnd, priority: 0)
    }
}
