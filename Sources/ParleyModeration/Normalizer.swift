import Foundation

/// The detection view of a message: folded scalars with, for each one, the range of
/// ORIGINAL scalars it came from.
///
/// Normalization applies NFKC-style compatibility mapping, case folding, removal of
/// zero-width/format/control characters, soft hyphens and combining marks, folding of
/// Cyrillic/Greek/small-capital look-alikes, mapping of every script's decimal digits to
/// ASCII, and finally joins letters or digits that were spaced apart ("f u c k").
struct NormalizedText {
    /// Normalized scalar values (lower-case, folded).
    var c: [UInt32]
    /// Start offset (original scalars) of each normalized scalar.
    var s: [Int32]
    /// End offset (original scalars, exclusive) of each normalized scalar.
    var e: [Int32]
    /// Whether the original character was an ASCII capital letter.
    var up: [Bool] = []

    var count: Int { c.count }

    /// Scalar at `i`, or 0 outside the bounds (keeps boundary checks short).
    @inline(__always) subscript(i: Int) -> UInt32 { i >= 0 && i < c.count ? c[i] : 0 }

    /// Original span covered by normalized indices `a..<b`.
    func originalRange(_ a: Int, _ b: Int) -> (Int, Int) { (Int(s[a]), Int(e[b - 1])) }

    /// True if normalized indices `a..<b` spell exactly `word` (ASCII).
    func matches(_ word: [UInt8], at a: Int) -> Bool {
        if a < 0 || a + word.count > c.count { return false }
        for (k, b) in word.enumerated() where c[a + k] != UInt32(b) { return false }
        return true
    }

    /// FNV-1a hash of the scalars `a..<b` (equals ``NormalizedText/hash(_:)`` of the same ASCII word).
    @inline(__always) func hash(_ a: Int, _ b: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var i = a
        while i < b {
            h = (h ^ UInt64(c[i])) &* 0x100000001b3
            i += 1
        }
        return h
    }

    /// FNV-1a hash of a word's scalars.
    static func hash(_ word: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for u in word.unicodeScalars { h = (h ^ UInt64(u.value)) &* 0x100000001b3 }
        return h
    }

    /// The ASCII string of `a..<b` (non-ASCII as "?"), for debugging and lookups.
    func string(_ a: Int, _ b: Int) -> String {
        var u: [UInt8] = []
        u.reserveCapacity(b - a)
        for i in a..<b {
            let v = c[i]
            u.append(v < 0x80 ? UInt8(v) : 0x3F)
        }
        return String(decoding: u, as: UTF8.self)
    }
}

/// Character classes on normalized scalar values.
enum CharClass {
    @inline(__always) static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isLower(_ c: UInt32) -> Bool { c >= 0x61 && c <= 0x7A }
    @inline(__always) static func isAlnum(_ c: UInt32) -> Bool { isDigit(c) || isLower(c) }
    @inline(__always) static func isSpace(_ c: UInt32) -> Bool { c == 0x20 }
    /// Any letter or digit, including other scripts.
    @inline(__always) static func isWord(_ c: UInt32) -> Bool {
        if c < 0x80 { return isAlnum(c) }
        if c < 0xC0 { return false }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }
}

/// Turns original text into a ``NormalizedText``.
enum Normalizer {
    /// The Unicode scalars of `text` (faster than `Array(text.unicodeScalars)`).
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars { out.append(s) }
        return out
    }

    /// Normalizes `scalars` (the original text's Unicode scalars).
    static func normalize(_ scalars: [Unicode.Scalar]) -> NormalizedText {
        var c: [UInt32] = []
        var s: [Int32] = []
        var e: [Int32] = []
        c.reserveCapacity(scalars.count + 8)
        s.reserveCapacity(scalars.count + 8)
        e.reserveCapacity(scalars.count + 8)
        var up: [Bool] = []
        up.reserveCapacity(scalars.count + 8)
        var tmp: [UInt32] = []
        for (i, sc) in scalars.enumerated() {
            let u = sc.value
            if u < 0x80 {
                var v = u
                var isUp = false
                if v >= 0x41 && v <= 0x5A {
                    v += 32
                    isUp = true
                } else if v == 0x09 || v == 0x0A || v == 0x0D {
                    v = 0x20
                } else if v < 0x20 || v == 0x7F {
                    continue
                }
                c.append(v)
                s.append(Int32(i))
                e.append(Int32(i + 1))
                up.append(isUp)
            } else {
                tmp.removeAll(keepingCapacity: true)
                Confusables.normalize(u, into: &tmp)
                for v in tmp {
                    c.append(v)
                    s.append(Int32(i))
                    e.append(Int32(i + 1))
                    up.append(false)
                }
            }
        }
        var t = NormalizedText(c: c, s: s, e: e, up: up)
        joinSpacedSingles(&t)
        return t
    }

    /// Joins runs of at least three single-character tokens separated by one or two
    /// spaces ("p i e r r e . d u v a l" → "pierre.duval").
    static func joinSpacedSingles(_ t: inout NormalizedText) {
        let n = t.c.count
        if n < 5 { return }
        // quick check: is there any run of three single-character tokens?
        do {
            var run = 0, k = 0, found = false
            while k < n {
                while k < n && t.c[k] == 0x20 { k += 1 }
                if k >= n { break }
                let a = k
                while k < n && t.c[k] != 0x20 { k += 1 }
                if k - a == 1 || (k - a == 2 && t.c[a + 1] == 0x2E) {
                    run += 1
                    if run >= 3 {
                        found = true
                        break
                    }
                } else {
                    run = 0
                }
            }
            if !found { return }
        }
        // token boundaries
        var i = 0
        var remove = [Bool](repeating: false, count: n)
        var any = false
        var runStart = -1  // index into starts of the first single token of the run
        var tokens: [(Int, Int)] = []
        while i < n {
            while i < n && t.c[i] == 0x20 { i += 1 }
            if i >= n { break }
            let a = i
            while i < n && t.c[i] != 0x20 { i += 1 }
            tokens.append((a, i))
        }
        func isSingle(_ k: Int) -> Bool {
            let (a, b) = tokens[k]
            if b - a == 2 && CharClass.isAlnum(t.c[a]) && t.c[a + 1] == 0x2E { return true }
            if b - a != 1 { return false }
            let v = t.c[a]
            return CharClass.isAlnum(v) || v == 0x2E || v == 0x2D || v == 0x5F || v == 0x40
        }
        func flush(_ from: Int, _ to: Int) {  // tokens[from...to] are singles
            guard to - from + 1 >= 3 else { return }
            var alnum = 0
            for k in from...to where CharClass.isAlnum(t.c[tokens[k].0]) { alnum += 1 }
            guard alnum >= 3 else { return }
            for k in from..<to {
                for j in tokens[k].1..<tokens[k + 1].0 { remove[j] = true }
            }
            any = true
        }
        for k in 0..<tokens.count {
            let gapOK = k > 0 && tokens[k].0 - tokens[k - 1].1 <= 2
            if isSingle(k) {
                if runStart >= 0 && gapOK { continue }
                if runStart >= 0 { flush(runStart, k - 1) }
                runStart = k
            } else if runStart >= 0 {
                flush(runStart, k - 1)
                runStart = -1
            }
        }
        if runStart >= 0 { flush(runStart, tokens.count - 1) }
        if !any { return }
        var c: [UInt32] = [], s: [Int32] = [], e: [Int32] = [], up: [Bool] = []
        c.reserveCapacity(n)
        s.reserveCapacity(n)
        e.reserveCapacity(n)
        up.reserveCapacity(n)
        for j in 0..<n where !remove[j] {
            c.append(t.c[j])
            s.append(t.s[j])
            e.append(t.e[j])
            up.append(t.up[j])
        }
        t = NormalizedText(c: c, s: s, e: e, up: up)
    }
}
