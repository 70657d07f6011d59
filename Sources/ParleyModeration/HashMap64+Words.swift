/// Word sets looked up by the hash of a normalized span, so that the per-word tests of the
/// detectors need no `String`.
extension HashMap64 {
    /// A set of ASCII words, keyed by ``NormalizedText/hash(_:)``.
    init<S: Sequence>(words: S) where S.Element == String { self.init(set: words.map { NormalizedText.hash($0) }) }

    /// True if the normalized scalars `a..<b` of `t` spell one of the words.
    @inline(__always) func contains(_ t: NormalizedText, _ a: Int, _ b: Int) -> Bool { contains(t.hash(a, b)) }
}
