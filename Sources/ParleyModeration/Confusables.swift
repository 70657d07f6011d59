import Foundation

/// Static character tables used by the normalizer: look-alike letters folded to Latin,
/// and a lazily built per-scalar mapping for the Basic Multilingual Plane and the
/// mathematical alphanumeric block.
enum Confusables {
    /// Look-alike letters (Cyrillic, Greek, Armenian, small capitals, misc) → ASCII.
    static let fold: [UInt32: String] = {
        let pairs: [(String, String)] = [
            // Cyrillic
            ("а", "a"), ("в", "b"), ("е", "e"), ("ё", "e"), ("к", "k"), ("м", "m"), ("н", "h"),
            ("о", "o"), ("р", "p"), ("с", "c"), ("т", "t"), ("у", "y"), ("х", "x"), ("ѕ", "s"),
            ("і", "i"), ("ї", "i"), ("ј", "j"), ("ԁ", "d"), ("ԛ", "q"), ("ԝ", "w"), ("һ", "h"),
            ("ӏ", "l"), ("ь", "b"), ("ɡ", "g"), ("ʏ", "y"), ("ӧ", "o"), ("ӓ", "a"), ("ӱ", "y"),
            ("А", "a"), ("В", "b"), ("Е", "e"), ("К", "k"), ("М", "m"), ("Н", "h"), ("О", "o"),
            ("Р", "p"), ("С", "c"), ("Т", "t"), ("У", "y"), ("Х", "x"), ("Ѕ", "s"), ("І", "i"),
            ("Ј", "j"), ("Ԁ", "d"), ("Ӏ", "l"), ("Ь", "b"),
            // Greek
            ("α", "a"), ("β", "b"), ("ε", "e"), ("η", "n"), ("ι", "i"), ("κ", "k"), ("ν", "v"),
            ("ο", "o"), ("ρ", "p"), ("τ", "t"), ("υ", "u"), ("χ", "x"), ("ω", "w"), ("μ", "m"),
            ("ζ", "z"), ("ς", "s"), ("Α", "a"), ("Β", "b"), ("Ε", "e"), ("Ζ", "z"), ("Η", "h"),
            ("Ι", "i"), ("Κ", "k"), ("Μ", "m"), ("Ν", "n"), ("Ο", "o"), ("Ρ", "p"), ("Τ", "t"),
            ("Υ", "y"), ("Χ", "x"),
            // Armenian
            ("ց", "g"), ("օ", "o"), ("ս", "u"), ("ո", "n"), ("հ", "h"),
            // small capitals and modifier letters
            ("ᴀ", "a"), ("ʙ", "b"), ("ᴄ", "c"), ("ᴅ", "d"), ("ᴇ", "e"), ("ꜰ", "f"), ("ɢ", "g"),
            ("ʜ", "h"), ("ɪ", "i"), ("ᴊ", "j"), ("ᴋ", "k"), ("ʟ", "l"), ("ᴍ", "m"), ("ɴ", "n"),
            ("ᴏ", "o"), ("ᴘ", "p"), ("ʀ", "r"), ("ꜱ", "s"), ("ᴛ", "t"), ("ᴜ", "u"), ("ᴠ", "v"),
            ("ᴡ", "w"), ("ᴢ", "z"), ("ǫ", "q"), ("ʏ", "y"),
            // misc Latin
            ("ı", "i"), ("ȷ", "j"), ("ℓ", "l"), ("ß", "ss"), ("ẞ", "ss"), ("ø", "o"), ("Ø", "o"),
            ("đ", "d"), ("Đ", "d"), ("ƒ", "f"), ("ɑ", "a"), ("ɩ", "i"), ("ɛ", "e"), ("ǝ", "e"), ("ɾ", "r"), ("ʋ", "u"), ("ł", "l"), ("Ł", "l"),
            ("æ", "ae"), ("œ", "oe"), ("þ", "th"),
            // dashes and quotes that matter for separators
            ("‐", "-"), ("‑", "-"), ("‒", "-"), ("–", "-"), ("—", "-"), ("―", "-"), ("−", "-"),
            ("‘", "'"), ("’", "'"), ("＂", "\""), ("。", "."), ("｡", "."),
        ]
        var d: [UInt32: String] = [:]
        for (k, v) in pairs { d[k.unicodeScalars.first!.value] = v }
        return d
    }()

    /// Flat table: for scalar `u` below `tableLimit` (or in the math block), the
    /// normalized scalars are `tableData[tableOffsets[i] ..< tableOffsets[i + 1]]`.
    static let table: (offsets: [Int32], data: [UInt32]) = buildTable()

    static let mathStart: UInt32 = 0x1D400
    static let mathEnd: UInt32 = 0x1D800
    static let bmpEnd: UInt32 = 0x10000

    private static func index(_ u: UInt32) -> Int? {
        if u < bmpEnd { return Int(u) }
        if u >= mathStart && u < mathEnd { return Int(bmpEnd + (u - mathStart)) }
        return nil
    }

    /// Appends the normalized form of scalar `u` (non-ASCII) to `out`.
    @inline(__always)
    static func normalize(_ u: UInt32, into out: inout [UInt32]) {
        if let i = index(u) {
            let t = table
            let a = Int(t.offsets[i]), b = Int(t.offsets[i + 1])
            var k = a
            while k < b {
                out.append(t.data[k])
                k += 1
            }
        } else {
            guard let sc = Unicode.Scalar(u) else { return }
            let p = sc.properties
            switch p.generalCategory {
            case .format, .nonspacingMark, .enclosingMark, .control, .spacingMark: return
            case .decimalNumber:
                if let v = p.numericValue {
                    out.append(0x30 + UInt32(v))
                    return
                }
            default: break
            }
            if p.isVariationSelector { return }
            out.append(u)
        }
    }

    private static func computeOne(_ u: UInt32) -> [UInt32] {
        guard let sc = Unicode.Scalar(u) else { return [] }
        if u < 0x80 {
            if u >= 0x41 && u <= 0x5A { return [u + 32] }
            if u == 0x09 || u == 0x0A || u == 0x0D { return [0x20] }
            if u < 0x20 || u == 0x7F { return [] }
            return [u]
        }
        let p = sc.properties
        switch p.generalCategory {
        case .format, .nonspacingMark, .enclosingMark, .control, .spacingMark, .surrogate,
            .privateUse, .unassigned:
            return p.generalCategory == .privateUse ? [u] : []
        default: break
        }
        if p.isVariationSelector { return [] }
        if p.isWhitespace { return [0x20] }
        if p.generalCategory == .decimalNumber, let v = p.numericValue { return [0x30 + UInt32(v)] }
        if let f = fold[u] { return f.unicodeScalars.map { $0.value } }
        // CJK ideographs and Hangul syllables stay as they are.
        if (u >= 0x3400 && u < 0xA000) || (u >= 0xAC00 && u < 0xD7A4) { return [u] }
        let decomposed = String(Character(sc)).decomposedStringWithCompatibilityMapping
        var out: [UInt32] = []
        for s in decomposed.unicodeScalars {
            let q = s.properties
            switch q.generalCategory {
            case .format, .nonspacingMark, .enclosingMark, .control, .spacingMark: continue
            default: break
            }
            if q.isWhitespace {
                out.append(0x20)
                continue
            }
            if q.generalCategory == .decimalNumber, let v = q.numericValue {
                out.append(0x30 + UInt32(v))
                continue
            }
            if let f = fold[s.value] {
                out.append(contentsOf: f.unicodeScalars.map { $0.value })
                continue
            }
            let lower = q.lowercaseMapping.unicodeScalars
            for l in lower {
                if let f = fold[l.value] { out.append(contentsOf: f.unicodeScalars.map { $0.value }) } else { out.append(l.value) }
            }
        }
        return out
    }

    private static func buildTable() -> (offsets: [Int32], data: [UInt32]) {
        let count = Int(bmpEnd) + Int(mathEnd - mathStart)
        var offsets = [Int32](repeating: 0, count: count + 1)
        var data: [UInt32] = []
        data.reserveCapacity(count + 8192)
        for i in 0..<count {
            offsets[i] = Int32(data.count)
            let u: UInt32 = i < Int(bmpEnd) ? UInt32(i) : mathStart + UInt32(i - Int(bmpEnd))
            if u >= 0xD800 && u < 0xE000 { continue }
            data.append(contentsOf: computeOne(u))
        }
        offsets[count] = Int32(data.count)
        return (offsets, data)
    }
}
