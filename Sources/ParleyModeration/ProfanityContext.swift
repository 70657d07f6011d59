import Foundation

/// Context checks that keep ordinary words clean: words that mean something harmless in
/// another language ("dick" = thick in German, "retard" = delay in French) and names
/// ("Dick Smith", "Philip K. Dick").
extension ProfanityDetector {
    /// Words that are ordinary in another language ("dick" = thick in German, "kut"/"lul" in
    /// English contexts are fine too): skipped when the message reads as that language.
    static let otherLanguage: [[UInt8]: (markers: Set<String>, needed: Int)] = [
        Array("retard".utf8): (
            [
                "de", "le", "la", "du", "est", "un", "une", "pour", "avec", "je", "tu", "il", "nous",
                "vous", "mon", "ma", "ca", "tres", "pas", "les", "des", "au", "aux", "livraison", "desole",
                "peu", "beaucoup", "sans", "sur", "et", "putain", "merde", "encore", "quel", "quelle", "gros",
            ], 1
        ),
        Array("dick".utf8): (
            [
                "der", "die", "das", "ist", "und", "nicht", "zu", "sehr", "ein", "eine", "mit", "den", "dem",
                "wir", "ich", "sie", "es", "auch", "aber", "bitte", "danke", "kuchen", "torte", "genug", "viel", "zu",
            ], 2
        ),
    ]

    /// "Dick Smith", "Philip K. Dick": a capitalized word next to another capitalized word.
    static func isNameLike(_ tok: Token, _ t: NormalizedText) -> Bool {
        guard tok.a < t.up.count, t.up[tok.a] else { return false }
        var k = tok.b
        while k < t.count && t[k] == 0x20 { k += 1 }
        if k < t.count && t.up[k] { return true }
        var p = tok.a
        while p > 0 && (t[p - 1] == 0x20 || t[p - 1] == 0x2E) { p -= 1 }
        var q = p
        while q > 0 && CharClass.isLower(t[q - 1]) { q -= 1 }
        if q < p && t.up[q] && !(p - q == 1 && t[q] == 0x69) {
            // the previous capitalized word must not start a sentence
            var r = q
            while r > 0 && t[r - 1] == 0x20 { r -= 1 }
            if r > 0 && t[r - 1] != 0x2E && t[r - 1] != 0x21 && t[r - 1] != 0x3F { return true }
            if r > 0 && t[r - 1] == 0x2E && p - q == 1 { return true }  // "Philip K. Dick"
        }
        return false
    }

    static func clean(inOtherLanguage tok: Token, _ t: NormalizedText) -> Bool {
        if tok.letters == Array("dick".utf8), isNameLike(tok, t) { return true }
        guard let (markers, needed) = otherLanguage[tok.letters] else { return false }
        var hits = 0
        var i = 0
        while i < t.count {
            guard CharClass.isLower(t.c[i]) else {
                i += 1
                continue
            }
            let a = i
            while i < t.count && CharClass.isLower(t.c[i]) { i += 1 }
            if i - a <= 9 && markers.contains(t.string(a, i)) {
                hits += 1
                if hits >= needed { return true }
            }
        }
        return false
    }

}
