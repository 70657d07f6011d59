/// Phone numbers broken up by words: "starts 0771 and then it's 904 336", "+33 is the code,
/// then 6 12 44 80 19", "oh seven nine, next five one two, last bit eight four zero"; and the
/// tokens that mix digits with number words ("07nine00") or letters ("O7B12", "S55").
///
/// A split number must open like one (a group starting with 0, a spelled zero, or a country code
/// after '+'), have at most five words in each gap, no sentence end, price, time or ID word in
/// ("code" and "part" aside) between, and add up to a full number: 10–11 digits, or 10–13 after '+'.
extension PhoneDetector {
    /// The digit a letter stands for inside a digit group: O→0, I/l→1; B→8, S→5, Z→2 only
    /// before another character of the token ("1990s" keeps its s).
    @inline(__always) static func lookalike(_ v: UInt32, last: Bool) -> UInt8? {
        switch v {
        case 0x30...0x39: return UInt8(v)
        case 0x6F: return 0x30
        case 0x69, 0x6C: return 0x31
        case 0x62: return last ? nil : 0x38
        case 0x73: return last ? nil : 0x35
        case 0x7A: return last ? nil : 0x32
        default: return nil
        }
    }

    /// Digits of a token made of digits and spelled digits ("07nine00", "88two", "0sevenfive5"), or nil.
    func spelledDigits(_ t: NormalizedText, _ a: Int, _ b: Int) -> [UInt8]? {
        var out: [UInt8] = []
        var words = 0
        var k = a
        while k < b {
            let c = t.c[k]
            if CharClass.isDigit(c) {
                out.append(UInt8(c))
                k += 1
                continue
            }
            var found = false
            var len = min(7, b - k)
            while len >= 3 {
                if let v = numberWords[t.hash(k, k + len)], v < 10 {
                    out.append(0x30 + UInt8(v))
                    k += len
                    words += 1
                    found = true
                    break
                }
                len -= 1
            }
            if !found { return nil }
        }
        return words > 0 && out.count >= 3 ? out : nil
    }

    /// ID and unit words, which end a split number.
    static let splitBreakers = HashMap64(words: idWords.union(units))
    static let codeHash = NormalizedText.hash("code"), partHash = NormalizedText.hash("part")

    private struct SplitItem {
        var start: Int
        var end: Int
        var digits: Int
        var lead: Bool  // opens a number: 0…, a spelled zero, or a code after '+'
        var plus: Bool
        var wordsBefore: Int  // words in the gap before this item
    }

    /// Finds numbers split by words (see the type's summary).
    func detectSplit(_ t: NormalizedText, into hits: inout [Hit]) {
        var items: [SplitItem] = []
        var words = 0
        let n = t.count
        var i = 0
        func breakRun() {
            evaluateSplit(items, &hits)
            items.removeAll(keepingCapacity: true)
            words = 0
        }
        while i < n {
            let c = t.c[i]
            if CharClass.isAlnum(c) {
                var j = i
                var nd = 0
                while j < n && CharClass.isAlnum(t.c[j]) {
                    if CharClass.isDigit(t.c[j]) { nd += 1 }
                    j += 1
                }
                var digits: [UInt8]? = nil
                if nd == j - i {
                    digits = t.c[i..<j].map { UInt8($0) }
                } else if nd > 0 {
                    let mapped = (i..<j).map { PhoneDetector.lookalike(t.c[$0], last: $0 + 1 == j) }
                    digits = mapped.contains(nil) ? spelledDigits(t, i, j) : mapped.map { $0! }
                } else if j - i <= 7, let v = numberWords[t.hash(i, j)] {
                    digits = v < 10 ? [0x30 + UInt8(v)] : []
                }
                if let d = digits {
                    if !d.isEmpty {
                        if words > 5 { breakRun() }
                        // "2025-07-19", "19/07": a date glued by '-', '/' or '.' ends the run
                        if let last = items.last, last.end == i - 1, t[i - 1] == 0x2D || t[i - 1] == 0x2E,
                            (last.digits == 4 && d.count == 2) || (last.digits == 2 && (d.count == 2 || d.count == 4))
                        {
                            items.removeAll(keepingCapacity: true)
                            words = 0
                            i = j
                            continue
                        }
                        let plus = t[i - 1] == 0x2B || (t[i - 1] == 0x20 && t[i - 2] == 0x2B)
                        let glued = t[i - 1] == 0x2E || t[i - 1] == 0x3A || t[i - 1] == 0x2C || t[i - 1] == 0x2D
                        let lead = (plus && d.count <= 3) || (d[0] == 0x30 && (d.count >= 2 || nd == 0) && d.count <= 5 && !glued)
                        items.append(
                            SplitItem(
                                start: plus ? (t[i - 1] == 0x2B ? i - 1 : i - 2) : i, end: j, digits: d.count, lead: lead, plus: plus,
                                wordsBefore: words))
                        words = 0
                    }
                } else if nd > 0 {
                    breakRun()
                } else {
                    let h = t.hash(i, j)
                    // "+33 is the code, then …": a country code may be called a code
                    let code = (h == PhoneDetector.codeHash || h == PhoneDetector.partHash) && items.first?.lead == true
                    if !code && PhoneDetector.splitBreakers.contains(h) {
                        breakRun()
                    } else {
                        words += 1
                    }
                }
                i = j
                continue
            }
            switch c {
            case 0x3A, 0x25, 0x40, 0x24, 0xA3, 0x20AC, 0x2F, 0x21, 0x3F, 0x23, 0x3D:
                breakRun()
            case 0x2E where !CharClass.isAlnum(t[i + 1]):
                breakRun()
            default:
                if c >= 0x80 && CharClass.isWord(c) { breakRun() }
            }
            i += 1
        }
        breakRun()
    }

    private func evaluateSplit(_ items: [SplitItem], _ hits: inout [Hit]) {
        guard items.count >= 2 else { return }
        var k = 0
        while k < items.count {
            guard items[k].lead else {
                k += 1
                continue
            }
            let maxTotal = items[k].plus ? 13 : 11
            var total = 0
            var best = -1
            var worded = false
            var m = k
            while m < items.count {
                if m > k && items[m].wordsBefore > 0 { worded = true }
                total += items[m].digits
                if total > maxTotal { break }
                let closes = m + 1 == items.count || items[m + 1].wordsBefore > 0
                if total >= 10 && worded && closes {
                    best = m
                    break
                }
                m += 1
            }
            if best >= 0 {
                hits.append(Hit(category: .phone, start: items[k].start, end: items[best].end, priority: 2, rank: 1))
                k = best + 1
            } else {
                k += 1
            }
        }
    }
}
