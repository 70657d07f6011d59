import Foundation

/// Word splitting for the profanity detector: which characters belong to a word
/// (letters, digits and leetspeak symbols, wildcards such as `*`), how spaced or dotted
/// single letters are joined ("s.h.i.t"), and a cheap allocation-free candidate test.
extension ProfanityDetector {
    // MARK: token classes

    @inline(__always) static func isWildcard(_ c: UInt32) -> Bool { c == 0x2A || c == 0x23 || c == 0x25 || c == 0x3F || c == 0x5F }
    @inline(__always) static func leet(_ c: UInt32) -> UInt8? {
        switch c {
        case 0x30: return 0x6F  // 0 o
        case 0x31: return 0x69  // 1 i
        case 0x33: return 0x65  // 3 e
        case 0x34: return 0x61  // 4 a
        case 0x35: return 0x73  // 5 s
        case 0x37: return 0x74  // 7 t
        case 0x38: return 0x62  // 8 b
        case 0x39: return 0x67  // 9 g
        case 0x24: return 0x73  // $ s
        case 0x40: return 0x61  // @ a
        case 0x21, 0x7C, 0xA1: return 0x69  // ! | ¡ i
        case 0x2B: return 0x74  // + t
        case 0x20AC: return 0x65  // € e
        default: return nil
        }
    }
    @inline(__always) static func isTokenChar(_ c: UInt32) -> Bool {
        CharClass.isAlnum(c) || leet(c) != nil || isWildcard(c)
    }

    struct Token {
        var a: Int
        var b: Int
        var letters: [UInt8]
        var wild: Bool
        var flex: [Int] = []
    }

    /// Splits the view into candidate words (with single letters joined across '.', '-').
    func tokens(_ t: NormalizedText, onlyCandidates: Bool = false) -> [Token] {
        var raw: [(Int, Int)] = []
        let n = t.count
        var i = 0
        while i < n {
            if !ProfanityDetector.isTokenChar(t.c[i]) {
                i += 1
                continue
            }
            let a = i
            while i < n && ProfanityDetector.isTokenChar(t.c[i]) { i += 1 }
            raw.append((a, i))
        }
        // join dotted singles: s.h.i.t, b-i-t-c-h
        var merged: [(Int, Int)] = []
        var k = 0
        while k < raw.count {
            var m = k
            while m + 1 < raw.count, raw[m].1 - raw[m].0 == 1, raw[m + 1].1 - raw[m + 1].0 <= 2,
                raw[m + 1].0 == raw[m].1 + 1, [0x2E, 0x2D, 0x2C].contains(t.c[raw[m].1])
            { m += 1 }
            if m - k >= 2 {
                merged.append((raw[k].0, raw[m].1))
                k = m + 1
            } else {
                merged.append(raw[k])
                k += 1
            }
        }
        var out: [Token] = []
        for (a0, b0) in merged {
            var a = a0, b = b0
            if t.c[a] == 0x40 { continue }  // @handle
            while a < b, ProfanityDetector.isEdgeStrip(t.c[a]) { a += 1 }
            while b > a, ProfanityDetector.isEdgeStrip(t.c[b - 1]) { b -= 1 }
            if b - a < 2 { continue }
            if onlyCandidates && !isCandidate(t, a, b) { continue }
            var letters: [UInt8] = []
            var flex: [Int] = []
            var nl = 0, nd = 0, ns = 0, nw = 0
            for x in a..<b {
                let c = t.c[x]
                if c == 0x2E || c == 0x2D || c == 0x2C { continue }
                if CharClass.isLower(c) {
                    letters.append(UInt8(c))
                    nl += 1
                } else if ProfanityDetector.isWildcard(c) {
                    letters.append(0x2A)
                    nw += 1
                } else if let l = ProfanityDetector.leet(c) {
                    if !CharClass.isDigit(c) { flex.append(letters.count) }
                    letters.append(l)
                    if CharClass.isDigit(c) { nd += 1 } else { ns += 1 }
                }
            }
            if nl + ns < 2 || nd > nl || nw >= nl { continue }
            out.append(Token(a: a, b: b, letters: letters, wild: nw > 0, flex: flex))
        }
        return out
    }

    /// Cheap test without allocation: could `a..<b` match anything at all?
    func isCandidate(_ t: NormalizedText, _ a: Int, _ b: Int) -> Bool {
        var h: UInt64 = 0xcbf29ce484222325
        var last: UInt8 = 0
        var kh: UInt64 = 0xcbf29ce484222325  // key hash (``keyHash(_:)``) of the letters
        var klast: UInt8 = 0
        var raw: UInt8 = 0
        var letters = 0
        for x in a..<b {
            let c = t.c[x]
            var l: UInt8
            if CharClass.isLower(c) {
                l = UInt8(c)
            } else if ProfanityDetector.isWildcard(c) {
                return true
            } else if let m = ProfanityDetector.leet(c) {
                l = m
                if !CharClass.isDigit(c) { return true }  // symbols inside words are rare: check fully
            } else {
                continue
            }
            if CharClass.isLower(c) {
                letters += 1
                var k = ProfanityDetector.keyLetter(l, next: x + 1 < b ? UInt8(truncatingIfNeeded: t.c[x + 1]) : 0)
                if l == 0x68 && raw == 0x70 { k = 0x66 }
                raw = l
                if k != 0 && k != klast {
                    kh = (kh ^ UInt64(k)) &* 0x100000001b3
                    klast = k
                }
            }
            if l == last { continue }
            if last >= 0x61 && last <= 0x7A && l >= 0x61 && l <= 0x7A && stemPairs[Int(last - 0x61) * 26 + Int(l - 0x61)] { return true }
            h = (h ^ UInt64(l)) &* 0x100000001b3
            last = l
        }
        return exact.contains(h) || (letters >= 4 && (disguiseKeys.contains(kh) || disguiseKeys.contains(h)))
    }

    @inline(__always) static func isEdgeStrip(_ c: UInt32) -> Bool {
        c == 0x21 || c == 0x3F || c == 0x2A || c == 0x23 || c == 0x25 || c == 0x7C || c == 0x2B
            || c == 0x2E || c == 0xA1 || c == 0x5F || c == 0x2D || c == 0x2C
    }

}
