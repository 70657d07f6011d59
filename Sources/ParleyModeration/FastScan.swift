import Foundation

/// A cheap pre-scan over UTF-8 that proves a message has nothing to find, so the full
/// pipeline can be skipped. It is conservative: when in doubt (non-ASCII text, digits
/// next to letters, `@`, obfuscation symbols, spaced letters, trigger words such as
/// platform names, dot words or any lexicon word) it answers "not clean" and the full
/// pipeline decides.
struct FastScan: Sendable {
    /// Flags per collapsed word hash.
    private static let trigger: Int32 = 1, number: Int32 = 2, multiplier: Int32 = 4, filler: Int32 = 8, phraseEnd: Int32 = 16, zero: Int32 = 32
    /// A platform name that triggers nothing else (see ``platformBeforePlaceholder(_:_:_:)``).
    private static let platform: Int32 = 64
    /// Collapsed hashes of the prepositions that put a handle before a platform name ("kofi.beats on insta").
    private static let prepositions = HashMap64(set: ["on", "at", "via", "in", "auf", "en", "sur", "su", "no", "op"].map { FastScan.wordHash($0) })
    private var words = HashMap64([])
    /// Collapsed compound stems and a 26×26 bitmap of their first two letters.
    private var stems: [[UInt8]]
    private var pairs: [Bool]
    /// Key hashes of disguised swear words (``ProfanityDetector/disguiseKeys``).
    private var disguise: HashMap64
    /// Solicitation phrases of two or more words (word hashes before the last one).
    private var phraseLists: [[[UInt64]]] = []

    static func wordHash(_ s: String) -> UInt64 {
        ProfanityDetector.hash(ProfanityDetector.collapse(Array(s.lowercased().utf8)))
    }

    init(profanity: ProfanityDetector, numberWords: [[UInt32]: String]) {
        var flags: [UInt64: Int32] = [:]
        for f in profanity.forms { flags[ProfanityDetector.hash(ProfanityDetector.collapse(f.letters)), default: 0] |= FastScan.trigger }
        let triggerWords: [String] =
            Array(HandleDetector.platforms) + Array(DomainSyntax.freemail)
            + ["dot", "punto", "punkt", "point", "dote", "arroba", "chez", "whats", "cash", "user", "gram", "hxxp", "hxxps", "http", "https", "www"]
            + SolicitationDetector.phrases.filter { $0.count == 1 }.map { $0[0] }
        for w in triggerWords { flags[FastScan.wordHash(w), default: 0] |= FastScan.trigger }
        let others = Set(triggerWords.filter { !HandleDetector.platforms.contains($0) }.map { FastScan.wordHash($0) })
            .union(profanity.forms.map { ProfanityDetector.hash(ProfanityDetector.collapse($0.letters)) })
        for w in HandleDetector.platforms where !others.contains(FastScan.wordHash(w)) {
            flags[FastScan.wordHash(w), default: 0] |= FastScan.platform
        }
        for (w, v) in numberWords where w.allSatisfy({ $0 < 0x80 }) {
            let h = ProfanityDetector.hash(ProfanityDetector.collapse(w.map { UInt8($0) }))
            flags[h, default: 0] |= v.hasPrefix("x") ? FastScan.multiplier : (v == "0" ? FastScan.number | FastScan.zero : FastScan.number)
        }
        for f in PhoneDetector.fillers { flags[FastScan.wordHash(f), default: 0] |= FastScan.filler }
        var byLast: [UInt64: [[UInt64]]] = [:]
        for p in SolicitationDetector.phrases where p.count > 1 {
            let hs = p.map { FastScan.wordHash($0) }
            byLast[hs.last!, default: []].append(Array(hs.dropLast()))
        }
        for (h, l) in byLast {
            flags[h, default: 0] |= FastScan.phraseEnd | Int32(phraseLists.count << 8)
            phraseLists.append(l)
        }
        words = HashMap64(flags.map { ($0.key, $0.value) })
        stems = profanity.stemList
        disguise = profanity.disguiseKeys
        pairs = [Bool](repeating: false, count: 26 * 26)
        for s in stems where s.count >= 2 { pairs[Int(s[0] - 0x61) * 26 + Int(s[1] - 0x61)] = true }
    }

    /// True when the message certainly has no finding of any kind.
    /// With `maskingOnly`, solicitation phrases (which are never masked) are ignored: used
    /// to check that masked output has nothing left to mask.
    func isClean(_ text: String, maskingOnly: Bool = false) -> Bool {
        var s = text
        return s.withUTF8 { b in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { scan(b, $0, maskingOnly) }
        }
    }

    /// Latin-1 letters (second byte after 0xC3) folded like the normalizer does; 0 = not a
    /// foldable letter, otherwise up to two ASCII letters packed low byte first.
    private static let latin1: [UInt16] = {
        let map = "aaaaaa\u{1}ceeeeiiii\u{0}nooooo\u{2}ouuuuy\u{3}\u{4}aaaaaa\u{1}ceeeeiiii\u{0}nooooo\u{2}ouuuuy\u{3}y"
        var t = [UInt16](repeating: 0, count: 64)
        for (i, ch) in map.unicodeScalars.enumerated() where i < 64 {
            switch ch.value {
            case 0: t[i] = 0
            case 1: t[i] = 0x61 | (0x65 << 8)  // ae
            case 2: t[i] = 0  // × ÷
            case 3: t[i] = 0x74 | (0x68 << 8)  // th
            case 4: t[i] = 0x73 | (0x73 << 8)  // ss
            default: t[i] = UInt16(ch.value)
            }
        }
        return t
    }()

    /// Digit-group suffixes that make a harmless token ("4pm", "2kg", "14th", "3x4").
    private static let unitSuffixes = HashMap64(
        set: [
            "am", "pm", "st", "nd", "rd", "th", "kg", "g", "cm", "mm", "m", "km", "ml",
            "h", "hr", "hrs", "x", "k", "s", "min", "mins", "lb", "lbs", "oz", "ft", "yo", "p", "px", "gb", "mb", "kb", "d", "w", "y",
            "ish", "er", "ers", "mp", "v", "kw", "a", "c", "f", "cl", "dl", "ct", "pcs", "pc", "t", "e", "u", "j",
        ].map { FastScan.wordHash($0) })

    private func scan(_ b: UnsafeBufferPointer<UInt8>, _ word: UnsafeMutableBufferPointer<UInt8>, _ maskingOnly: Bool) -> Bool {
        let n = b.count
        var chain = 0  // digits (and number words) in the current phone-like run
        var gap = 0  // non-space separators since the last digit item
        var singles = 0  // consecutive single-character words
        var lead = 0  // digits since a group that opens a number (0…, a spelled zero), words in gaps allowed
        var leadWords = 0  // words since the last digit of that run
        var prev: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var i = 0
        var lastWordEnd = -1
        var lastWordLen = 0
        @inline(__always) func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        @inline(__always) func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }
        /// Folded Latin-1 letter at `k` (0xC3 xx), or 0.
        @inline(__always) func latin(_ k: Int) -> UInt16 {
            guard b[k] == 0xC3, k + 1 < n, b[k + 1] >= 0x80 && b[k + 1] <= 0xBF else { return 0 }
            return FastScan.latin1[Int(b[k + 1] - 0x80)]
        }
        while i < n {
            let c = b[i]
            if isLetter(c) || (c == 0xC3 && latin(i) != 0) {
                // read a word, folding accents and collapsing repeated letters
                var len = 0, raw = 0
                var h: UInt64 = 0xcbf29ce484222325
                var last: UInt8 = 0
                while i < n {
                    var pack: UInt16
                    if isLetter(b[i]) {
                        pack = UInt16(b[i] | 0x20)
                        i += 1
                    } else if b[i] == 0xC3, case let f = latin(i), f != 0 {
                        pack = f
                        i += 2
                    } else {
                        break
                    }
                    while pack != 0 {
                        let l = UInt8(pack & 0xFF)
                        pack >>= 8
                        if l != last {
                            if len == 32 { return false }
                            word[len] = l
                            len += 1
                            h = (h ^ UInt64(l)) &* 0x100000001b3
                            last = l
                        }
                    }
                    raw += 1
                }
                if i < n {
                    let nx = b[i]
                    if isDigit(nx) { return false }  // sh1t, O7911
                }
                lastWordEnd = i
                lastWordLen = raw
                let fl = words[h] ?? 0
                if fl & FastScan.trigger != 0 {
                    guard maskingOnly, fl & FastScan.platform != 0, !FastScan.prepositions.contains(prev.2),
                        FastScan.platformBeforePlaceholder(b, i)
                    else { return false }
                }
                if len >= 4 && (disguise.contains(h) || disguise.contains(FastScan.keyHash(word, len))) { return false }
                if fl & FastScan.phraseEnd != 0 && !maskingOnly {
                    for p in phraseLists[Int(fl >> 8)] {
                        if p.count == 1 && prev.2 == p[0] { return false }
                        if p.count == 2 && prev.1 == p[0] && prev.2 == p[1] { return false }
                        if p.count == 3 && prev.0 == p[0] && prev.1 == p[1] && prev.2 == p[2] { return false }
                    }
                }
                prev = (prev.1, prev.2, h)
                if len >= 3 {
                    for k in 0..<(len - 1) where pairs[Int(word[k] - 0x61) * 26 + Int(word[k + 1] - 0x61)] {
                        for s in stems where s.count <= len - k {
                            var ok = true
                            for m in 0..<s.count where ProfanityDetector.keyLetter(word[k + m], next: 0) != ProfanityDetector.keyLetter(s[m], next: 0)
                            {
                                ok = false
                                break
                            }
                            if ok { return false }
                        }
                    }
                }
                if fl & FastScan.number != 0 {
                    chain += 1
                    gap = 0
                    if fl & FastScan.zero != 0 && lead == 0 { lead = 1 } else if lead > 0 { lead += 1 }
                    leadWords = 0
                    if lead >= 10 { return false }
                } else if fl & FastScan.multiplier != 0 {
                    chain += 3
                    gap = 0
                } else if fl & FastScan.filler == 0 {
                    chain = 0
                }
                if fl & (FastScan.number | FastScan.multiplier) == 0 && lead > 0 {
                    leadWords += 1
                    if leadWords > 5 { lead = 0 }
                }
                if chain >= 7 { return false }
                if raw == 1 {
                    singles += 1
                    if singles >= 3 { return false }
                } else {
                    singles = 0
                }
                continue
            }
            if isDigit(c) {
                if i > 0, isLetter(b[i - 1]) { return false }
                if chain == 0 {
                    // "PO-2025": digits glued to a word by '-' start no phone
                    if i >= 2, b[i - 1] == 0x2D, isLetter(b[i - 2]) {
                        while i < n, isDigit(b[i]) { i += 1 }
                        if i < n, isLetter(b[i]) || b[i] >= 0x80 { return false }
                        continue
                    }
                    // an ISO date 2025-08-23 or 23/08/2025, 23.08.2025 at the start of a run
                    if let e = FastScan.dateEnd(b, i), e >= n || !(isAlnum(b[e]) || b[e] >= 0x80) {
                        i = e
                        gap = 0
                        singles = 0
                        continue
                    }
                }
                let a = i
                while i < n, isDigit(b[i]) { i += 1 }
                if i < n, isLetter(b[i]) {
                    // digits glued to a unit/ordinal suffix: an ID-like token that breaks runs
                    var h: UInt64 = 0xcbf29ce484222325
                    var last: UInt8 = 0
                    while i < n, isLetter(b[i]) {
                        let l = b[i] | 0x20
                        if l != last {
                            h = (h ^ UInt64(l)) &* 0x100000001b3
                            last = l
                        }
                        i += 1
                    }
                    if i < n, isDigit(b[i]) || b[i] >= 0x80 { return false }
                    if !FastScan.unitSuffixes.contains(h) { return false }
                    chain = 0
                    singles = 0
                    gap = 0
                    continue
                }
                chain += i - a
                gap = 0
                if lead > 0 {
                    lead += i - a
                    leadWords = 0
                    if lead >= 10 { return false }
                } else if b[a] == 0x30 && i - a >= 2 && i - a <= 5 && (a == 0 || b[a - 1] == 0x20 || b[a - 1] == 0x28) {
                    lead = i - a
                    leadWords = 0
                }
                if chain >= 7 { return false }
                if i - a == 1 {
                    singles += 1
                    if singles >= 3 { return false }
                } else {
                    singles = 0
                }
                continue
            }
            let p = i > 0 ? b[i - 1] : 0x20
            let q = i + 1 < n ? b[i + 1] : 0x20
            if c >= 0x80 {
                // a few common non-ASCII symbols act as separators; anything else goes slow
                var len = 0
                if c >= 0xF0 { len = 4 } else if c >= 0xE0 { len = 3 } else if c >= 0xC0 { len = 2 } else { return false }
                guard i + len <= n else { return false }
                let c1 = b[i + 1]
                var ok = false
                if len == 2 && c == 0xC2
                    && (c1 == 0xA3 || c1 == 0xA0 || c1 == 0xB0 || c1 == 0xAB || c1 == 0xBB || c1 == 0xB7 || c1 == 0xBF || c1 == 0xA1)
                {
                    ok = true
                }  // £ nbsp ° « » · ¿ ¡
                if len == 2 && c == 0xC3 && (c1 == 0x97 || c1 == 0xB7) { ok = true }  // × ÷
                if len == 3 && c == 0xE2 && c1 == 0x80 {
                    let c2 = b[i + 2]
                    ok = c2 == 0x93 || c2 == 0x94 || c2 == 0x98 || c2 == 0x99 || c2 == 0x9C || c2 == 0x9D || c2 == 0xA6  // – — ‘ ’ “ ” …
                }
                if len == 3 && c == 0xE2 && c1 == 0x82 && b[i + 2] == 0xAC { ok = true }  // €
                if len == 4 && c == 0xF0 && c1 == 0x9F {
                    let c2 = b[i + 2]
                    ok = c2 >= 0x8C && c2 <= 0x9B && c2 != 0x87  // emoji, no flags/tags
                    if i + 4 < n && b[i + 4] >= 0x80 { ok = false }  // ZWJ / VS / modifiers
                }
                if !ok { return false }
                // ¡ and € are leetspeak letters: next to a letter they may be part of a word
                // ("sh¡t"); an opening '¡' after a space is stripped from the word's edge ("¡Muchas")
                if (c == 0xC2 && c1 == 0xA1) || (c == 0xE2 && c1 == 0x82) {
                    let opening = c == 0xC2 && (i == 0 || b[i - 1] == 0x20 || b[i - 1] == 0x0A)
                    if lastWordEnd == i || (!opening && i + len < n && (isLetter(b[i + len]) || latin(i + len) != 0)) { return false }
                }
                gap += 1
                singles = 0
                if gap > 4 { chain = 0 }
                i += len
                continue
            }
            // letters on either side (an accented letter counts)
            let pL = lastWordEnd == i || isLetter(p)
            let qL = isLetter(q) || (i + 1 < n && latin(i + 1) != 0)
            let pA = pL || isDigit(p), qA = qL || isDigit(q)
            // placeholders written by the masker: "[phone removed]" etc. and "x***"
            if c == 0x5B, let e = FastScan.placeholderEnd(b, i) {
                chain = 0
                gap = 0
                singles = 0
                i = e
                continue
            }
            if c == 0x2A && lastWordEnd == i && lastWordLen == 1 && i + 2 < n && b[i + 1] == 0x2A && b[i + 2] == 0x2A
                && (i + 3 >= n || !(isAlnum(b[i + 3]) || b[i + 3] >= 0x80 || FastScan.tokenSymbols.contains(b[i + 3])))
            {
                singles = max(0, singles - 1)
                i += 3
                continue
            }
            switch c {
            case 0x20, 0x0A, 0x0D, 0x09:
                break
            case 0x40, 0x2A, 0x7C, 0x5C, 0x5F, 0x7E, 0x2B, 0x3D, 0x5E, 0x60:
                return false  // @ * | \ _ ~ + = ^ `
            case 0x28, 0x5B, 0x7B, 0x3C:
                // "(at)", "[dot]", "(.)", "(206)" go the slow way; plain brackets are fine
                let l = q | 0x20
                if l == 0x61 || l == 0x64 || l == 0x70 || q == 0x2E || q == 0x40 || q == 0x20 || q == 0x2B || isDigit(q) || pA { return false }
                gap += 1
                singles = 0
            case 0x24, 0x23, 0x25:
                // $ # %: prices, hashtags, percentages are fine; inside words they are leet/wildcards
                if pL || (c == 0x24 && qL) || (c == 0x25 && qL) { return false }
                if c == 0x23 && qL && pA { return false }
                gap += 1
                singles = 0
            case 0x2F:
                if !(isDigit(p) && isDigit(q)) { return false }
                gap += 1
            case 0x2E, 0x21, 0x3F, 0x2C, 0x2D, 0x3A, 0x27, 0x3B, 0x22, 0x29, 0x5D, 0x7D, 0x3E:
                if c == 0x21 && pL {
                    // "sh!!t": a run of '!' between letters stands for letters
                    var k = i + 1
                    while k < n && b[k] == 0x21 { k += 1 }
                    if k < n && isLetter(b[k]) { return false }
                }
                if c == 0x27 {
                    singles = 0
                    break
                }
                if pL && qL && (c == 0x2E || c == 0x21 || c == 0x3F || c == 0x3A) { return false }
                if pA && qA && pL != qL && c != 0x2D && c != 0x3A { return false }
                if c == 0x2E && p == 0x20 && (q == 0x20 || qA) { return false }  // "shop . com", "shop .com"
                if c != 0x2D && c != 0x2C && c != 0x2E { singles = 0 }
                gap += 1
            default:
                if c < 0x20 || c == 0x7F { return false }
                singles = 0
                gap += 1
            }
            if gap > 4 { chain = 0 }
            i += 1
        }
        return true
    }

    /// ``ProfanityDetector/keyHash(_:)`` of the first `len` collapsed letters of `word`.
    @inline(__always) static func keyHash(_ word: UnsafeMutableBufferPointer<UInt8>, _ len: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var last: UInt8 = 0
        for k in 0..<len {
            var l = ProfanityDetector.keyLetter(word[k], next: k + 1 < len ? word[k + 1] : 0)
            if word[k] == 0x68 && k > 0 && word[k - 1] == 0x70 { l = 0x66 }
            if l == 0 || l == last { continue }
            h = (h ^ UInt64(l)) &* 0x100000001b3
            last = l
        }
        return h
    }

    /// True when a platform name ending at `i` is followed by a placeholder (after spaces, ':' and "is"): in
    /// masked output, "whatsapp [phone removed]" names no handle, as the handle rules need a name after it
    /// (or, before it, a preposition, which the caller rules out).
    static func platformBeforePlaceholder(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var k = i
        while k < b.count && (b[k] == 0x20 || b[k] == 0x3A) { k += 1 }
        if k + 2 < b.count && b[k] | 0x20 == 0x69 && b[k + 1] | 0x20 == 0x73 && b[k + 2] == 0x20 {
            k += 3
            while k < b.count && b[k] == 0x20 { k += 1 }
        }
        return k < b.count && b[k] == 0x5B && placeholderEnd(b, k) != nil
    }

    /// ASCII symbols that the profanity tokenizer treats as part of a word.
    private static let tokenSymbols: Set<UInt8> = Set("*#%?_$@!|+".utf8)

    private static let placeholders: [[UInt8]] = [
        "[phone removed]", "[email removed]", "[link removed]",
        "[contact removed]", "[removed]",
    ].map { Array($0.utf8) }

    /// End of a masker placeholder starting at `i`, or nil.
    static func placeholderEnd(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        outer: for p in placeholders where i + p.count <= b.count {
            for k in 0..<p.count where b[i + k] != p[k] { continue outer }
            return i + p.count
        }
        return nil
    }

    /// End of a date written yyyy-mm-dd or dd/mm/yyyy (also '.' and '-'), or nil.
    static func dateEnd(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        func num(_ a: Int, _ len: Int) -> Int? {
            guard a + len <= b.count else { return nil }
            var v = 0
            for k in a..<(a + len) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            if a + len < b.count, b[a + len] >= 0x30 && b[a + len] <= 0x39 { return nil }
            return v
        }
        if let y = num(i, 4), (1900...2100).contains(y), i + 10 <= b.count, b[i + 4] == 0x2D, b[i + 7] == 0x2D,
            let m = num(i + 5, 2), (1...12).contains(m), let d = num(i + 8, 2), (1...31).contains(d)
        {
            return i + 10
        }
        if let d = num(i, 2), (1...31).contains(d), i + 10 <= b.count, [0x2F, 0x2E, 0x2D].contains(b[i + 2]), b[i + 5] == b[i + 2],
            let m = num(i + 3, 2), (1...12).contains(m), let y = num(i + 6, 4), (1900...2100).contains(y)
        {
            return i + 10
        }
        return nil
    }

}
