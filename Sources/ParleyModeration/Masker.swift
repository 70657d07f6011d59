import Foundation

/// Replaces finding spans of the ORIGINAL text with placeholders, copying everything else
/// scalar for scalar (so byte for byte).
enum Masker {
    /// Placeholder for a category; profanity keeps the first letter of the word.
    static func placeholder(_ category: ModerationCategory, firstScalar: Unicode.Scalar) -> String {
        switch category {
        case .phone: return "[phone removed]"
        case .email: return "[email removed]"
        case .url: return "[link removed]"
        case .handle: return "[contact removed]"
        case .profanity: return String(Character(firstScalar)) + "***"
        default: return "[removed]"
        }
    }

    /// The placeholders as normalized scalars.
    static let placeholderScalars: [[UInt32]] = [
        "[phone removed]", "[email removed]", "[link removed]",
        "[contact removed]", "[removed]",
    ].map { $0.unicodeScalars.map(\.value) }

    /// End of a placeholder starting at normalized index `i`, or nil.
    static func placeholderEnd(_ t: NormalizedText, _ i: Int) -> Int? {
        outer: for p in placeholderScalars where i + p.count <= t.count {
            for k in 0..<p.count where t.c[i + k] != p[k] { continue outer }
            return i + p.count
        }
        return nil
    }

    /// True for scalars that belong to the preceding character (combining marks, variation
    /// selectors, the keycap mark, soft hyphen and zero-width joiners inside a span's tail).
    static func isTrailing(_ s: Unicode.Scalar) -> Bool {
        if s.value == 0x200D { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        case .format: return true
        default: return s.properties.isVariationSelector
        }
    }

    /// Extends `end` over trailing marks so no dangling combining mark or keycap is left.
    static func extendEnd(_ scalars: [Unicode.Scalar], _ end: Int) -> Int {
        var e = end
        while e < scalars.count && isTrailing(scalars[e]) { e += 1 }
        return e
    }

    /// A piece of the masked output: `out` range and the original range it stands for.
    struct Segment {
        var outStart: Int
        var outEnd: Int
        var origStart: Int
        var origEnd: Int
        var placeholder: Bool
    }

    /// UTF-8 byte offset of every scalar of `text` (plus the end).
    static func byteOffsets(_ utf8: [UInt8]) -> [Int] {
        var offs: [Int] = []
        offs.reserveCapacity(utf8.count + 1)
        for (i, b) in utf8.enumerated() where b & 0xC0 != 0x80 { offs.append(i) }
        offs.append(utf8.count)
        return offs
    }

    /// Builds the masked text and its segment map. `findings` must be sorted and disjoint.
    static func apply(_ scalars: [Unicode.Scalar], _ findings: [ModerationFinding]) -> (String, [Segment]) {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count * 2)
        var offs: [Int] = []
        offs.reserveCapacity(scalars.count + 1)
        for sc in scalars {
            offs.append(utf8.count)
            UTF8.encode(sc) { utf8.append($0) }
        }
        offs.append(utf8.count)
        return apply(utf8: utf8, offsets: offs, scalars: scalars, findings)
    }

    /// Same, copying the original UTF-8 bytes between findings.
    static func apply(utf8: [UInt8], offsets: [Int], scalars: [Unicode.Scalar], _ findings: [ModerationFinding]) -> (String, [Segment]) {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16 * findings.count)
        var segs: [Segment] = []
        var pos = 0
        var o = 0
        for f in findings {
            if f.start < pos { continue }
            if f.start > pos {
                out.append(contentsOf: utf8[offsets[pos]..<offsets[f.start]])
                segs.append(Segment(outStart: o, outEnd: o + f.start - pos, origStart: pos, origEnd: f.start, placeholder: false))
                o += f.start - pos
            }
            let ph = placeholder(f.category, firstScalar: scalars[f.start])
            out.append(contentsOf: ph.utf8)
            let phCount = ph.unicodeScalars.count
            segs.append(Segment(outStart: o, outEnd: o + phCount, origStart: f.start, origEnd: f.end, placeholder: true))
            o += phCount
            pos = f.end
        }
        if pos < scalars.count {
            out.append(contentsOf: utf8[offsets[pos]...])
            segs.append(Segment(outStart: o, outEnd: o + scalars.count - pos, origStart: pos, origEnd: scalars.count, placeholder: false))
        }
        return (String(decoding: out, as: UTF8.self), segs)
    }

    /// Index of the segment whose output range holds `a` (segments are contiguous and sorted), or nil.
    static func segment(at a: Int, _ segs: [Segment]) -> Int? {
        var lo = 0, hi = segs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segs[mid].outEnd <= a { lo = mid + 1 } else { hi = mid }
        }
        return lo < segs.count && a >= segs[lo].outStart ? lo : nil
    }

    /// Original offset for output offset `a` (start of a span).
    static func mapStart(_ a: Int, _ segs: [Segment]) -> Int {
        guard let k = segment(at: a, segs) else { return segs.last?.origEnd ?? 0 }
        let s = segs[k]
        return s.placeholder ? s.origStart : s.origStart + (a - s.outStart)
    }

    /// Original offset for output offset `b` (exclusive end of a span).
    static func mapEnd(_ b: Int, _ segs: [Segment]) -> Int {
        guard let k = segment(at: b - 1, segs) else { return segs.last?.origEnd ?? 0 }
        let s = segs[k]
        return s.placeholder ? s.origEnd : s.origStart + (b - s.outStart)
    }
}
