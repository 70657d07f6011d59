import Foundation

/// Flags requests to move the conversation or the payment off the platform ("can we chat on
/// WhatsApp?", "do you have Instagram?", "I'll send my number after booking"). These
/// findings are never masked; they only mark the message for review.
struct SolicitationDetector {
    static let phrases: [[String]] = {
        let raw = [
            "whatsapp", "whats app", "telegram", "instagram", "insta", "snapchat", "facebook",
            "messenger", "wechat", "viber", "skype", "discord", "tiktok", "on signal", "paypal",
            "venmo", "zelle", "cashapp", "cash app", "revolut", "website", "ig",
            "text me", "call me", "ring me", "phone me", "email me", "e mail me", "mail me",
            "my number", "your number", "phone number", "mobile number", "cell number",
            "contact number", "my email", "your email", "email address", "my phone", "your phone",
            "my mobile", "your mobile", "off the app", "off the platform", "off the site", "off site",
            "outside the app", "outside the platform", "outside the site", "outside of the app",
            "pay cash", "in cash", "cash on", "pay directly", "pay you directly", "bank transfer",
            "direct transfer", "dm me", "message me", "reach me", "add me", "contact me",
            "contact details", "contact info", "my socials", "your socials", "my site", "your site",
            "my handle", "your handle", "find me on", "chat on", "talk on", "continue on",
            "send my number", "give me your", "give you my", "mi numero", "mi whatsapp",
            "meine nummer", "mon numero", "ruf mich", "appelle moi", "llamame", "escribeme",
        ]
        return raw.map { $0.split(separator: " ").map(String.init) }
    }()
    static let hashed: [[UInt64]] = phrases.map { $0.map { NormalizedText.hash($0) } }
    static let firstWords = HashMap64(set: hashed.map { $0[0] })

    func detect(_ t: NormalizedText, into findings: inout [Hit]) {
        var words: [(UInt64, Int, Int)] = []
        var i = 0
        let n = t.count
        while i < n {
            if t.c[i] == 0x5B, let e = Masker.placeholderEnd(t, i) {
                words.append((0, i, e))  // the masker's own placeholder: a barrier, not words
                i = e
                continue
            }
            guard CharClass.isAlnum(t.c[i]) else {
                i += 1
                continue
            }
            let a = i
            while i < n && CharClass.isAlnum(t.c[i]) { i += 1 }
            words.append((t.hash(a, i), a, i))
        }
        var k = 0
        while k < words.count {
            var advanced = false
            if SolicitationDetector.firstWords.contains(words[k].0) {
                for p in SolicitationDetector.hashed where p[0] == words[k].0 && k + p.count <= words.count {
                    var ok = true
                    for m in 1..<max(1, p.count) where words[k + m].0 != p[m] {
                        ok = false
                        break
                    }
                    if ok {
                        findings.append(Hit(category: .solicitation, start: words[k].1, end: words[k + p.count - 1].2, priority: 9))
                        k += p.count
                        advanced = true
                        break
                    }
                }
            }
            if !advanced { k += 1 }
        }
    }
}
