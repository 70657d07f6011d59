import Foundation

/// Finds phone numbers: national and international formats with any separators (spaces,
/// dots, dashes, slashes, `#`, emoji, zero-width characters), digits of any script,
/// spelled digits ("oh seven", "double four", Spanish/German/French/… number words),
/// mixed digits and words, and `O`/`l`/`I` used as digits. Prices, dates, times, IDs,
/// quantities, dimensions, postcodes, coordinates, versions and percentages are rejected
/// by structure (digit count, grouping, leading `0`/`+`) and by context words.
struct PhoneDetector {
    /// Spelled digits by word hash ("x2"/"x3" for multipliers).
    let numberWords: HashMap64  // value: digit 0-9, or 102/103 for double/triple

    init(numberWords: [[UInt32]: String]) {
        var d: [(UInt64, Int32)] = []
        for (w, v) in numberWords {
            var h: UInt64 = 0xcbf29ce484222325
            for u in w { h = (h ^ UInt64(u)) &* 0x100000001b3 }
            if v == "x2" {
                d.append((h, 102))
            } else if v == "x3" {
                d.append((h, 103))
            } else if let n = Int32(v), (0...9).contains(n) {
                d.append((h, n))
            }
        }
        self.numberWords = HashMap64(d)
    }

    static let fillerHashes = HashMap64(set: fillers.map { NormalizedText.hash($0) })

    static let fillers: Set<String> = ["and", "then", "und", "dann", "y", "et", "puis", "luego", "e", "followed", "by"]
    static let strongPhone: Set<String> = [
        "call", "phone", "tel", "telephone", "mobile", "mob", "cell", "cellphone", "ring", "text", "txt",
        "sms", "whatsapp", "whats", "wa", "viber", "signal", "telegram", "handy", "telefon", "portable",
        "appelle", "appelez", "appeler", "llamame", "llama", "llamar", "movil", "celular", "zap", "ruf",
        "anrufen", "reach", "contact", "tlf", "telefono", "numero", "nummer", "number", "num", "ph", "mob",
        "cellulare", "telemovel", "bel", "mij", "wapp", "imessage", "facetime", "escribeme", "escribe",
        "wsp", "wasap", "guasap", "llamada", "tlfn", "tfno", "cel", "handynummer", "festnetz", "appel", "joindre",
        "contacto", "telefone", "ligue", "liga", "chiamami", "chiama", "scrivimi", "bellen", "mobiel", "textme",
    ]
    static let idWords: Set<String> = [
        "order", "invoice", "inv", "tracking", "track", "ref", "reference", "waybill", "serial", "sn",
        "isbn", "ean", "sku", "upc", "po", "iban", "account", "acct", "awb", "parcel", "shipment",
        "confirmation", "code", "id", "nr", "vat", "tax", "gtin", "imei", "model", "part", "batch",
        "lot", "receipt", "transaction", "txn", "case", "ticket", "claim", "policy", "customer",
        "member", "postcode", "zip", "plz", "bestellnummer", "rechnung", "commande", "facture",
        "pedido", "factura", "sort", "bic", "swift", "routing", "card", "pin", "reservation",
        "coordinates", "gps", "lat", "lng", "long", "version", "barcode", "asin", "isbn13", "isbn10",
        "item", "listing", "product", "article", "artikel", "kundennummer", "voucher", "coupon",
        "dhl", "ups", "fedex", "usps", "hermes", "dpd", "gls", "royal", "mail", "consignment", "ref.",
    ]
    static let units: Set<String> = [
        "eur", "euro", "euros", "usd", "gbp", "dollars", "dollar", "pounds", "pound", "quid", "bucks",
        "kg", "g", "gr", "cm", "mm", "m", "km", "ml", "l", "lbs", "lb", "oz", "pcs", "pieces",
        "reais", "rs", "inr", "naira", "ngn", "chf", "pesos", "guests", "people", "pax", "years",
        "sqm", "ft", "feet", "inches", "units", "copies", "views", "followers", "likes",
    ]

    struct Item {
        var digits: [UInt8]
        var start: Int
        var end: Int
        var word: Bool
        var soft: Bool  // a comma/semicolon gap precedes it
        var sep: UInt32  // main separator char before it (0x20 if only spaces / none)
    }

    func detect(_ t: NormalizedText, into hits: inout [Hit]) {
        var chain: [Item] = []
        var chainCtx: [(Int, Int)] = []
        var recent: [(Int, Int)] = []
        var gapNonSpace = 0
        var gapSep: UInt32 = 0x20
        var soft = false
        var fillers = 0
        var mult = 1
        let n = t.count
        var i = 0

        func flush(_ next: (Int, Int)?) {
            if !chain.isEmpty { evaluate(t, chain, chainCtx, next, &hits) }
            chain.removeAll(keepingCapacity: true)
            gapNonSpace = 0
            gapSep = 0x20
            soft = false
            fillers = 0
            mult = 1
        }
        func add(_ digits: [UInt8], _ a: Int, _ b: Int, word: Bool) {
            // no phone number has this many groups: evaluate what we have and start over
            if chain.count >= 24 {
                let keep = (soft, gapSep)
                flush(nil)
                (soft, gapSep) = keep
            }
            if chain.isEmpty {
                chainCtx = recent.suffix(3)
                recent.removeAll()
            }
            var d = digits
            if mult > 1, d.count == 1 { d = Array(repeating: d[0], count: mult) }
            mult = 1
            chain.append(Item(digits: d, start: a, end: b, word: word, soft: soft, sep: gapSep))
            gapNonSpace = 0
            gapSep = 0x20
            soft = false
            fillers = 0
        }

        while i < n {
            let c = t.c[i]
            if c == 0x20 {
                i += 1
                continue
            }
            if CharClass.isAlnum(c) {
                var j = i
                var nd = 0, nl = 0, odd = 0
                while j < n && CharClass.isAlnum(t.c[j]) {
                    let v = t.c[j]
                    if CharClass.isDigit(v) {
                        nd += 1
                    } else {
                        nl += 1
                        if PhoneDetector.lookalike(v, last: j + 1 == n || !CharClass.isAlnum(t.c[j + 1])) == nil { odd += 1 }
                    }
                    j += 1
                }
                if nd > 0 && nl == 0 {
                    // digits glued to a letter word by '-' ("PO-2025", "RF-0029") are IDs
                    if chain.isEmpty, i >= 2, t[i - 1] == 0x2D, CharClass.isLower(t[i - 2]) {
                        recent.append((-1, -1))
                        i = j
                        continue
                    }
                    add(t.c[i..<j].map { UInt8($0) }, i, j, word: false)
                } else if nd >= 1 && odd == 0 && nl <= nd + 1 && (nd >= 2 || j - i >= 3) {
                    add((i..<j).map { k in PhoneDetector.lookalike(t.c[k], last: k + 1 == j) ?? 0x30 }, i, j, word: false)
                } else if nd >= 1, let d = spelledDigits(t, i, j) {
                    add(d, i, j, word: true)
                } else if nd >= 9, let (da, db) = gluedDigits(t, i, j) {
                    // "tel07700900461", "07700900461pls": a long number glued to a keyword or a word
                    if da > i {
                        flush(nil)
                        recent = [(i, da)]
                    }
                    add(t.c[da..<db].map { UInt8($0) }, da, db, word: false)
                    if db < j { flush((db, j)) }
                } else if nd > 0 {
                    flush(nil)
                    recent.append((-1, -1))
                } else {
                    let h = t.hash(i, j)
                    if j - i <= 7, let v = numberWords[h] {
                        if v >= 100 { mult = Int(v) - 100 } else { add([UInt8(0x30 + v)], i, j, word: true) }
                    } else if !chain.isEmpty && PhoneDetector.fillerHashes.contains(h) && fillers < 2 {
                        fillers += 1
                    } else {
                        flush((i, j))
                        recent.append((i, j))
                        if recent.count > 6 { recent.removeFirst() }
                    }
                }
                i = j
                continue
            }
            // symbols
            switch c {
            case 0x3A, 0x25, 0x3D, 0xB0, 0x40, 0x24, 0xA3, 0x20AC, 0xA5, 0x20B9, 0x20BD, 0x20A6, 0xA2, 0x5D, 0x5B, 0x27:
                flush(nil)
                if c == 0x5D { recent.removeAll() }
                if c == 0x24 || c == 0xA3 || c == 0x20AC || c == 0xA5 || c == 0x20B9 || c == 0x20A6 { recent.append((-2, -2)) }
            case 0x2C, 0x3B:
                if CharClass.isDigit(t[i - 1]) && CharClass.isDigit(t[i + 1]) {
                    flush(nil)
                } else {
                    soft = true
                    gapNonSpace += 1
                }
            case 0x2E:
                if CharClass.isAlnum(t[i - 1]) && CharClass.isAlnum(t[i + 1]) {
                    gapSep = c
                    gapNonSpace += 1
                } else if t[i - 1] == 0x20 && t[i + 1] == 0x20 {
                    gapSep = c
                    gapNonSpace += 1
                } else if t[i - 1] == 0x2E || t[i + 1] == 0x2E {
                    gapSep = c
                    gapNonSpace += 1
                } else {
                    flush(nil)
                }
            default:
                if c >= 0x80 && CharClass.isWord(c) {
                    // another script's word: a breaker
                    var j = i
                    while j < n && t.c[j] != 0x20 && CharClass.isWord(t.c[j]) { j += 1 }
                    flush(nil)
                    recent.append((-3, -3))
                    i = j
                    continue
                }
                gapNonSpace += 1
                if c != 0x28 && c != 0x29 && c != 0x2B { gapSep = c }
            }
            if gapNonSpace > 4 { flush(nil) }
            i += 1
        }
        flush(nil)
        detectSplit(t, into: &hits)
    }

    static let gluedPrefixes: Set<String> = [
        "tel", "ph", "mob", "phone", "call", "whatsapp", "wa", "cell", "mobile",
        "text", "txt", "sms", "handy", "tlf", "movil", "num", "no", "nr",
    ]

    /// Digit range of a token that is `keyword + digits` or `digits + letters`, if it is one.
    private func gluedDigits(_ t: NormalizedText, _ a: Int, _ b: Int) -> (Int, Int)? {
        var k = a
        while k < b && CharClass.isLower(t.c[k]) { k += 1 }
        var m = k
        while m < b && CharClass.isDigit(t.c[m]) { m += 1 }
        var r = m
        while r < b && CharClass.isLower(t.c[r]) { r += 1 }
        guard r == b, m - k >= 9 else { return nil }
        if k > a && m < b { return nil }
        if k > a { return PhoneDetector.gluedPrefixes.contains(t.string(a, k)) ? (k, m) : nil }
        return (k, m)
    }

    // MARK: evaluation

    private func evaluate(_ t: NormalizedText, _ items: [Item], _ ctxRanges: [(Int, Int)], _ nextRange: (Int, Int)?, _ hits: inout [Hit]) {
        var total = 0
        for it in items { total += it.digits.count }
        if total < 7 { return }
        let ctx: [String] = ctxRanges.map { r in
            r.0 >= 0 ? t.string(r.0, r.1) : (r.0 == -1 ? "id" : (r.0 == -2 ? "$" : "?"))
        }
        let next = nextRange.map { t.string($0.0, $0.1) }
        // context: ID words veto unless a phone word is nearer
        var phoneCtx = false
        for w in ctx.reversed() {
            if PhoneDetector.strongPhone.contains(w) {
                phoneCtx = true
                break
            }
            if PhoneDetector.idWords.contains(w) || w == "$" || w == "id" { return }
        }
        if !phoneCtx, let nx = next, PhoneDetector.strongPhone.contains(nx) { phoneCtx = true }
        // segments split at commas
        var segs: [[Item]] = []
        for it in items {
            if it.soft || segs.isEmpty { segs.append([it]) } else { segs[segs.count - 1].append(it) }
        }
        var s = 0
        while s < segs.count {
            var found = false
            var e = min(segs.count - 1, s + 8)
            while e >= s {
                var cand = Array(segs[s...e].joined())
                if let k = datePrefix(cand) { cand.removeFirst(k) }
                if !cand.isEmpty, accept(t, cand, phoneCtx: phoneCtx, next: e == segs.count - 1 ? next : nil) {
                    hits.append(span(t, cand))
                    found = true
                    break
                }
                e -= 1
            }
            s = found ? e + 1 : s + 1
        }
    }

    private func datePrefix(_ items: [Item]) -> Int? {
        guard items.count >= 2 else { return nil }
        func val(_ it: Item) -> Int { Int(String(decoding: it.digits, as: UTF8.self)) ?? 0 }
        let a = items[0], b = items[1]
        if a.word || b.word { return nil }
        let sep = b.sep
        guard sep == 0x2F || sep == 0x2E || sep == 0x2D else { return nil }
        if items.count >= 3, items[2].sep == sep, !items[2].word {
            let c = items[2]
            if a.digits.count == 4, (1...2).contains(b.digits.count), (1...2).contains(c.digits.count),
                (1900...2100).contains(val(a)), (1...12).contains(val(b))
            {
                return 3
            }
            if (1...2).contains(a.digits.count), (1...2).contains(b.digits.count), c.digits.count == 4 || (c.digits.count == 2 && items.count == 3),
                (1...31).contains(val(a)), (1...12).contains(val(b)) || (1...12).contains(val(a))
            {
                return 3
            }
        }
        if sep == 0x2F, (1...2).contains(a.digits.count), (1...2).contains(b.digits.count),
            (1...31).contains(val(a)), (1...31).contains(val(b))
        {
            return 2
        }
        return nil
    }

    private func plusBefore(_ t: NormalizedText, _ i: Int) -> Bool {
        var j = i - 1
        var k = 0
        while j >= 0 && k < 3 && (t.c[j] == 0x20 || t.c[j] == 0x28) {
            j -= 1
            k += 1
        }
        return j >= 0 && t.c[j] == 0x2B
    }

    private func accept(_ t: NormalizedText, _ items: [Item], phoneCtx: Bool, next: String?) -> Bool {
        var digits: [UInt8] = []
        var hasWord = false
        var soft = false
        for (k, it) in items.enumerated() {
            digits.append(contentsOf: it.digits)
            if it.word { hasWord = true }
            if k > 0 && it.soft { soft = true }
        }
        let d = digits.count
        if d < 7 || d > 15 { return false }
        if let nx = next, PhoneDetector.units.contains(nx) { return false }
        // currency or unit glued right after the last digit
        let after = t[items.last!.end]
        if after == 0x25 || after == 0x20AC || after == 0x24 || after == 0xA3 { return false }
        let intl = plusBefore(t, items[0].start) || (digits[0] == 0x30 && digits[1] == 0x30 && d >= 11)
        if intl { return d >= 8 }
        if digits[0] == 0x30 { return d >= 9 && d <= 12 }
        if hasWord { return d >= 9 && d <= 12 }
        if phoneCtx && d >= 8 && d <= 12 && items.count >= 2 { return !soft }
        if phoneCtx && d >= 10 && d <= 11 { return true }
        if phoneCtx && d >= 11 && d <= 13 && PhoneDetector.hasCountryCode(digits) { return true }
        let paren = items.contains { t[$0.start - 1] == 0x28 }
        if paren && d >= 10 && d <= 11 && !soft { return true }
        guard d == 10 || (d == 11 && digits[0] == 0x31) else { return false }
        if items.count == 1 || soft { return false }
        var g = items.map { $0.digits.count }
        if d == 11 && g.first == 1 { g.removeFirst() }
        if g.allSatisfy({ $0 == 1 }) { return true }
        let ok: [[Int]] = [[3, 3, 4], [3, 7], [5, 5], [4, 3, 3], [3, 3, 2, 2], [2, 4, 4], [3, 4, 3], [4, 6], [3, 3, 4]]
        return ok.contains(g)
    }

    /// International number written without '+' or "00" ("447700900461").
    static func hasCountryCode(_ d: [UInt8]) -> Bool {
        let s = String(decoding: d.prefix(3), as: UTF8.self)
        let two = [
            "44", "49", "33", "34", "39", "31", "32", "41", "43", "45", "46", "47", "48", "55", "52", "54", "61",
            "64", "81", "82", "86", "91", "92", "27", "20", "90", "62", "63", "65", "66", "60", "84", "30", "36", "40",
        ]
        let three = ["351", "353", "234", "254", "971", "966", "233", "380", "420", "212", "256", "255"]
        return three.contains(s) || two.contains(String(s.prefix(2)))
    }

    private func span(_ t: NormalizedText, _ items: [Item]) -> Hit {
        var a = items[0].start
        var b = items[items.count - 1].end
        // include a leading '+' and/or '('
        var j = a - 1
        var k = 0
        while j >= 0 && k < 3 && (t.c[j] == 0x20 || t.c[j] == 0x28 || t.c[j] == 0x2B) {
            if t.c[j] != 0x20 { a = j }
            j -= 1
            k += 1
        }
        var open = 0
        for x in a..<b { if t.c[x] == 0x28 { open += 1 } else if t.c[x] == 0x29 { open -= 1 } }
        if open > 0 && t[b] == 0x29 { b += 1 }
        return Hit(category: .phone, start: a, end: b, priority: 2, rank: 2)
    }
}
