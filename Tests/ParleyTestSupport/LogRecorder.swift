public import Logging
import Synchronization

/// Captures what a component logs, so a test can check that a failure was reported (tests never bootstrap logging).
public final class LogRecorder: Sendable {
    /// One captured entry.
    public struct Entry: Sendable {
        /// The entry's level.
        public var level: Logger.Level
        /// The message.
        public var message: String
    }

    let captured = Mutex<[Entry]>([])

    /// An empty recorder.
    public init() {}

    /// A logger that records every entry of `level` and above into this recorder.
    ///
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - level: The lowest level recorded.
    public func logger(_ label: String, level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: label) { _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// Every entry so far, oldest first.
    public var entries: [Entry] { self.captured.withLock { $0 } }

    /// How many entries have exactly this message.
    ///
    /// - Parameter message: The message text.
    public func count(_ message: String) -> Int {
        self.captured.withLock { $0.count { $0.message == message } }
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let entry = Entry(level: event.level, message: event.message.description)
            self.recorder.captured.withLock { $0.append(entry) }
        }
    }
}
