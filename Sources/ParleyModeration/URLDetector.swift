import Foundation

/// Finds links and bare domains: with or without scheme, `www.`, spaced or spelled-out
/// dots (`shop . com`, `cakes dot co dot uk`, `(.)`, `punkt`), shorteners, social,
/// link-in-bio and payment links (`t.me/…`, `wa.me/…`, `paypal.me/…`) and shop sub-domains.
struct URLDetector {
    private static let schemes: [[UInt8]] = ["https://", "http://", "hxxps://", "hxxp://", "ftp://"].map { Array($0.utf8) }
    private static let www = Array("www".utf8)

    func detect(_ t: NormalizedText, into hits: inout [Hit]) {
        let n = t.count
        var i = 0
        while i < n {
            let c = t.c[i]
            guard CharClass.isAlnum(c) else {
                i += 1
                continue
            }
            let prev = t[i - 1]
            if CharClass.isAlnum(prev) || prev == 0x2D || prev == 0x5F || prev == 0x40 || prev == 0x2E || prev == 0x2F || prev == 0x23 {
                i += 1
                continue
            }
            if c == 0x68 || c == 0x66 {
                var matched = false
                for s in URLDetector.schemes where t.matches(s, at: i) {
                    var e = i + s.count
                    while e < n && t.c[e] != 0x20 { e += 1 }
                    e = trimTrailing(t, i + s.count, e)
                    if e > i + s.count {
                        hits.append(Hit(category: .url, start: i, end: e, priority: 1, rank: 1))
                        i = e
                        matched = true
                    }
                    break
                }
                if matched { continue }
            }
            if let le = DomainSyntax.label(t, i), DomainSyntax.sep(t, le, symbol: 0x2E, words: DomainSyntax.dotWords) != nil,
                let e = bareDomain(t, i)
            {
                hits.append(Hit(category: .url, start: i, end: e, priority: 1, rank: 1))
                i = e
                continue
            }
            // skip the rest of this word
            while i < n && CharClass.isAlnum(t.c[i]) { i += 1 }
        }
    }

    private func trimTrailing(_ t: NormalizedText, _ lo: Int, _ e0: Int) -> Int {
        var e = e0
        while e > lo {
            let c = t.c[e - 1]
            if c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x29
                || c == 0x27 || c == 0x22 || c == 0x5D || c > 0x7F && !CharClass.isWord(c)
            {
                e -= 1
            } else {
                break
            }
        }
        return e
    }

    /// Parses a bare (or www.) domain starting at `i`; returns the end of host + path.
    private func bareDomain(_ t: NormalizedText, _ i: Int) -> Int? {
        let d = DomainSyntax.dottedForward(t, i)
        guard d.labels.count >= 2, let k = DomainSyntax.lastTLDIndex(t, d) else { return nil }
        var hostEnd = d.labels[k].1
        let tld = d.text(t, k)
        var firstReg = 0
        if d.text(t, 0) == "www" { firstReg = 1 }
        guard k > firstReg || (k == 1 && firstReg == 1) else { return nil }
        var regIndex = max(firstReg, k - 1)
        if regIndex > firstReg,
            ["co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "me", "nom", "gob", "or", "ne"].contains(d.text(t, regIndex)),
            tld.count == 2
        {
            regIndex -= 1
        }
        let reg = d.text(t, regIndex)
        let host = d.labels[regIndex...k].map { t.string($0.0, $0.1) }.joined(separator: ".")
        let known = DomainSyntax.knownHosts.contains(host) || DomainSyntax.knownHosts.contains(reg + "." + tld)
        // the registrable label must carry a letter and not be a bare number
        guard reg.contains(where: { $0.isLetter }) else { return nil }
        if reg.count < 2 && !known { return nil }
        // an '@' right after means this is an e-mail's local part
        var p = hostEnd
        if t[p] == 0x40 { return nil }
        var path = false
        if t[p] == 0x2F {
            var e = p + 1
            while e < t.count && t.c[e] != 0x20 { e += 1 }
            let te = trimTrailing(t, p + 1, e)
            if te > p + 1 {
                path = true
                p = te
            } else {
                p += 1
            }
            hostEnd = p
        }
        if DomainSyntax.notHosts.contains(host) && !path { return nil }
        let ambiguous = DomainSyntax.ambiguousTLDs.contains(tld)
        let tldCapital = t.up.count > d.labels[k].0 && t.up[d.labels[k].0]
        let distinctive = (reg.count >= 6 || reg.contains(where: { $0.isNumber || $0 == "-" })) && !tldCapital
        if ambiguous && !path && !known && firstReg == 0 && d.labels.count == 2 && !(distinctive && !d.obfuscated && tld != "ai") { return nil }
        if d.obfuscated {
            // spelled or spaced dots: require a clear TLD and a plausible name
            if (ambiguous || DomainSyntax.wordTLDs.contains(tld)) && !known && !path { return nil }
            if reg.count < 3 && !known { return nil }
        }
        // words glued by a missing space after a full stop ("done.Thanks") are not links
        if !d.obfuscated && !path && !known && firstReg == 0 && d.labels.count == 2 && tld.count > 3
            && !["info", "shop", "store", "online", "site", "website", "studio", "design"].contains(tld)
        {
            return nil
        }
        return hostEnd
    }
}
