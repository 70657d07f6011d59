import Foundation

/// Shared pieces of e-mail/URL syntax on the normalized view: labels, obfuscated dots
/// ("dot", "(.)", "[dot]", "punkt", " . ") and obfuscated at-signs ("at", "(at)", "arroba").
enum DomainSyntax {
    /// Top-level domains accepted for bare domains.
    static let tlds: Set<String> = [
        "com", "net", "org", "info", "biz", "shop", "store", "online", "site", "website", "app",
        "dev", "art", "design", "studio", "photo", "photography", "events", "party", "music",
        "email", "blog", "xyz", "club", "live", "life", "page", "link", "one", "co", "io", "tv",
        "ly", "ee", "gl", "gd", "fm", "cc", "ws", "eu", "uk", "de", "fr", "es", "nl", "be",
        "ch", "ie", "ca", "au", "nz", "br", "mx", "ar", "pl", "pt", "se", "dk", "fi", "ru",
        "jp", "cn", "za", "ng", "ke", "gh", "tz", "ug", "cz", "sk", "hu", "ro", "gr", "tr",
        "il", "ae", "sa", "sg", "my", "ph", "id", "th", "vn", "kr", "hk", "tw", "cl", "pe",
        "ve", "uy", "bo", "ec", "cr", "pa", "gt", "ua", "by", "kz", "lt", "lv", "ly", "lu",
        "li", "mt", "cy", "is", "no", "at", "it", "in", "me", "to", "us", "so", "la", "sh",
        "gg", "im", "je", "bz", "vc", "ink", "wiki", "space", "tech", "agency", "media",
        "gallery", "photos", "studio", "work", "works", "social", "world", "today", "cafe",
        "bar", "restaurant", "catering", "flowers", "florist", "wedding", "band", "dj",
        "rocks", "fun", "games", "pro", "name", "mobi", "asia", "travel", "tours", "cloud",
        "host", "digital", "solutions", "services", "events", "academy", "school", "coach",
        "boutique", "fashion", "jewelry", "gifts", "cards", "cool", "biz", "uk", "london",
        "nyc", "berlin", "paris", "wales", "scot", "irish", "porn", "sex", "xxx", "gov", "edu",
        "ltd", "plc", "ac", "nom", "gob", "ai", "bio", "lk", "ms", "love", "beauty", "hair", "makeup",
        "fit", "yoga", "family", "kitchen", "recipes", "pizza", "guru", "ninja", "shopping", "market", "house",
        "town", "city", "zone", "team", "tools", "systems", "network", "company", "business", "art", "vip",
    ]

    /// TLDs that are also common words: accepted only with a path or a known host.
    static let ambiguousTLDs: Set<String> = [
        "is", "no", "at", "it", "in", "me", "to", "us", "so", "la", "sh", "by", "my", "id",
        "be", "do", "go", "am", "an", "as", "he", "hi", "if", "of", "on", "or", "up", "we",
        "ai", "ms",
    ]

    /// Dotted names that are software, not links.
    static let notHosts: Set<String> = ["asp.net", "vb.net", "ado.net", "node.js", "vue.js", "next.js", "react.js"]

    /// TLDs that are ordinary words: accepted with spelled/spaced dots only with a path.
    static let wordTLDs: Set<String> = [
        "one", "live", "life", "link", "page", "site", "bar", "band", "fun", "cool", "work",
        "works", "today", "name", "pro", "art", "party", "events", "music", "design", "club",
        "store", "shop", "email", "photo", "space", "cards", "gifts",
    ]

    /// Hosts whose registrable name may be a single letter or is always a link.
    static let knownHosts: Set<String> = [
        "t.me", "wa.me", "m.me", "fb.me", "x.com", "bit.ly", "paypal.me", "linktr.ee", "cash.app",
        "venmo.com", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "cutt.ly", "rb.gy", "t.co",
        "youtu.be", "instagr.am", "lnkd.in", "buff.ly", "shorturl.at", "tiny.cc", "wa.link",
    ]

    /// Free-mail providers: "name at gmail" without a TLD is still an address.
    static let freemail: Set<String> = [
        "gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "icloud", "aol", "proton",
        "protonmail", "gmx", "yandex", "zoho", "wanadoo", "laposte", "libero", "btinternet",
        "rediffmail", "fastmail", "tutanota", "tonline", "freenet", "seznam", "rocketmail",
        "googlemail", "bigpond", "sbcglobal", "comcast", "verizon", "virginmedia", "talktalk",
    ]

    /// Dot words ("dot", "punkt", …).
    static let dotWords: [[UInt8]] = [
        Array("dot".utf8), Array("punto".utf8), Array("punkt".utf8),
        Array("point".utf8), Array("dote".utf8),
    ]
    /// Separators spelled out inside a user name: dot words plus "underscore", "dash", "hyphen".
    static let nameWords: [[UInt8]] = dotWords + ["underscore", "dash", "hyphen"].map { Array($0.utf8) }
    /// At words ("at", "arroba", …).
    static let atWords: [[UInt8]] = [Array("at".utf8), Array("arroba".utf8), Array("chez".utf8)]

    @inline(__always) static func isLabelChar(_ c: UInt32) -> Bool {
        CharClass.isAlnum(c) || c == 0x2D || c == 0x5F
    }
    @inline(__always) static func isOpen(_ c: UInt32) -> Bool { c == 0x28 || c == 0x5B || c == 0x7B || c == 0x3C }
    @inline(__always) static func isClose(_ c: UInt32) -> Bool { c == 0x29 || c == 0x5D || c == 0x7D || c == 0x3E }

    /// End of a label (run of label chars, not starting with '-'/'_') starting at `i`, or nil.
    static func label(_ t: NormalizedText, _ i: Int) -> Int? {
        guard i < t.count, CharClass.isAlnum(t[i]) else { return nil }
        var j = i
        while j < t.count && isLabelChar(t[j]) { j += 1 }
        while j > i && !CharClass.isAlnum(t[j - 1]) { j -= 1 }
        return j
    }

    /// Start of a label ending at `end` (exclusive), or nil.
    static func labelBack(_ t: NormalizedText, _ end: Int) -> Int? {
        guard end > 0, CharClass.isAlnum(t[end - 1]) else { return nil }
        var j = end
        while j > 0 && isLabelChar(t[j - 1]) { j -= 1 }
        while j < end && !CharClass.isAlnum(t[j]) { j += 1 }
        return j
    }

    /// Kind of obfuscated separator matched.
    enum SepKind { case plain, spaced, word, bracket }

    /// Matches a separator token (a literal `symbol` or one of `words`) starting at `i`
    /// (right after a label). Returns the index after it and how it was written.
    static func sep(_ t: NormalizedText, _ i: Int, symbol: UInt32, words: [[UInt8]]) -> (Int, SepKind)? {
        if t[i] == symbol { return CharClass.isAlnum(t[i + 1]) ? (i + 1, .plain) : nil }
        var j = i
        var spaces = 0
        while t[j] == 0x20 && spaces < 3 {
            j += 1
            spaces += 1
        }
        if isOpen(t[j]) {
            var k = j + 1
            while t[k] == 0x20 { k += 1 }
            var m: Int? = nil
            if t[k] == symbol {
                m = k + 1
            } else {
                for w in words where t.matches(w, at: k) && !CharClass.isAlnum(t[k + w.count]) {
                    m = k + w.count
                    break
                }
            }
            guard var e = m else { return nil }
            while t[e] == 0x20 { e += 1 }
            guard isClose(t[e]) else { return nil }
            e += 1
            while t[e] == 0x20 { e += 1 }
            return CharClass.isAlnum(t[e]) ? (e, .bracket) : nil
        }
        guard spaces > 0 else { return nil }
        if t[j] == symbol {
            var e = j + 1
            var sp = 0
            while t[e] == 0x20 && sp < 3 {
                e += 1
                sp += 1
            }
            // "shop . com" and "shop .com" (but not "done. Com…", which reads as a sentence)
            return CharClass.isAlnum(t[e]) ? (e, .spaced) : nil
        }
        for w in words where t.matches(w, at: j) && t[j + w.count] == 0x20 {
            var e = j + w.count
            while t[e] == 0x20 { e += 1 }
            return CharClass.isAlnum(t[e]) ? (e, .word) : nil
        }
        return nil
    }

    /// Matches a separator ending at `end` (right before a label), scanning backwards.
    static func sepBack(_ t: NormalizedText, _ end: Int, symbol: UInt32, words: [[UInt8]]) -> (Int, SepKind)? {
        if t[end - 1] == symbol {
            if CharClass.isAlnum(t[end - 2]) { return (end - 1, .plain) }
            // "anna .smith": spaces before the dot only
            var s = end - 1
            var sp = 0
            while s > 0 && t[s - 1] == 0x20 && sp < 3 {
                s -= 1
                sp += 1
            }
            return sp > 0 && CharClass.isAlnum(t[s - 1]) ? (s, .spaced) : nil
        }
        var j = end
        var spaces = 0
        while j > 0 && t[j - 1] == 0x20 && spaces < 3 {
            j -= 1
            spaces += 1
        }
        if j > 0 && isClose(t[j - 1]) {
            var k = j - 1
            while k > 0 && t[k - 1] == 0x20 { k -= 1 }
            var m: Int? = nil
            if t[k - 1] == symbol {
                m = k - 1
            } else {
                for w in words where k - w.count >= 0 && t.matches(w, at: k - w.count) && !CharClass.isAlnum(t[k - w.count - 1]) {
                    m = k - w.count
                    break
                }
            }
            guard var s = m else { return nil }
            while s > 0 && t[s - 1] == 0x20 { s -= 1 }
            guard s > 0 && isOpen(t[s - 1]) else { return nil }
            s -= 1
            while s > 0 && t[s - 1] == 0x20 { s -= 1 }
            return CharClass.isAlnum(t[s - 1]) ? (s, .bracket) : nil
        }
        guard spaces > 0, j > 0 else { return nil }
        if t[j - 1] == symbol {
            var s = j - 1
            var sp = 0
            while s > 0 && t[s - 1] == 0x20 && sp < 3 {
                s -= 1
                sp += 1
            }
            return sp > 0 && CharClass.isAlnum(t[s - 1]) ? (s, .spaced) : nil
        }
        for w in words where j - w.count >= 0 && t.matches(w, at: j - w.count) && t[j - w.count - 1] == 0x20 {
            var s = j - w.count
            while s > 0 && t[s - 1] == 0x20 { s -= 1 }
            return CharClass.isAlnum(t[s - 1]) ? (s, .word) : nil
        }
        return nil
    }

    /// A parsed dotted name: label ranges and whether any separator was obfuscated.
    struct Dotted {
        var labels: [(Int, Int)] = []
        var obfuscated = false
        var end: Int { labels.last?.1 ?? 0 }
        func text(_ t: NormalizedText, _ k: Int) -> String { t.string(labels[k].0, labels[k].1) }
    }

    /// Parses `label (dot label)*` forwards from `i`.
    static func dottedForward(_ t: NormalizedText, _ i: Int, maxLabels: Int = 8, words: [[UInt8]] = dotWords) -> Dotted {
        var d = Dotted()
        guard let e0 = label(t, i) else { return d }
        d.labels.append((i, e0))
        var p = e0
        while d.labels.count < maxLabels, let (n, kind) = sep(t, p, symbol: 0x2E, words: words),
            let e = label(t, n)
        {
            if kind != .plain { d.obfuscated = true }
            d.labels.append((n, e))
            p = e
        }
        return d
    }

    /// Parses `(label dot)* label` backwards from `end`; labels returned in text order.
    static func dottedBackward(_ t: NormalizedText, _ end: Int, maxLabels: Int = 8, words: [[UInt8]] = dotWords) -> Dotted {
        var d = Dotted()
        guard let s0 = labelBack(t, end) else { return d }
        var labels = [(s0, end)]
        var p = s0
        while labels.count < maxLabels, let (n, kind) = sepBack(t, p, symbol: 0x2E, words: words),
            let s = labelBack(t, n)
        {
            if kind != .plain { d.obfuscated = true }
            labels.append((s, n))
            p = s
        }
        d.labels = labels.reversed()
        return d
    }

    /// Index of the last label that is a TLD (searching from the right, at least index 1).
    static func lastTLDIndex(_ t: NormalizedText, _ d: Dotted) -> Int? {
        var k = d.labels.count - 1
        while k >= 1 {
            if tlds.contains(d.text(t, k)) { return k }
            k -= 1
        }
        return nil
    }
}
