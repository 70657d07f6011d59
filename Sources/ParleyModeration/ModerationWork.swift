/// Work done by one full moderation, counted in steps rather than time, so that tests can check it grows
/// linearly with the message.
struct ModerationWork {
    /// Scalars read by the detection passes (the first one and every re-check).
    var scanned = 0
    /// Hits and findings placed: overlap resolution and merging of re-check findings.
    var placed = 0
    /// Steps spent placing them (binary-search probes and absorbed neighbours).
    var placing = 0
}
