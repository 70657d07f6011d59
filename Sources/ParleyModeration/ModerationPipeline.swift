import Foundation

/// The moderation pipeline: normalization → detectors → masking → policy.
///
/// Build it once (all lexicons are loaded in `init`), then call ``moderate(_:)`` from any
/// thread: it does no I/O and keeps no state.
public struct ModerationPipeline: Sendable {
    /// The configuration the pipeline was built with.
    public let configuration: ModerationConfiguration
    let lexicon: Lexicon
    let email: EmailDetector
    let url: URLDetector
    let handle: HandleDetector
    let phone: PhoneDetector
    let profanity: ProfanityDetector
    let solicitation: SolicitationDetector
    let prescan: FastScan

    /// Builds a pipeline, loading the bundled lexicons and `configuration.lexiconDirectory`.
    /// - Throws: ``ModerationError`` if a lexicon folder cannot be read.
    public init(configuration: ModerationConfiguration = .init()) throws {
        self.configuration = configuration
        let lex = try Lexicon.load(extraDirectory: configuration.lexiconDirectory)
        self.lexicon = lex
        self.email = EmailDetector()
        self.url = URLDetector()
        self.handle = HandleDetector()
        self.phone = PhoneDetector(numberWords: lex.numberWords)
        self.profanity = ProfanityDetector(lexicon: lex)
        self.solicitation = SolicitationDetector()
        self.prescan = FastScan(profanity: profanity, numberWords: lex.numberWords)
        _ = Confusables.table.offsets.count  // build the character table now, not on first use
    }

    /// Moderates one message. Pure: the same text always gives the same verdict.
    public func moderate(_ text: String) -> ModerationVerdict {
        if prescan.isClean(text) {
            return ModerationVerdict(text: text, action: .none, categories: [], findings: [], flagged: false)
        }
        return moderateFully(text)
    }

    /// The full pipeline without the fast pre-scan (used by tests to check the pre-scan).
    func moderateFully(_ text: String) -> ModerationVerdict {
        var work = ModerationWork()
        return moderateFully(text, work: &work)
    }

    /// The full pipeline, counting its steps in `work` (tests check that they grow linearly with the message).
    func moderateFully(_ text: String, work: inout ModerationWork) -> ModerationVerdict {
        let scalars = Normalizer.scalars(text)
        let t = Normalizer.normalize(scalars)
        var masked = detect(scalars, t, work: &work)
        var newText = text
        if !masked.isEmpty {
            let utf8 = Array(text.utf8)
            let offsets = Masker.byteOffsets(utf8)
            var (out, segments) = Masker.apply(utf8: utf8, offsets: offsets, scalars: scalars, masked)
            // Re-check the masked text until nothing new appears, so that moderating the
            // output again changes nothing (findings that only show once a neighbour is
            // masked are mapped back and merged).
            var rounds = 0
            while rounds < 3 {
                if prescan.isClean(out, maskingOnly: true) { break }
                let s2 = Normalizer.scalars(out)
                let extra = detect(s2, Normalizer.normalize(s2), work: &work)
                if extra.isEmpty { break }
                for f in extra {
                    let a = Masker.mapStart(f.start, segments), b = Masker.mapEnd(f.end, segments)
                    guard a < b else { continue }
                    ModerationPipeline.merge(ModerationFinding(category: f.category, start: a, end: b), into: &masked, work: &work)
                }
                (out, segments) = Masker.apply(utf8: utf8, offsets: offsets, scalars: scalars, masked)
                rounds += 1
            }
            newText = out
        }
        var soft: [Hit] = []
        solicitation.detect(t, into: &soft)
        var findings = masked
        for h in soft {
            let (s, e) = t.originalRange(h.start, h.end)
            findings.append(ModerationFinding(category: .solicitation, start: s, end: e))
        }
        findings.sort { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        let categories = Array(Set(findings.map(\.category))).sorted()
        return ModerationVerdict(
            text: newText, action: action(for: findings), categories: categories,
            findings: findings, flagged: !findings.isEmpty)
    }

    /// Merges `finding` into the sorted, disjoint `masked`: the findings it overlaps are absorbed into one
    /// span, which takes the category of the last of them. Binary search, so a long message with many
    /// findings stays linear.
    static func merge(_ finding: ModerationFinding, into masked: inout [ModerationFinding], work: inout ModerationWork) {
        work.placed += 1
        var lo = 0, hi = masked.count
        while lo < hi {
            work.placing += 1
            let mid = (lo + hi) / 2
            if masked[mid].end > finding.start { hi = mid } else { lo = mid + 1 }
        }
        var merged = finding
        var k = lo
        while k < masked.count && masked[k].start < merged.end {
            work.placing += 1
            let m = masked[k]
            merged = ModerationFinding(category: m.category, start: min(m.start, merged.start), end: max(m.end, merged.end))
            k += 1
        }
        masked.replaceSubrange(lo..<k, with: CollectionOfOne(merged))
    }

    /// Runs the masking detectors and resolves overlaps; returns sorted, disjoint findings
    /// in original scalar offsets.
    func detect(_ scalars: [Unicode.Scalar], _ t: NormalizedText, work: inout ModerationWork) -> [ModerationFinding] {
        work.scanned += t.count
        var hits: [Hit] = []
        email.detect(t, into: &hits)
        url.detect(t, into: &hits)
        handle.detect(t, into: &hits)
        phone.detect(t, into: &hits)
        profanity.detect(t, into: &hits)
        if hits.isEmpty { return [] }
        // resolve overlaps: lower priority value first, then earlier, then longer, then rank
        hits.sort { a, b in
            if a.priority != b.priority { return a.priority < b.priority }
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end > b.end }
            return a.rank < b.rank
        }
        var masked: [ModerationFinding] = []
        work.placed += hits.count
        for h in hits where h.end > h.start {
            let (s, e0) = t.originalRange(h.start, h.end)
            let e = Masker.extendEnd(scalars, e0)
            // `masked` stays sorted and disjoint: only the neighbours of the insertion point can overlap
            var lo = 0, hi = masked.count
            while lo < hi {
                work.placing += 1
                let mid = (lo + hi) / 2
                if masked[mid].start < s { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 && masked[lo - 1].end > s { continue }
            if lo < masked.count && masked[lo].start < e { continue }
            masked.insert(ModerationFinding(category: h.category, start: s, end: e), at: lo)
        }
        return masked
    }

    /// Applies the configured rules: block wins over hold wins over mask.
    func action(for findings: [ModerationFinding]) -> ModerationAction {
        var result = ModerationAction.none
        func rank(_ a: ModerationAction) -> Int {
            switch a {
            case .none: return 0
            case .masked: return 1
            case .held: return 2
            case .blocked: return 3
            }
        }
        for f in findings {
            let act: ModerationAction
            if f.category == .solicitation {
                switch configuration.rules[.solicitation] {
                case .block?: act = .blocked
                case .hold?: act = .held
                default: act = .none
                }
            } else {
                switch configuration.rules[f.category] ?? .mask {
                case .mask: act = .masked
                case .block: act = .blocked
                case .hold: act = .held
                }
            }
            if rank(act) > rank(result) { result = act }
        }
        return result
    }
}
