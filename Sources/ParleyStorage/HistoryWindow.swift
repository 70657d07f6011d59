/// Which slice of a conversation's history to read.
public enum HistoryWindow: Sendable, Equatable {
    /// The newest messages.
    case newest
    /// The messages just before this seq.
    case before(Int64)
    /// The messages just after this seq.
    case after(Int64)
    /// The messages strictly between two seqs, from the lower end: what a client fills a gap with.
    case between(after: Int64, before: Int64)
}
