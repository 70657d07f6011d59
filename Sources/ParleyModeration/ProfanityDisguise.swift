/// Disguises that change letters rather than hide them: swapped neighbours ("fcuk", "cnut") and
/// letter-for-letter or sound-alike substitutions ("azzhole", "fvck", "shyte", "fuqqing", "phuck").
///
/// Candidacy is decided on a many-to-one *key* (z→s, v→u, y→i, q→k, c→k, ph→f, collapsed), so
/// the cheap per-token test stays allocation-free; the precise test then undoes the disguise in one
/// direction only (`v` becomes `u`, never the reverse) and matches the result against the lexicon.
extension ProfanityDetector {
    /// Letters that may be swapped with a neighbour: not the first one, words of 4 to 7 letters.
    static let swapLengths = 4...7

    /// Real words that are a swap of a listed word ("ares" of "arse").
    static let swapAllow: Set<[UInt8]> = Set(["ares", "tist", "sult"].map { Array($0.utf8) })

    /// Key letter of `l` followed by `next` (0 when `l` is swallowed, as the `p` of "ph").
    @inline(__always) static func keyLetter(_ l: UInt8, next: UInt8) -> UInt8 {
        switch l {
        case 0x7A: return 0x73  // z s
        case 0x76: return 0x75  // v u
        case 0x79: return 0x69  // y i
        case 0x71, 0x63: return 0x6B  // q c → k
        case 0x70: return next == 0x68 ? 0 : l  // ph → (h becomes f below)
        default: return l
        }
    }

    /// Collapsed key hash of ASCII lower-case letters.
    static func keyHash(_ letters: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var last: UInt8 = 0
        var prevRaw: UInt8 = 0
        for (i, l0) in letters.enumerated() {
            var l = keyLetter(l0, next: i + 1 < letters.count ? letters[i + 1] : 0)
            if l0 == 0x68 && prevRaw == 0x70 { l = 0x66 }
            prevRaw = l0
            if l == 0 || l == last { continue }
            h = (h ^ UInt64(l)) &* 0x100000001b3
            last = l
        }
        return h
    }

    /// Hashes (plain collapsed) of every listed whole word with two neighbours swapped.
    static func swapHashes(_ forms: [Form]) -> [UInt64] {
        var out: [UInt64] = []
        for f in forms where swapLengths.contains(f.letters.count) {
            for p in 1..<(f.letters.count - 1) where f.letters[p] != f.letters[p + 1] {
                var s = f.letters
                s.swapAt(p, p + 1)
                if swapAllow.contains(s) { continue }
                out.append(hash(collapse(s)))
            }
        }
        return out
    }

    /// The token with substitutions undone (z→s, v→u, y→i after the first letter, ph→f,
    /// q→ck, k→ck after a vowel), or nil when nothing changed.
    static func undisguised(_ letters: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(letters.count + 2)
        var changed = false
        var i = 0
        while i < letters.count {
            let l = letters[i]
            switch l {
            case 0x7A:
                out.append(0x73)
                changed = true
            case 0x76:
                out.append(0x75)
                changed = true
            case 0x79 where i > 0:
                out.append(0x69)
                changed = true
            case 0x70 where i + 1 < letters.count && letters[i + 1] == 0x68:
                out.append(0x66)
                i += 1
                changed = true
            case 0x71, 0x6B:
                var j = i
                while j < letters.count && letters[j] == l { j += 1 }
                let vowelBefore = i > 0 && [0x61, 0x65, 0x69, 0x6F, 0x75].contains(out.last ?? 0)
                if l == 0x71 || (vowelBefore && out.last != 0x63) {
                    out.append(contentsOf: [0x63, 0x6B])
                    changed = true
                } else {
                    out.append(contentsOf: letters[i..<j])
                }
                i = j
                continue
            default:
                out.append(l)
            }
            i += 1
        }
        return changed ? out : nil
    }

    /// Whole-word test of a token whose letters were swapped or substituted.
    func matchesDisguised(_ tok: Token) -> Bool {
        if tok.wild || tok.letters.count < 4 || allowWordsContain(tok.letters) { return false }
        if let u = ProfanityDetector.undisguised(tok.letters) {
            var t2 = tok
            t2.letters = u
            if matchesWhole(t2) { return true }
            // compounds ("bullshyt"), unless an s came from a z ("pizza" is no "pissa")
            if !tok.letters.contains(0x7A), matchesOnce(t2) { return true }
        }
        guard ProfanityDetector.swapLengths.contains(tok.letters.count), !ProfanityDetector.swapAllow.contains(tok.letters) else { return false }
        for p in 1..<(tok.letters.count - 1) where tok.letters[p] != tok.letters[p + 1] {
            var t2 = tok
            t2.letters.swapAt(p, p + 1)
            if matchesWhole(t2) { return true }
        }
        return false
    }
}
