import Foundation

/// Finds user names on other services: `@handle`, and a handle named after a platform
/// keyword ("insta: …", "snap me …", "telegram …", "discord name#1234", "skype live:…",
/// "find me on WhatsApp, username …"), spaced out or in look-alike letters.
struct HandleDetector {
    /// Platform keywords (normalized, single words).
    static let platforms: Set<String> = [
        "insta", "instagram", "ig", "snap", "snapchat", "telegram", "tg", "tiktok",
        "skype", "discord", "wechat", "weixin", "line", "signal", "kik", "twitter", "threads",
        "fb", "facebook", "whatsapp", "viber", "gram", "venmo", "cashapp", "paypal", "revolut",
        "username", "handle", "youtube", "pinterest", "twitch", "reddit", "tumblr", "messenger",
        "zelle", "wickr", "psn", "xbox", "qq", "vk", "bluesky",
        "mastodon", "etsy", "fiverr", "linkedin",
    ]
    /// Hashes of every word that can start a keyword.
    static let keywordHashes = HashMap64(set: (Array(platforms) + ["whats", "cash", "user", "my"]).map { NormalizedText.hash($0) })
    /// Keywords that are ordinary words too: need a marked handle (digit, '_', '.', ':').
    static let weakPlatforms: Set<String> = ["line", "signal", "snap", "handle", "session", "steam", "threads", "gram", "ok", "imo", "sc", "tt"]
    /// Words between a keyword and the handle.
    static let connectors: Set<String> = [
        "is", "me", "on", "at", "my", "name", "handle", "username", "user", "id", "its", "it", "s",
        "add", "follow", "dm", "us", "as", "app", "account", "acc", "page", "profile", "via",
        "under", "called", "find", "search", "for", "here", "there", "also", "too", "just",
    ]
    /// Common words that are never taken as a bare handle.
    static let stop: Set<String> = [
        "the", "a", "an", "and", "or", "but", "if", "is", "me", "on", "at", "my", "your", "our",
        "please", "pls", "thanks", "thank", "private", "public", "down", "closed", "new", "same",
        "broken", "not", "also", "too", "here", "there", "great", "better", "best", "full",
        "linked", "below", "above", "in", "under", "instead", "easier", "easy", "better", "faster",
        "quicker", "later", "now", "today", "tomorrow", "tonight", "soon", "first", "then", "so",
        "to", "for", "with", "from", "about", "of", "off", "up", "out", "what", "which", "who",
        "how", "why", "when", "where", "it", "this", "that", "these", "those", "we", "you", "i",
        "they", "he", "she", "him", "her", "them", "us", "do", "does", "did", "have", "has",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "be", "been",
        "are", "was", "were", "am", "no", "yes", "ok", "okay", "sure", "fine", "photos", "pics",
        "pictures", "videos", "video", "call", "chat", "message", "messages", "text", "send",
        "sent", "get", "got", "more", "less", "only", "all", "any", "some", "both", "each",
        "every", "one", "two", "details", "info", "stories", "story", "post", "posts", "reel",
        "reels", "link", "bio", "account", "acc", "group", "channel", "number", "email", "contact",
        "work", "portfolio", "business", "shop", "store", "profile", "page", "name", "handle",
        "username", "user", "id", "app", "as", "well", "again", "back", "though", "anyway",
        "like", "see", "look", "check", "follow", "find", "search", "add", "dm", "pm", "hmu",
        "via", "by", "its", "it's", "s", "yet", "ever", "never", "always", "still", "just",
        "very", "really", "quite", "much", "many", "lot", "lots", "since", "because", "while",
        "too", "ages", "long", "short", "maybe", "perhaps", "instead", "either", "neither",
        "dead", "hacked", "deleted", "gone", "inactive", "active", "locked", "banned", "suspended", "empty",
        "old", "small", "tiny", "big", "growing", "popular", "boring", "weird", "messy", "cute", "nice", "busy",
        "open", "available", "updated", "down", "working", "fine", "good", "bad", "slow", "blocked", "there",
        "stories", "highlights", "feed", "grid", "live", "lives", "dms", "dm", "inbox", "messages", "chats", "calls",
        "group", "groups", "status", "statuses", "streaks", "snaps", "filters", "posts", "tags", "tagged", "tag",
        "mine", "yours", "ours", "his", "hers", "theirs", "people", "everyone", "someone", "anyone", "nobody",
        "same", "different", "separate", "personal", "professional", "official", "main", "second", "backup",
        "marketing", "ads", "shop", "shopping", "fans", "followers", "following", "friends", "family", "clients",
        "customers", "work", "stuff", "things", "thing", "something", "nothing", "anything", "everything", "ok",
    ]

    func detect(_ t: NormalizedText, into hits: inout [Hit]) {
        let n = t.count
        var i = 0
        while i < n {
            let c = t.c[i]
            if c == 0x40 {
                let prev = t[i - 1]
                if !(CharClass.isAlnum(prev) || prev == 0x2E || prev == 0x5F || prev == 0x5D || prev == 0x2A), let e = handleEnd(t, i + 1),
                    CharClass.isLower(t[i + 1]) || t[i + 1] == 0x5F, e - (i + 1) >= 2,
                    !HandleDetector.atStop.contains(t.string(i + 1, e))
                {
                    hits.append(Hit(category: .handle, start: i, end: HandleDetector.spelledEnd(t, e), priority: 1, rank: 0))
                    i = e
                    continue
                }
                if !CharClass.isAlnum(prev), let h = spacedAt(t, i) {
                    hits.append(h)
                    i = h.end
                    continue
                }
                i += 1
                continue
            }
            guard CharClass.isLower(c), !CharClass.isAlnum(t[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            while j < n && CharClass.isAlnum(t.c[j]) { j += 1 }
            if !HandleDetector.keywordHashes.contains(t.hash(i, j)) {
                i = j
                continue
            }
            var word = t.string(i, j)
            var kwEnd = j
            // "whats app", "cash app", "user name"
            if word == "whats" || word == "cash" || word == "user" || word == "my" {
                var k = j
                while t[k] == 0x20 { k += 1 }
                var m = k
                while m < n && CharClass.isAlnum(t.c[m]) { m += 1 }
                let w2 = t.string(k, m)
                if word == "whats" && w2 == "app" {
                    word = "whatsapp"
                    kwEnd = m
                }
                if word == "cash" && w2 == "app" {
                    word = "cashapp"
                    kwEnd = m
                }
                if word == "user" && w2 == "name" {
                    word = "username"
                    kwEnd = m
                }
                if word == "my" && w2 == "gram" {
                    word = "gram"
                    kwEnd = m
                }
            }
            if HandleDetector.platforms.contains(word) {
                // "my snap is …": an owner word makes even an everyday keyword a platform name
                var q = i
                while q > 0 && t[q - 1] == 0x20 { q -= 1 }
                var r = q
                while r > 0 && CharClass.isLower(t[r - 1]) { r -= 1 }
                let owner = ["my", "our", "his", "her", "add"].contains(t.string(r, q))
                let weak = HandleDetector.weakPlatforms.contains(word) && !owner
                let bareOK = (owner || r == 0) && HandleDetector.bareKeywords.contains(word)
                if let h = afterKeyword(t, kwEnd, weak: weak, bareOK: bareOK) {
                    hits.append(h)
                    i = h.end
                    continue
                }
                if !HandleDetector.weakPlatforms.contains(word), let h = beforeKeyword(t, i) { hits.append(h) }
            }
            i = j
        }
        detectDescribed(t, into: &hits)
    }

    /// End of handle characters starting at `i` (letters, digits, `.`, `_`, `-`), trailing
    /// dots/dashes removed.
    private func handleEnd(_ t: NormalizedText, _ i: Int) -> Int? {
        var j = i
        while j < t.count, CharClass.isAlnum(t.c[j]) || t.c[j] == 0x2E || t.c[j] == 0x5F || t.c[j] == 0x2D { j += 1 }
        while j > i && (t.c[j - 1] == 0x2E || t.c[j - 1] == 0x2D) { j -= 1 }
        return j > i ? j : nil
    }

    /// "kofi.beats on insta", "tom_b via telegram": a marked token right before "on/at/via <platform>".
    private func beforeKeyword(_ t: NormalizedText, _ kw: Int) -> Hit? {
        var p = kw
        while p > 0 && t[p - 1] == 0x20 { p -= 1 }
        var q = p
        while q > 0 && CharClass.isLower(t[q - 1]) { q -= 1 }
        let prep = t.string(q, p)
        guard ["on", "at", "via", "in", "auf", "en", "sur", "su", "no", "op"].contains(prep) else { return nil }
        var e = q
        while e > 0 && t[e - 1] == 0x20 { e -= 1 }
        while e > 0 && (t[e - 1] == 0x2E || t[e - 1] == 0x2C) { e -= 1 }
        var a = e
        while a > 0, CharClass.isAlnum(t[a - 1]) || t[a - 1] == 0x2E || t[a - 1] == 0x5F || t[a - 1] == 0x2D { a -= 1 }
        let spelled = HandleDetector.spelledStart(t, a)
        if spelled < a { return Hit(category: .handle, start: spelled, end: e, priority: 1, rank: 0) }
        guard e - a >= 4, CharClass.isLower(t[a]), t[a - 1] != 0x40, t[a - 1] != 0x2F else { return nil }
        let tok = t.string(a, e)
        guard tok.contains(where: { $0 == "_" || $0 == "." }) else { return nil }
        if let dot = tok.lastIndex(of: "."), HandleDetector.fileExtensions.contains(String(tok[tok.index(after: dot)...])) { return nil }
        return Hit(category: .handle, start: a, end: e, priority: 1, rank: 0)
    }

    static let fileExtensions: Set<String> = [
        "pdf", "png", "jpg", "jpeg", "gif", "svg", "psd", "ai", "doc", "docx", "txt",
        "zip", "mp3", "mp4", "mov", "wav", "xls", "xlsx", "csv", "eps", "tif", "tiff", "heic", "webp", "ppt", "pptx", "key", "pages",
    ]

    /// Words after '@' that are not handles ("meet @noon").
    static let atStop: Set<String> = [
        "home", "work", "noon", "lunch", "dinner", "night", "midnight", "morning", "venue",
        "church", "school", "office", "reception", "the", "my", "your", "our", "least", "all", "once", "last", "first", "most",
        "everyone", "here", "channel", "someone", "anyone",
    ]

    /// Keywords after which a bare word can be a handle ("my IG lunabakes").
    static let bareKeywords: Set<String> = [
        "ig", "insta", "instagram", "snap", "snapchat", "tiktok", "telegram", "tg",
        "kik", "wechat", "discord", "skype", "gram", "twitter", "threads",
    ]

    private func afterKeyword(_ t: NormalizedText, _ start: Int, weak: Bool, bareOK: Bool) -> Hit? {
        var p = start
        var introduced = false
        var steps = 0
        while steps < 6 {
            while t[p] == 0x20 { p += 1 }
            let c = t[p]
            if c == 0x3A || c == 0x2D || c == 0x3D || c == 0x2C || c == 0x3E || c == 0x2192 || c == 0x27 || c == 0x28 || c == 0x29 {
                if c == 0x3A || c == 0x3D || c == 0x2192 { introduced = true }
                p += 1
                steps += 1
                continue
            }
            if c == 0x40 { return nil }  // handled by the '@' rule
            if c == 0x24 && CharClass.isLower(t[p + 1]) {
                // a Cash App "$cashtag"
                var e = p + 1
                while e < t.count, CharClass.isAlnum(t.c[e]) || t.c[e] == 0x5F || t.c[e] == 0x2D || t.c[e] == 0x2E { e += 1 }
                while e > p + 1 && (t.c[e - 1] == 0x2E || t.c[e - 1] == 0x2D) { e -= 1 }
                return e - p >= 3 ? Hit(category: .handle, start: p, end: e, priority: 1, rank: 0) : nil
            }
            guard CharClass.isAlnum(c) else { return nil }
            var j = p
            while j < t.count && CharClass.isAlnum(t.c[j]) { j += 1 }
            let w = t.string(p, j)
            if HandleDetector.connectors.contains(w) && !(t[j] == 0x2E || t[j] == 0x5F || (t[j] == 0x3A && CharClass.isAlnum(t[j + 1]))) {
                if w == "is" || w == "username" || w == "handle" || w == "name" || w == "id" || w == "called" { introduced = true }
                p = j
                steps += 1
                continue
            }
            break
        }
        guard CharClass.isAlnum(t[p]) else { return nil }
        // the handle token: letters, digits, . _ - and a trailing #1234 or a "live:" prefix
        var e = p
        while e < t.count {
            let c = t.c[e]
            if CharClass.isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x2D {
                e += 1
                continue
            }
            if (c == 0x23 || c == 0x3A) && CharClass.isAlnum(t[e + 1]) {
                e += 1
                continue
            }
            break
        }
        while e > p && (t.c[e - 1] == 0x2E || t.c[e - 1] == 0x2D || t.c[e - 1] == 0x3A) { e -= 1 }
        let tok = t.string(p, e)
        guard tok.count >= 2, tok.contains(where: { $0.isLetter }), let f = tok.first, f.isLetter || f == "_" else { return nil }
        let joined = HandleDetector.spelledEnd(t, e)
        if joined > e { return Hit(category: .handle, start: p, end: joined, priority: 1, rank: 0) }
        guard tok.count >= 3 else { return nil }
        let marked = tok.contains(where: { $0 == "." || $0 == "_" || $0 == "#" || $0 == ":" || $0.isNumber })
        if !marked {
            if weak { return nil }
            if HandleDetector.stop.contains(tok) || tok.count < 4 { return nil }
            if !introduced {
                // "IG lunabakes" at the end of a clause: the bare word is the handle
                var k = e
                while t[k] == 0x20 { k += 1 }
                let after = t[k]
                let englishy = ["ed", "ing", "ly", "er", "est", "tion", "able", "ible", "ful", "ness", "ment", "ous", "ive", "ks", "ts"]
                    .contains { tok.hasSuffix($0) }
                guard bareOK, !englishy, steps == 0, tok.count >= 5,
                    after == 0 || after == 0x2E || after == 0x2C || after == 0x21 || after == 0x3F
                        || after == 0x29 || (after >= 0x80 && !CharClass.isWord(after))
                else { return nil }
            }
        }
        if tok.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return nil }
        // "O7S11": a digit group with look-alike letters is a phone number's, not a name
        if tok.filter(\.isNumber).count >= 2,
            (p..<e).allSatisfy({ PhoneDetector.lookalike(t.c[$0], last: $0 + 1 == e) != nil || t.c[$0] == 0x2E || t.c[$0] == 0x2D })
        {
            return nil
        }
        return Hit(category: .handle, start: p, end: e, priority: 1, rank: 0)
    }
}
